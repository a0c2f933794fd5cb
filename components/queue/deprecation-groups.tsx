import { cn } from "@/components/cn";
import { KfuncLink } from "@/components/kfunc-link";
import { type DeprecationGroup, durationWords } from "@/lib/governance/queue";

/** The deprecation queue: one table per removal release, overdue rows marked in words and colour. */
export function DeprecationGroups({ groups }: { groups: DeprecationGroup[] }) {
  return (
    <div className="space-y-5">
      {groups.map((group) => {
        const id = `removal-${group.removal ?? "none"}`;
        return (
          <section key={id} aria-labelledby={id} className="space-y-2">
            <h3 id={id} className="font-semibold">
              {group.title}{" "}
              <span className="text-sm font-normal text-zinc-500">
                ({group.items.length}
                {group.overdue ? `, ${group.overdue} overdue` : ""})
              </span>
            </h3>
            <div className="overflow-x-auto">
              <table className="w-full min-w-[36rem] text-left text-sm">
                <caption className="sr-only">{group.title}</caption>
                <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800">
                  <tr>
                    <th scope="col" className="py-1 pr-3 font-medium">
                      kfunc
                    </th>
                    <th scope="col" className="py-1 pr-3 font-medium">
                      Replacement
                    </th>
                    <th scope="col" className="py-1 pr-3 font-medium">
                      Deprecated since
                    </th>
                    <th scope="col" className="py-1 pr-3 text-right font-medium">
                      Dependents
                    </th>
                    <th scope="col" className="py-1 font-medium">
                      Removal
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {group.items.map((k) => (
                    <tr
                      key={k.name}
                      className={cn(
                        "border-b border-zinc-100 align-top dark:border-zinc-900",
                        k.overdueIn && "bg-red-50 dark:bg-red-950/40",
                      )}
                    >
                      <th scope="row" className="py-1.5 pr-3 font-normal">
                        <KfuncLink name={k.name} />
                      </th>
                      <td className="py-1.5 pr-3">
                        {k.replacement ? (
                          <KfuncLink name={k.replacement} />
                        ) : (
                          <span className="text-zinc-500">none named</span>
                        )}
                      </td>
                      <td className="py-1.5 pr-3">
                        {k.deprecatedIn ? (
                          <span className="font-mono">{k.deprecatedIn}</span>
                        ) : (
                          "unknown release"
                        )}
                        <span className="block text-xs text-zinc-500">
                          {k.age.releases} release{k.age.releases === 1 ? "" : "s"} since
                          {k.age.days !== null ? `, ${durationWords(k.age.days)}` : ""}
                        </span>
                      </td>
                      <td className="py-1.5 pr-3 text-right tabular-nums">{k.dependents}</td>
                      <td className="py-1.5">
                        {k.overdueIn ? (
                          <span className="font-medium text-red-800 dark:text-red-300">
                            <span aria-hidden="true">⚠ </span>Overdue: still in{" "}
                            <span className="font-mono">{k.overdueIn}</span>
                          </span>
                        ) : k.removalEarliest ? (
                          <span>
                            Pending, from <span className="font-mono">{k.removalEarliest}</span>
                          </span>
                        ) : (
                          <span className="text-zinc-500">not scheduled</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </div>
  );
}
