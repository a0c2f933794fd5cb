import { DataTable } from "@/components/ui/data-table";
import { progTypeLabel } from "@/lib/kernel/prog-types";
import type { KfuncPresence } from "@/lib/kfunc/get-kfunc";
import { comparePresence } from "@/lib/releases/compare";
import { PrototypeDiff } from "../prototype-diff";

const list = (values: string[], empty = "—") =>
  values.length ? values.map(progTypeLabel).join(" | ") : empty;

/** The kfunc in each ingested release: prototype (diffed against the previous one), flags,
 * program types, sets, config guards and where it was read from. */
export function ReleaseHistory({
  presences,
  absentFrom,
  notInBuild,
}: {
  presences: KfuncPresence[];
  absentFrom: string[];
  notInBuild: string[];
}) {
  return (
    <DataTable
      caption={"The kfunc in each ingested release"}
      columns={["Release", "Prototype", "KF flags", "Program types", "Guards · source"]}
      minWidth="min-w-[760px]"
    >
      {presences.map((p, i) => {
        const previous = presences[i - 1];
        const changed = previous
          ? comparePresence(previous, p, {
              before: { tag: previous.release, evidence: previous.evidence },
              after: { tag: p.release, evidence: p.evidence },
            }).prototype
          : undefined;
        const btf = !p.evidence.knowsFlags;
        return (
          <tr key={p.release} className="border-t border-zinc-100 align-top dark:border-zinc-800">
            <th scope="row" className="whitespace-nowrap px-3 py-2 font-mono">
              {p.release}
              <span className="block text-[11px] font-normal text-zinc-500">✓ present</span>
              {p.seenIn.length ? (
                <span className="block text-[11px] font-normal text-zinc-500">
                  {p.seenIn.includes("vmlinux") ? "in vmlinux" : `in module ${p.seenIn.join(", ")}`}
                </span>
              ) : null}
            </th>
            <td className="px-3 py-2">
              {changed && previous ? (
                <>
                  <span className="mb-1 block text-xs font-semibold text-violet-700 dark:text-violet-400">
                    ◆ changed since {previous.release}
                  </span>
                  <PrototypeDiff before={changed.before} after={changed.after} />
                </>
              ) : (
                <code className="block whitespace-pre-wrap break-words font-mono text-xs">
                  {p.prototype ?? "—"}
                </code>
              )}
              {p.btfTags.length ? (
                <span className="mt-1 block text-xs text-zinc-500">BTF tags: {p.btfTags.join(", ")}</span>
              ) : null}
            </td>
            <td className="px-3 py-2 font-mono text-xs">
              {btf ? <span className="text-zinc-500">not in BTF</span> : list(p.flags, "none")}
            </td>
            <td className="px-3 py-2 font-mono text-xs">
              {btf ? <span className="text-zinc-500">not in BTF</span> : list(p.progTypes)}
              {p.sets.some((s) => s.filtered) ? (
                <span className="mt-1 block text-zinc-500">narrowed by a .filter</span>
              ) : null}
              {p.sets.length > 1 ? (
                <details className="mt-1">
                  <summary className="cursor-pointer text-zinc-500">{p.sets.length} sets</summary>
                  <ul className="mt-1 space-y-1">
                    {p.sets.map((s) => (
                      <li key={`${s.name}-${s.file}-${s.line}`}>
                        {s.name}: {list(s.flags, "no flags")} · {list(s.progTypes)}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </td>
            <td className="px-3 py-2 text-xs">
              <span className="block font-mono">{p.guards.join(", ") || "no config guard"}</span>
              <span className="block text-zinc-500">
                {p.sourceFile ? `${p.sourceFile}:${p.sourceLine ?? ""} · ` : ""}
                {p.origin}
              </span>
            </td>
          </tr>
        );
      })}
      {absentFrom.map((tag) => (
        <tr key={tag} className="border-t border-zinc-100 dark:border-zinc-800">
          <th scope="row" className="px-3 py-2 font-mono">
            {tag}
            <span className="block text-[11px] font-normal text-zinc-500">
              {notInBuild.includes(tag) ? "– not in this build" : "✕ absent"}
            </span>
          </th>
          <td className="px-3 py-2 text-xs text-zinc-500" colSpan={4}>
            {notInBuild.includes(tag)
              ? "Not in this release's BTF: one build of one configuration, so it may only be configured out."
              : "Not in this release's source tree."}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
