import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { CheckInputError } from "../../lib/check/check-error";
import { formatMarkdown, formatTable } from "../../lib/check/format";
import { readUpload } from "../../lib/check/inputs";
import { buildReport, type CheckReport, type CheckRequest, type Target } from "../../lib/check/report";
import { namesAsReferences, parseKfuncNames } from "../../lib/check/scan-text";
import { tryParseArgs } from "../args";
import { readCatalogFacts } from "../catalog-facts";

// `kfunc check <obj|source.c|names…> [--release vX | --min vX] [--format table|json|markdown]
// [--api URL]`: will this program load, and where? Exit codes as pluto's: 0 loads on the target,
// 2 uses deprecated kfuncs, 3 a kfunc is removed or missing, or does not fit, on the target,
// 1 usage or input error.

export const CHECK_USAGE = `usage: kfunc check <object.bpf.o | source.c | kfunc names…> [options]
  --release vX       judge the program on this release (default: the newest ingested)
  --min vX           judge it on this release and every later one
  --format FORMAT    table (default), json or markdown
  --api URL          ask a running catalog instead of the local database
exit codes: 0 loads on the target, 2 uses deprecated kfuncs, 3 fails on the target, 1 bad usage or input`;

const FORMATS = ["table", "json", "markdown"] as const;

export async function runCheck(argv: string[]): Promise<number> {
  const parsed = tryParseArgs({
    args: argv,
    options: {
      release: { type: "string" },
      min: { type: "string" },
      format: { type: "string", default: "table" },
      api: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  if (typeof parsed === "string") return fail(parsed);
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${CHECK_USAGE}\n`);
    return 0;
  }
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format))
    return fail(`--format '${values.format}' is not one of ${FORMATS.join(", ")}`);
  if (values.release && values.min) return fail("give --release or --min, not both");
  if (positionals.length === 0) return fail("give a BPF object, a C source file or kfunc names");
  const target: Target = values.release
    ? { kind: "release", release: values.release }
    : values.min
      ? { kind: "min", release: values.min }
      : { kind: "newest" };

  let report: CheckReport;
  try {
    const file = positionals.length === 1 && looksLikeFile(positionals[0] as string) ? positionals[0] : null;
    if (values.api) {
      const { apiBase, postCheck } = await import("../api-client");
      const base = apiBase(values.api);
      const answer = await postCheck(
        base,
        file ? { file } : { names: parseKfuncNames(positionals.join(" ")) },
        { release: values.release, min: values.min },
      );
      if (answer.type !== "program") throw new CheckInputError(`${file} is a kernel's BTF: use kfunc probe`);
      report = answer.report;
    } else {
      const request = file ? fromFile(file, target) : fromNames(positionals, target);
      report = buildReport(request, await readCatalogFacts((line) => process.stderr.write(`${line}\n`)));
    }
  } catch (error) {
    return fail((error as Error).message, false);
  }
  process.stdout.write(
    format === "json"
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === "markdown"
        ? formatMarkdown(report)
        : formatTable(report),
  );
  return report.summary.exitCode;
}

/** A path to an existing file, or something that was meant as one (has a slash or an extension). */
function looksLikeFile(arg: string): boolean {
  if (existsSync(arg)) return statSync(arg).isFile();
  if (/[/\\]|\.(o|c|h|bpf)$/.test(arg)) throw new CheckInputError(`${arg}: no such file`);
  return false;
}

function fromFile(file: string, target: Target): CheckRequest {
  const upload = readUpload(readFileSync(file), file);
  const label = path.basename(file);
  if (upload.kind === "btf")
    throw new CheckInputError(`${file} is a kernel's BTF, not a program: use kfunc probe ${file}`);
  if (upload.kind === "source") return { kind: "source", label, references: upload.references, target };
  return {
    kind: "object",
    label,
    references: upload.scan.kfuncs,
    programs: upload.scan.programs,
    target,
    withoutBtf: !upload.scan.hasBtf,
  };
}

function fromNames(args: readonly string[], target: Target): CheckRequest {
  const names = parseKfuncNames(args.join(" "));
  return { kind: "names", label: names.join(", "), references: namesAsReferences(names), target };
}

function fail(message: string, usage = true): number {
  process.stderr.write(`kfunc check: ${message}\n${usage ? `${CHECK_USAGE}\n` : ""}`);
  return 1;
}
