// `npm run data:refresh`: regenerates the shipped per-release data (data/releases/<tag>.json)
// with the project's own readers: Debian's linux-source 6.1 and 6.12 trees (fetched and cached by
// scripts/fetch-kernel-sources.sh) and this machine's running-kernel BTF. Facts only: names,
// prototypes, flags, program types, paths and guards. Kernel source is never copied here.
//
//   npm run data:refresh [-- --no-fetch] [--no-btf]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readProgress } from "../cli/progress";
import { readSnapshot, type SnapshotInput } from "../lib/ingest/read-snapshot";
import type { ReleaseSnapshot } from "../lib/ingest/snapshot";
import { normaliseReleaseTag } from "../lib/releases/version";

const root = process.cwd();
const cache = path.join(
  process.env.KFUNC_CACHE ?? path.join(os.homedir(), ".cache", "kfunc-catalog"),
  "kernel-src",
);
const outDir = path.join(root, "data", "releases");
const args = new Set(process.argv.slice(2));
const SERIES = ["6.1", "6.12"];

function write(snapshot: ReleaseSnapshot) {
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${snapshot.release}.json`);
  // One kfunc per line keeps diffs between refreshes readable.
  const { kfuncs, ...head } = snapshot;
  const body = kfuncs.map((k) => `    ${JSON.stringify(k)}`).join(",\n");
  const json = `${JSON.stringify(head, null, 2).replace(/\n}$/, "")},\n  "kfuncs": [\n${body}\n  ]\n}\n`;
  JSON.parse(json); // never write a file the seed cannot read
  writeFileSync(file, json);
  console.error(`wrote ${path.relative(root, file)}: ${kfuncs.length} kfuncs from ${snapshot.origin}`);
}

async function readWithProgress(input: SnapshotInput, release: string) {
  const progress = readProgress(`reading ${input.path}`, process.stderr);
  try {
    return await readSnapshot(input, release, undefined, progress);
  } finally {
    progress.stop();
  }
}

async function main() {
  if (!args.has("--no-fetch")) {
    const fetched = spawnSync("bash", [path.join(root, "scripts", "fetch-kernel-sources.sh"), ...SERIES], {
      stdio: "inherit",
    });
    if (fetched.status !== 0) throw new Error("fetching the Debian kernel sources failed");
  }
  for (const series of SERIES) {
    const tree = path.join(cache, `linux-${series}`);
    if (!existsSync(tree)) throw new Error(`${tree} is missing: run scripts/fetch-kernel-sources.sh`);
    write(await readWithProgress({ kind: "tree", path: tree }, `v${series}`));
  }
  const btf = "/sys/kernel/btf/vmlinux";
  if (!args.has("--no-btf") && existsSync(btf)) {
    const release = normaliseReleaseTag(os.release().split(".").slice(0, 2).join("."));
    if (!release) throw new Error(`cannot tell the release of the running kernel ${os.release()}`);
    const snapshot = await readWithProgress({ kind: "btf", path: btf }, release);
    write({ ...snapshot, sourceRef: btf });
  }
}

main().catch((error) => {
  console.error(`data:refresh failed: ${(error as Error).message}`);
  process.exit(1);
});
