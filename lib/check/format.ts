import type { ProbeReport } from "./probe";
import { type CheckReport, describeReleases, type KfuncCheck } from "./report";

// The report as text for a terminal (pluto's wide table) or for a pull-request comment (Markdown).
// Pure.

const COLUMNS = ["KFUNC", "STATE", "REPLACEMENT", "DEPRECATED IN", "REMOVED IN", "MISSING ON"] as const;

function row(report: CheckReport, k: KfuncCheck): string[] {
  const missing = describeReleases(
    k.missingOn,
    report.releases.map((r) => ({ tag: r.release, evidence: null })),
  );
  return [
    k.symbol + (k.weak ? " (weak)" : ""),
    k.known ? (k.state ?? "").toLowerCase() : "not in catalog",
    k.replacement ?? "-",
    k.deprecatedIn ?? "-",
    k.removedIn ?? "-",
    missing || "-",
  ];
}

function problems(report: CheckReport): string[] {
  return report.kfuncs.flatMap((k) =>
    k.warnings.filter((w) => w.severity !== "info").map((w) => `${w.severity}: ${k.symbol}: ${w.message}`),
  );
}

function verdictLines(report: CheckReport): string[] {
  const { summary } = report;
  const columns = report.releases.map((r) => ({ tag: r.release, evidence: null }));
  return [
    summary.headline,
    `Loads on: ${describeReleases(summary.loadsOn, columns) || "none of the releases checked"}${summary.minRelease ? ` (oldest confirmed: ${summary.minRelease})` : ""}`,
    ...(summary.failsOn.length ? [`Fails on: ${describeReleases(summary.failsOn, columns)}`] : []),
    ...(summary.unknownOn.length ? [`Not settled: ${describeReleases(summary.unknownOn, columns)}`] : []),
    `Target ${summary.target.description}: ${summary.target.verdict.toUpperCase()}`,
  ];
}

export function formatTable(report: CheckReport): string {
  const rows = [COLUMNS.slice() as string[], ...report.kfuncs.map((k) => row(report, k))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const table = rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd(),
  );
  const notes = problems(report);
  return [...table, "", ...(notes.length ? [...notes, ""] : []), ...verdictLines(report), ""].join("\n");
}

export function formatMarkdown(report: CheckReport): string {
  const cellText = (text: string) => text.replace(/\|/g, "\\|");
  const rows = report.kfuncs.map((k) => `| ${row(report, k).map(cellText).join(" | ")} |`);
  const notes = problems(report);
  return [
    `### kfunc portability: ${cellText(report.input.label)}`,
    "",
    `| ${COLUMNS.join(" | ")} |`,
    `| ${COLUMNS.map(() => "---").join(" | ")} |`,
    ...rows,
    "",
    ...(notes.length ? [...notes.map((n) => `- ${cellText(n)}`), ""] : []),
    ...verdictLines(report).map((l) => `${l}  `),
    "",
  ].join("\n");
}

export function formatProbe(report: ProbeReport): string {
  const lines = [
    `Kernel: ${report.kernel.label}${report.kernel.claimed ? ` (says ${report.kernel.claimed})` : ""}`,
    `  ${report.kernel.taggedKfuncs} kfuncs tagged in its BTF${report.kernel.modules.length ? `, ${report.kernel.modules.length} module BTFs read` : ""}`,
    `Nearest ingested releases: ${report.nearest.map((n) => `${n.release} (${Math.round(n.similarity * 100)}%)`).join(", ")}`,
    ...(report.kernel.claimed && report.kernel.claimed !== report.comparedWith
      ? [
          `It says ${report.kernel.claimed}, which the catalog does not cover: compared with the nearest instead`,
        ]
      : []),
    `Compared with ${report.comparedWith}: has ${report.has.length} catalog kfuncs, lacks ${report.lacks.length}, ${report.extra.length} extra, ${report.prototypeDiffers.length} prototypes differ`,
  ];
  if (report.lacks.length) {
    lines.push("", `LACKS (in ${report.comparedWith}, not in this kernel):`);
    for (const l of report.lacks)
      lines.push(`  ${l.name}${l.modules ? `  (module ${l.modules.join(", ")}: not loaded?)` : ""}`);
  }
  if (report.extra.length) {
    lines.push("", `EXTRA (in this kernel, not in ${report.comparedWith}):`);
    for (const e of report.extra)
      lines.push(`  ${e.name}${e.module ? `  [${e.module}]` : ""}${e.known ? "" : "  (not in the catalog)"}`);
  }
  if (report.prototypeDiffers.length) {
    lines.push("", "PROTOTYPE DIFFERS:");
    for (const p of report.prototypeDiffers) {
      lines.push(
        `  ${p.name}: ${p.reason}`,
        `    this kernel: ${p.kernel}`,
        `    ${report.comparedWith}: ${p.release}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
