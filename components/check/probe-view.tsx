import Link from "next/link";
import type { ProbeReport } from "@/lib/check/probe";

// "Check my kernel": what an uploaded kernel BTF has and lacks against the release it claims to be
// (or the ingested release it resembles most). No data access here.

export function ProbeView({ report }: { report: ProbeReport }) {
  const link = (name: string) => (
    <Link href={`/kfuncs/${name}`} className="font-mono text-sky-700 underline dark:text-sky-400">
      {name}
    </Link>
  );
  return (
    <div className="space-y-6" data-testid="probe-report">
      <section
        aria-label="Kernel"
        className="space-y-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      >
        <p className="text-lg font-semibold">
          {report.kernel.label}: compared with {report.comparedWith}
        </p>
        <p className="text-sm">
          It has {report.has.length} of the catalog's kfuncs and lacks {report.lacks.length} that{" "}
          {report.comparedWith} has; {report.extra.length} of its kfuncs are not in {report.comparedWith};{" "}
          {report.prototypeDiffers.length} prototype{report.prototypeDiffers.length === 1 ? "" : "s"} differ.
        </p>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {report.kernel.taggedKfuncs} kfuncs are tagged in its BTF. Nearest ingested releases:{" "}
          {report.nearest.map((n) => `${n.release} (${Math.round(n.similarity * 100)}% alike)`).join(", ")}.
          {report.kernel.claimed && report.kernel.claimed !== report.comparedWith
            ? ` It claims ${report.kernel.claimed}, which the catalog does not cover.`
            : ""}
        </p>
      </section>
      <List title={`Lacks (in ${report.comparedWith}, not in this kernel)`} empty="Nothing.">
        {report.lacks.map((l) => (
          <li key={l.name}>
            {link(l.name)}
            {l.modules ? (
              <span className="text-zinc-500">
                {" "}
                — in module {l.modules.join(", ")}: only its BTF was not sent
              </span>
            ) : null}
          </li>
        ))}
      </List>
      <List
        title={`Extra (in this kernel, not in ${report.comparedWith}): backports or out-of-tree`}
        empty="Nothing."
      >
        {report.extra.map((e) => (
          <li key={e.name}>
            {e.known ? link(e.name) : <span className="font-mono">{e.name}</span>}
            {e.known ? null : <span className="text-zinc-500"> — not in the catalog</span>}
          </li>
        ))}
      </List>
      <List title="Prototypes that differ" empty="None.">
        {report.prototypeDiffers.map((p) => (
          <li key={p.name} className="space-y-0.5">
            {link(p.name)}: {p.reason}
            <code className="block break-all font-mono text-xs">this kernel: {p.kernel}</code>
            <code className="block break-all font-mono text-xs">
              {report.comparedWith}: {p.release}
            </code>
          </li>
        ))}
      </List>
    </div>
  );
}

function List({ title, empty, children }: { title: string; empty: string; children: React.ReactNode[] }) {
  return (
    <section className="space-y-2">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children.length ? (
        <ul className="columns-1 space-y-1 text-sm sm:columns-2 lg:columns-3">{children}</ul>
      ) : (
        <p className="text-sm">{empty}</p>
      )}
    </section>
  );
}
