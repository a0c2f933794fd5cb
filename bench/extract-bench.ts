// Benchmark: kfunc extraction over an unpacked kernel tree against the cost of merely finding
// the files that mention BTF_ID_FLAGS with grep. Target: ratio ≤ 1.5.
//
//   tsx bench/extract-bench.ts [tree]     (default: the 6.12 tree of scripts/fetch-kernel-sources.sh)
//
// Each side gets one warm-up run (page cache, JIT), then the median of 3 timed runs.

import { spawn } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { extractFromTree } from "../lib/kernel/extract/index";

const RUNS = 3;

function defaultTree(): string {
  const cache = process.env.KFUNC_CACHE ?? join(homedir(), ".cache", "kfunc-catalog");
  return join(cache, "kernel-src", "linux-6.12");
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function runGrep(tree: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // The brief's command line: grep -rl BTF_ID_FLAGS --include=*.[ch] <tree> (no shell globbing).
    const child = spawn("grep", ["-rl", "BTF_ID_FLAGS", "--include=*.[ch]", tree], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 || code === 1 ? resolve() : reject(new Error(`grep exited with ${code}`)),
    );
  });
}

async function timeIt(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

export async function benchExtract(
  tree: string,
): Promise<{ ours_ms: number; grep_ms: number; ratio: number }> {
  await extractFromTree(tree);
  await runGrep(tree);
  const ours: number[] = [];
  const grep: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    ours.push(await timeIt(() => extractFromTree(tree)));
    grep.push(await timeIt(() => runGrep(tree)));
  }
  const ours_ms = Math.round(median(ours));
  const grep_ms = Math.round(median(grep));
  return { ours_ms, grep_ms, ratio: Math.round((ours_ms / grep_ms) * 100) / 100 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const tree = process.argv[2] ?? defaultTree();
  benchExtract(tree).then(
    (result) => {
      process.stdout.write(
        `tree     ${tree}\nours_ms  ${result.ours_ms}\ngrep_ms  ${result.grep_ms}\nratio    ${result.ratio}\n`,
      );
    },
    (error: unknown) => {
      process.stderr.write(`extract-bench: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
