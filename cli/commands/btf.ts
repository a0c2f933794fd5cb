import { parseArgs } from "node:util";
import { readBtfKfuncsFromFile } from "../../lib/kernel/btf/read-file";
import type { BtfKfunc } from "../../lib/kernel/types";

// `kfunc btf <file> [--json] [--base <vmlinux>]`: list the kfuncs tagged in a BTF file (raw BTF such
// as /sys/kernel/btf/vmlinux, or an ELF file with a .BTF section). Exit codes: 0 ok, 1 the file
// could not be read or parsed, 2 usage error.

export const BTF_USAGE = "usage: kfunc btf <file> [--json] [--base <vmlinux>]";

/** Where the command writes; tests pass their own. */
export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

const processOutput: CommandOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export async function runBtf(argv: string[], io: CommandOutput = processOutput): Promise<number> {
  let parsed: ReturnType<typeof parseBtfArgs>;
  try {
    parsed = parseBtfArgs(argv);
  } catch (error) {
    io.err(`kfunc btf: ${usageProblem(error)}\n${BTF_USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(`${BTF_USAGE}\n`);
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) {
    const problem = file === undefined ? "missing <file>" : `unexpected argument '${extra[0]}'`;
    io.err(`kfunc btf: ${problem}\n${BTF_USAGE}\n`);
    return 2;
  }

  let kfuncs: BtfKfunc[];
  try {
    kfuncs = await readBtfKfuncsFromFile(file, { base: parsed.values.base });
  } catch (error) {
    io.err(`kfunc btf: ${file}: ${explainError(error, file)}\n`);
    return 1;
  }
  io.out(parsed.values.json ? `${toJson(kfuncs)}\n` : formatTable(kfuncs));
  return 0;
}

function parseBtfArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: "boolean", default: false },
      base: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

function toJson(kfuncs: readonly BtfKfunc[]): string {
  return JSON.stringify(
    kfuncs.map(({ name, prototype, tags }) => ({ name, prototype, tags })),
    null,
    2,
  );
}

/** NAME, TAGS and PROTOTYPE columns padded to their widest cell, then a count line. */
export function formatTable(kfuncs: readonly BtfKfunc[]): string {
  const rows = kfuncs.map((k) => [k.name, k.tags.join(","), k.prototype] as const);
  const header = ["NAME", "TAGS", "PROTOTYPE"] as const;
  const nameWidth = Math.max(header[0].length, ...rows.map((r) => r[0].length));
  const tagWidth = Math.max(header[1].length, ...rows.map((r) => r[1].length));
  const line = (r: readonly [string, string, string]) =>
    `${r[0].padEnd(nameWidth)}  ${r[1].padEnd(tagWidth)}  ${r[2]}`.trimEnd();
  const body = [header, ...rows].map(line).join("\n");
  return `${body}\n${kfuncs.length} kfunc${kfuncs.length === 1 ? "" : "s"}\n`;
}

/** parseArgs messages run long ("… place it at the end of the command after '--' …"): keep the gist. */
function usageProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option '${unknown[1]}'`;
  const missing = /^Option '(--\w+)[^']*' argument missing/.exec(message);
  if (missing) return `option '${missing[1]}' needs a value`;
  return message;
}

function explainError(error: unknown, file: string): string {
  if (!(error instanceof Error)) return String(error);
  // Node's file errors carry a code ("ENOENT") and a path: say it plainly, naming the path when it
  // is not the main file (a missing --base).
  const { code, path } = error as NodeJS.ErrnoException;
  const plain = code ? FILE_ERRORS[code] : undefined;
  if (!plain) return error.message;
  return path && path !== file ? `${path}: ${plain}` : plain;
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EISDIR: "is a directory",
};
