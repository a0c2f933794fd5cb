import Link from "next/link";
import {
  type CheckReport,
  describeReleases,
  type KfuncCheck,
  type KfuncReleaseCheck,
} from "@/lib/check/report";
import { STATE_LABELS } from "@/lib/lifecycle/states";
import { cn } from "../cn";
import { StateBadge } from "../state-badge";
import { ScrollEnd } from "../ui/scroll-end";

// A portability report: the verdict first, then the kfuncs in pluto's columns with what is wrong
// with each, then the kfunc × release grid that shows where each one stops the load. Renders on
// the server (names in the URL) and in the browser (an uploaded object): no data access here.

const VERDICT_STYLE = {
  pass: "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100",
  fail: "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
  unknown:
    "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100",
} as const;

const VERDICT_WORD = { pass: "✓ Loads", fail: "✕ Fails", unknown: "? Not settled" } as const;

export function ReportView({ report }: { report: CheckReport }) {
  const { summary } = report;
  const columns = report.releases.map((r) => ({ tag: r.release, evidence: null }));
  const span = (tags: string[]) => describeReleases(tags, columns);
  return (
    <div className="space-y-6" data-testid="check-report">
      <section
        aria-label="Verdict"
        className={cn("space-y-2 rounded-lg border p-4", VERDICT_STYLE[summary.target.verdict])}
      >
        <p className="text-lg font-semibold">
          {VERDICT_WORD[summary.target.verdict]} — target {summary.target.description}
        </p>
        <p className="text-sm">{summary.headline}</p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="font-medium">Loads on</dt>
          <dd>
            {span(summary.loadsOn) || "none of the releases checked"}
            {summary.minRelease ? ` (oldest confirmed: ${summary.minRelease})` : ""}
          </dd>
          {summary.failsOn.length ? (
            <>
              <dt className="font-medium">Fails on</dt>
              <dd>{span(summary.failsOn)}</dd>
            </>
          ) : null}
          {summary.unknownOn.length ? (
            <>
              <dt className="font-medium">Not settled</dt>
              <dd>{span(summary.unknownOn)} (not ingested, and the releases around them do not settle it)</dd>
            </>
          ) : null}
          <dt className="font-medium">In CI</dt>
          <dd>
            <code className="font-mono">kfunc check</code> exits {summary.exitCode}
            {summary.exitCode === 3
              ? summary.target.verdict === "unknown"
                ? " (the target is not settled: a check fails closed)"
                : " (fails on the target)"
              : summary.exitCode === 2
                ? " (uses deprecated or removed optional kfuncs)"
                : " (ok)"}
          </dd>
        </dl>
      </section>

      {report.input.programs.length ? <Programs report={report} /> : null}

      <section aria-labelledby="kfuncs-heading" className="space-y-2">
        <h2 id="kfuncs-heading" className="text-lg font-semibold">
          {report.kfuncs.length} kfunc{report.kfuncs.length === 1 ? "" : "s"} referenced
        </h2>
        <div className="relative overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-sm">
            <caption className="sr-only">
              kfuncs the program references, with their state and where they are missing
            </caption>
            <thead className="bg-zinc-50 text-left text-xs uppercase tracking-wide text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-3 py-2">
                  kfunc
                </th>
                <th scope="col" className="px-3 py-2">
                  State
                </th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                  Replacement
                </th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                  Deprecated in
                </th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                  Removed in
                </th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                  Missing on
                </th>
              </tr>
            </thead>
            <tbody>
              {report.kfuncs.map((k) => (
                <KfuncRows key={k.symbol} kfunc={k} missing={span(k.missingOn)} />
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <ReleaseGrid report={report} />
    </div>
  );
}

function KfuncRows({ kfunc, missing }: { kfunc: KfuncCheck; missing: string }) {
  const shown = kfunc.warnings.filter((w) => w.code !== "unstable");
  return (
    <>
      <tr className="border-t border-zinc-200 align-top dark:border-zinc-800">
        <th scope="row" className="px-3 py-2 text-left font-normal">
          {kfunc.known ? (
            <Link
              href={`/kfuncs/${kfunc.name}`}
              className="break-all font-mono text-sky-700 underline dark:text-sky-400"
            >
              {kfunc.symbol}
            </Link>
          ) : (
            <span className="break-all font-mono">{kfunc.symbol}</span>
          )}
          {kfunc.weak ? <span className="text-xs text-zinc-500"> (weak)</span> : null}
          {kfunc.progTypes.length ? (
            <span className="block text-xs text-zinc-500">called by {kfunc.progTypes.join(", ")}</span>
          ) : null}
          {/* On a phone the columns below are folded into one line here. */}
          <span className="block font-mono text-xs text-zinc-600 sm:hidden dark:text-zinc-400">
            {[
              kfunc.replacement && `→ ${kfunc.replacement}`,
              kfunc.deprecatedIn && `deprecated ${kfunc.deprecatedIn}`,
              kfunc.removedIn && `removed ${kfunc.removedIn}`,
              missing && `missing on ${missing}`,
            ]
              .filter(Boolean)
              .join(" · ")}
          </span>
        </th>
        <td className="px-3 py-2">
          {kfunc.state ? <StateBadge state={kfunc.state} /> : <span className="text-xs">not in catalog</span>}
        </td>
        <td className="hidden px-3 py-2 font-mono text-xs sm:table-cell">
          {kfunc.replacement ? (
            <Link href={`/kfuncs/${kfunc.replacement}`} className="text-sky-700 underline dark:text-sky-400">
              {kfunc.replacement}
            </Link>
          ) : (
            "–"
          )}
        </td>
        <td className="hidden px-3 py-2 font-mono text-xs sm:table-cell">{kfunc.deprecatedIn ?? "–"}</td>
        <td className="hidden px-3 py-2 font-mono text-xs sm:table-cell">{kfunc.removedIn ?? "–"}</td>
        <td className="hidden px-3 py-2 font-mono text-xs sm:table-cell">{missing || "–"}</td>
      </tr>
      {shown.length ? (
        <tr>
          <td colSpan={6} className="px-3 pb-3">
            <ul className="space-y-1 text-xs">
              {shown.map((w) => (
                <li
                  key={w.code}
                  className={cn(
                    "rounded px-2 py-1",
                    w.severity === "error" && "bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-100",
                    w.severity === "warning" &&
                      "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100",
                    w.severity === "info" && "text-zinc-600 dark:text-zinc-400",
                  )}
                >
                  <span className="font-semibold">
                    {w.severity === "info" ? "Note" : w.severity === "error" ? "Error" : "Warning"}:
                  </span>{" "}
                  {w.message}
                </li>
              ))}
            </ul>
          </td>
        </tr>
      ) : null}
    </>
  );
}

function Programs({ report }: { report: CheckReport }) {
  return (
    <section aria-labelledby="programs-heading" className="space-y-2">
      <h2 id="programs-heading" className="text-lg font-semibold">
        {report.input.programs.length} program{report.input.programs.length === 1 ? "" : "s"} in{" "}
        {report.input.label}
      </h2>
      <div className="relative overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-sm">
          <caption className="sr-only">
            Programs in the object, their section and type, and the kfuncs each calls
          </caption>
          <thead className="bg-zinc-50 text-left text-xs uppercase tracking-wide text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-3 py-2">
                Program
              </th>
              <th scope="col" className="px-3 py-2">
                Section
              </th>
              <th scope="col" className="px-3 py-2">
                Type
              </th>
              <th scope="col" className="px-3 py-2">
                kfuncs it calls
              </th>
            </tr>
          </thead>
          <tbody>
            {report.input.programs.map((p) => (
              <tr
                key={`${p.section}/${p.name}`}
                className="border-t border-zinc-200 align-top dark:border-zinc-800"
              >
                <th scope="row" className="px-3 py-2 text-left font-mono font-normal">
                  {p.name}
                </th>
                <td className="break-all px-3 py-2 font-mono text-xs">{p.section}</td>
                <td className="px-3 py-2 font-mono text-xs">{p.progType ?? "unknown"}</td>
                <td className="px-3 py-2 font-mono text-xs">{p.kfuncs.join(", ") || "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const CELL: Record<KfuncReleaseCheck["verdict"], { glyph: string; label: string; className: string }> = {
  ok: { glyph: "✓", label: "loads", className: "text-emerald-700 dark:text-emerald-400" },
  "optional-missing": {
    glyph: "○",
    label: "missing, but weak: loads without it",
    className: "text-zinc-500",
  },
  fails: {
    glyph: "✕",
    label: "stops the load",
    className: "font-bold text-red-700 dark:text-red-300",
  },
  unknown: { glyph: "?", label: "not known", className: "text-amber-700 dark:text-amber-400" },
};

function ReleaseGrid({ report }: { report: CheckReport }) {
  return (
    <section aria-labelledby="grid-heading" className="space-y-2">
      <h2 id="grid-heading" className="text-lg font-semibold">
        Release by release
      </h2>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        ✓ loads · ○ missing but declared __weak · ✕ stops the load (hover or focus a cell for why) · ? not
        known. Releases in italics were not ingested: what they show is inferred from their neighbours.
      </p>
      <ScrollEnd
        label="kfuncs by release"
        className="relative overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800"
      >
        <table className="text-xs">
          <caption className="sr-only">Whether each kfunc lets the program load on each release</caption>
          <thead>
            <tr>
              <th scope="col" className="sticky left-0 bg-white px-2 py-1 text-left dark:bg-zinc-950">
                kfunc
              </th>
              {report.releases.map((r) => (
                <th
                  key={r.release}
                  scope="col"
                  className={cn("px-1 py-1 font-mono font-medium", !r.ingested && "italic text-zinc-500")}
                >
                  {r.release}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.kfuncs.map((k) => (
              <tr key={k.symbol} className="border-t border-zinc-100 dark:border-zinc-800">
                <th
                  scope="row"
                  className="sticky left-0 max-w-48 truncate bg-white px-2 py-1 text-left font-mono font-normal dark:bg-zinc-950"
                >
                  {k.symbol}
                </th>
                {k.releases.map((r) => {
                  const cell = CELL[r.verdict];
                  const why = r.reason ?? cell.label;
                  return (
                    <td
                      key={r.release}
                      title={`${r.release}: ${why}${r.state ? ` (${STATE_LABELS[r.state].toLowerCase()} then)` : ""}`}
                      className={cn(
                        "min-w-9 px-1 py-1 text-center font-mono",
                        // The background is the lifecycle state at that release, as in the matrix.
                        r.state && `mx-${r.state}`,
                        cell.className,
                      )}
                    >
                      <span aria-hidden="true">{cell.glyph}</span>
                      <span className="sr-only">{`${r.release}: ${why}${r.state ? `, ${STATE_LABELS[r.state].toLowerCase()}` : ""}`}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr className="border-t-2 border-zinc-300 font-semibold dark:border-zinc-700">
              <th scope="row" className="sticky left-0 bg-white px-2 py-1 text-left dark:bg-zinc-950">
                program
              </th>
              {report.releases.map((r) => (
                <td
                  key={r.release}
                  className={cn(
                    "px-1 py-1 text-center",
                    r.verdict === "loads" && "text-emerald-700 dark:text-emerald-400",
                    r.verdict === "fails" && "text-red-700 dark:text-red-400",
                    r.verdict === "unknown" && "text-amber-700 dark:text-amber-400",
                  )}
                >
                  {r.verdict === "loads" ? "✓" : r.verdict === "fails" ? "✕" : "?"}
                  <span className="sr-only">{` ${r.release}: ${r.verdict}`}</span>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </ScrollEnd>
    </section>
  );
}
