import { readFileSync } from "node:fs";
import { CheckInputError } from "../../lib/check/check-error";
import { MAX_UPLOAD_BYTES } from "../../lib/check/inputs";
import { type ObjectScan, scanBpfObject } from "../../lib/check/scan-object";
import { tryParseArgs } from "../args";

// `kfunc scan <obj> [--json]`: the kfuncs a compiled BPF object references, weak or strong, the
// prototype it was compiled against, and which programs (of which types) call each one. Reads only
// the object: no database. Exit codes: 0 read, 1 usage or input error.

export const SCAN_USAGE = "usage: kfunc scan <object.bpf.o> [--json]";

export async function runScan(argv: string[]): Promise<number> {
  const parsed = tryParseArgs({
    args: argv,
    options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (typeof parsed === "string") return fail(parsed);
  if (parsed.values.help) {
    process.stdout.write(`${SCAN_USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length !== 1) return fail("give one BPF object file");
  const file = parsed.positionals[0] as string;
  let scan: ObjectScan;
  try {
    scan = scanBpfObject(readObject(file));
  } catch (error) {
    return fail(
      error instanceof CheckInputError ? `${file}: ${error.message}` : (error as Error).message,
      false,
    );
  }
  process.stdout.write(parsed.values.json ? `${JSON.stringify(scan, null, 2)}\n` : formatScan(scan));
  return 0;
}

export function readObject(file: string): Uint8Array {
  const bytes = readFileSync(file);
  if (bytes.length > MAX_UPLOAD_BYTES)
    throw new CheckInputError(`${file} is larger than 16 MiB: not a BPF object`);
  return bytes;
}

function formatScan(scan: ObjectScan): string {
  const table = (rows: string[][]) => {
    const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
    return rows
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i] ?? 0))
          .join("  ")
          .trimEnd(),
      )
      .join("\n");
  };
  const programs = table([
    ["PROGRAM", "SECTION", "TYPE", "KFUNCS"],
    ...scan.programs.map((p) => [p.name, p.section, p.progType ?? "?", p.kfuncs.join(", ") || "-"]),
  ]);
  const kfuncs = table([
    ["KFUNC", "REF", "PROGRAMS", "PROTOTYPE (as compiled)"],
    ...scan.kfuncs.map((k) => [
      k.symbol === k.name ? k.symbol : `${k.symbol} (${k.name})`,
      k.weak ? "weak" : "strong",
      k.programs.join(", ") || "-",
      k.prototype ?? "(no BTF)",
    ]),
  ]);
  const byteOrder = scan.byteOrder === "big" ? ", big-endian" : "";
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  return `${count(scan.programs.length, "program")}, ${count(scan.kfuncs.length, "kfunc")}${byteOrder}${scan.hasBtf ? "" : " (no .BTF: compile with -g for prototypes)"}\n\n${programs}\n\n${kfuncs}\n`;
}

function fail(message: string, usage = true): number {
  process.stderr.write(`kfunc scan: ${message}\n${usage ? `${SCAN_USAGE}\n` : ""}`);
  return 1;
}
