import { cn } from "@/components/cn";
import { KfuncLink } from "@/components/kfunc-link";
import { ageWords, type DeprecationGroup } from "@/lib/governance/queue";

/** A cell's column name, shown only where the table stacks into cards (phones). */
function Label({ children }: { children: React.ReactNode }) {
  return <span className="text-xs text-zinc-500 sm:hidden">{children}</span>;
}

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
                ({group.count}
                {group.overdue ? `, ${group.overdue} overdue` : ""})
              </span>
            </h3>
            <div className="sm:overflow-x-auto">
              {/* On a phone each row stacks into a card, every cell labelled; a table from sm up. */}
              <table className="w-full text-left text-sm max-sm:block sm:min-w-[40rem] sm:table-fixed">
                <caption className="sr-only">{group.title}</caption>
                <thead className="border-b border-zinc-200 text-xs text-zinc-500 max-sm:sr-only dark:border-zinc-800">
                  <tr>
                    <th scope="col" className="w-[30%] py-1 pr-3 font-medium">
                      kfunc
                    </th>
                    <th scope="col" className="w-[28%] py-1 pr-3 font-medium">
                      Replacement
                    </th>
                    <th scope="col" className="w-[17%] py-1 pr-3 font-medium">
                      Deprecated since
                    </th>
                    <th scope="col" className="w-[9%] py-1 pr-3 text-right font-medium">
                      Dependents
                    </th>
                    <th scope="col" className="py-1 font-medium">
                      Removal
                    </th>
                  </tr>
                </thead>
                <tbody className="max-sm:block">
                  {group.items.map((k) => (
                    <tr
                      key={k.name}
                      className={cn(
                        "border-b border-zinc-100 align-top max-sm:block max-sm:px-1 max-sm:py-2 dark:border-zinc-900",
                        k.overdueIn && "bg-red-50 dark:bg-red-950/40",
                      )}
                    >
                      <th scope="row" className="py-1.5 pr-3 font-normal max-sm:block max-sm:py-0">
                        <KfuncLink name={k.name} />
                      </th>
                      <td className="py-1.5 pr-3 max-sm:block max-sm:py-0">
                        <Label>Replacement: </Label>
                        {k.replacement ? (
                          <KfuncLink name={k.replacement} />
                        ) : (
                          <span className="text-zinc-500">none named</span>
                        )}
                      </td>
                      <td className="py-1.5 pr-3 max-sm:block max-sm:py-0">
                        <Label>Deprecated since: </Label>
                        {k.deprecatedIn ? (
                          <span className="font-mono">{k.deprecatedIn}</span>
                        ) : (
                          "unknown release"
                        )}
                        <span className="block text-xs text-zinc-500 max-sm:inline max-sm:before:content-['_·_']">
                          {ageWords(k.age)}
                        </span>
                      </td>
                      <td className="py-1.5 pr-3 text-right tabular-nums max-sm:block max-sm:py-0 max-sm:text-left">
                        <Label>Dependents: </Label>
                        {k.dependents}
                      </td>
                      <td className="py-1.5 max-sm:block max-sm:py-0">
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
