import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { readBtfKfuncsFromFile } from "../lib/kernel/btf/read-file";

// Times our BTF reader against `bpftool btf dump file` on this machine's kernel BTF: one warm-up run,
// then the median of five. Ours reads the file, scans every type and renders the kfunc prototypes;
// bpftool parses the same file and prints every type (to /dev/null). Run: tsx bench/btf-bench.ts

const VMLINUX = "/sys/kernel/btf/vmlinux";
const RUNS = 5;

export interface BtfBenchResult {
  ours_ms: number;
  /** null when bpftool is not installed. */
  bpftool_ms: number | null;
  /** bpftool_ms / ours_ms: above 1 means ours is faster. */
  ratio: number | null;
}

export async function benchBtf(): Promise<BtfBenchResult> {
  if (!existsSync(VMLINUX)) throw new Error(`${VMLINUX} is missing: this kernel exposes no BTF`);
  const ours = await medianMs(() => readBtfKfuncsFromFile(VMLINUX));
  const bpftool = findBpftool();
  const theirs = bpftool ? await medianMs(() => runBpftool(bpftool)) : null;
  return {
    ours_ms: round(ours),
    bpftool_ms: theirs === null ? null : round(theirs),
    ratio: theirs === null ? null : round(theirs / ours),
  };
}

async function medianMs(task: () => unknown): Promise<number> {
  await task(); // warm-up: file cache, JIT
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

function runBpftool(bpftool: string): void {
  // "ignore" connects stdout to /dev/null.
  const result = spawnSync(bpftool, ["btf", "dump", "file", VMLINUX], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  if (result.status !== 0)
    throw new Error(`bpftool failed (${result.status}): ${result.stderr?.toString().trim()}`);
}

function findBpftool(): string | null {
  for (const candidate of ["bpftool", "/usr/sbin/bpftool", "/sbin/bpftool"]) {
    if (spawnSync(candidate, ["version"], { stdio: "ignore" }).status === 0) return candidate;
  }
  return null;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchBtf();
  console.log(`ours:    ${result.ours_ms} ms (median of ${RUNS})`);
  console.log(`bpftool: ${result.bpftool_ms === null ? "not installed" : `${result.bpftool_ms} ms`}`);
  if (result.ratio !== null) console.log(`ratio:   ${result.ratio}x (bpftool / ours)`);
}
