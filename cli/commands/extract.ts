import { stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { SingleBar } from "cli-progress";
import {
  ExtractError,
  type ExtractOptions,
  extractFromGit,
  extractFromTarball,
  extractFromTree,
} from "../../lib/kernel/extract/index";
import type { ExtractedKfunc } from "../../lib/kernel/types";

// `kfunc extract <tree|tarball> [--json]` and `kfunc extract --git <repo> --ref <tag> [--json]`:
// list the kfuncs declared in a kernel source tree, tarball or git tag. With --json only a JSON
// array goes to stdout; progress and warnings always go to stderr. Exit codes: 0 ok, 1 the input
// could not be read as a kernel tree, 2 usage error.

export const EXTRACT_USAGE = `usage: kfunc extract <tree|tarball> [--json]
       kfunc extract --git <repo> --ref <tag> [--json]`;

/** Where the command writes; tests pass their own. */
export interface ExtractCommandIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: progress is drawn as a bar instead of plain lines. */
  errIsTty: boolean;
}

const processIo: ExtractCommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTty: Boolean(process.stderr.isTTY),
};

type Source = { kind: "git"; repo: string; ref: string } | { kind: "path"; path: string };

function parseExtractArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: "boolean", default: false },
      git: { type: "string" },
      ref: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

/** The input named on the command line, or a usage problem. */
function sourceFrom(parsed: ReturnType<typeof parseExtractArgs>): Source | string {
  const { git, ref } = parsed.values;
  const positionals = parsed.positionals;
  if (git !== undefined) {
    if (ref === undefined) return "--git needs --ref <tag>";
    if (positionals.length > 0) return `unexpected argument '${positionals[0]}' with --git`;
    return { kind: "git", repo: git, ref };
  }
  if (ref !== undefined) return "--ref is only valid with --git <repo>";
  if (positionals.length === 0) return "missing <tree|tarball>";
  if (positionals.length > 1) return `unexpected argument '${positionals[1]}'`;
  return { kind: "path", path: positionals[0] as string };
}

function describeSource(source: Source): string {
  return source.kind === "git" ? `${source.repo} at ${source.ref}` : source.path;
}

async function extract(source: Source, options: ExtractOptions): Promise<ExtractedKfunc[]> {
  if (source.kind === "git") return extractFromGit(source.repo, source.ref, options);
  let isDirectory = false;
  try {
    isDirectory = (await stat(source.path)).isDirectory();
  } catch {
    throw new ExtractError(
      `${source.path} does not exist (expected a kernel source tree or a .tar.xz/.tar.gz tarball)`,
    );
  }
  return isDirectory ? extractFromTree(source.path, options) : extractFromTarball(source.path, options);
}

/** A cli-progress bar on a terminal; a start line and an end line otherwise. */
function progressReporter(io: ExtractCommandIo, label: string) {
  const started = performance.now();
  if (!io.errIsTty) {
    io.err(`kfunc extract: reading ${label}\n`);
    return {
      onProgress: undefined,
      finish(count: number | null) {
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        if (count !== null) io.err(`kfunc extract: ${count} kfuncs in ${seconds}s\n`);
      },
    };
  }
  const bar = new SingleBar({
    format: "kfunc extract [{bar}] {percentage}% {phase}",
    stream: process.stderr,
    clearOnComplete: true,
    hideCursor: true,
  });
  let running = false;
  let lastDone = 0;
  return {
    onProgress(done: number, total: number) {
      if (!running) {
        bar.start(total, done, { phase: "reading sources" });
        running = true;
      } else {
        // The extractor reads twice at most: candidate files, then files holding the
        // definitions it has not found yet; progress starting over means the second read.
        const phase = done < lastDone ? { phase: "finding definitions" } : undefined;
        bar.setTotal(total);
        bar.update(done, phase);
      }
      lastDone = done;
    },
    finish() {
      if (running) bar.stop();
    },
  };
}

function formatTable(kfuncs: readonly ExtractedKfunc[]): string {
  const header = ["NAME", "FLAGS", "PROG TYPES", "FILE:LINE"];
  const rows = kfuncs.map((k) => {
    // Where it is defined; where its first set entry is when no definition was found.
    const at = k.definedIn ?? k.sets[0];
    return [
      k.name,
      k.flags.join(",") || "-",
      k.progTypes.join(",") || "-",
      at ? `${at.file}:${at.line}` : "-",
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] as number))
      .join("  ")
      .trimEnd();
  const count = `${kfuncs.length} kfunc${kfuncs.length === 1 ? "" : "s"}`;
  return `${[line(header), ...rows.map(line)].join("\n")}\n${count}\n`;
}

export async function runExtract(argv: string[], io: ExtractCommandIo = processIo): Promise<number> {
  let parsed: ReturnType<typeof parseExtractArgs>;
  try {
    parsed = parseExtractArgs(argv);
  } catch (error) {
    io.err(`kfunc extract: ${(error as Error).message}\n${EXTRACT_USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(`${EXTRACT_USAGE}\n`);
    return 0;
  }
  const source = sourceFrom(parsed);
  if (typeof source === "string") {
    io.err(`kfunc extract: ${source}\n${EXTRACT_USAGE}\n`);
    return 2;
  }

  const progress = progressReporter(io, describeSource(source));
  const warnings: string[] = [];
  let kfuncs: ExtractedKfunc[];
  try {
    kfuncs = await extract(source, {
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
      onWarning: (message) => warnings.push(message),
    });
  } catch (error) {
    progress.finish(null);
    io.err(`kfunc extract: ${(error as Error).message}\n`);
    return 1;
  }
  progress.finish(kfuncs.length);
  // Warnings wait until the bar is gone so that they are not drawn over.
  for (const warning of warnings) io.err(`kfunc extract: warning: ${warning}\n`);
  io.out(parsed.values.json ? `${JSON.stringify(kfuncs, null, 2)}\n` : formatTable(kfuncs));
  return 0;
}
