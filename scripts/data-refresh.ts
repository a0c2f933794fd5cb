// `npm run data:refresh`: regenerates the shipped per-release data (data/releases/<tag>.json)
// with the project's own readers, from Debian's archive (downloaded once into the cache):
//   - linux-source 6.1, 6.12, 7.2 and 7.3, read by the extractor (scripts/fetch-kernel-sources.sh);
//   - the full-config kernel builds 6.1 … 7.3, vmlinux and module BTF (scripts/fetch-debian-kernels.sh,
//     then scripts/debian-btf-data.ts into data/debian-btf/), which say where each kfunc lives and
//     stand for the releases whose source was not read.
// Facts only: names, prototypes, flags, program types, paths, guards, modules. Never kernel source.
//
//   npm run data:refresh [-- --no-fetch]     (--no-fetch: use the cache and data/debian-btf as they are)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readProgress } from "../cli/progress";
import {
  type BuildData,
  buildDataSchema,
  snapshotFromBuild,
  withBuildEvidence,
} from "../lib/ingest/build-evidence";
import { readSnapshot, type SnapshotInput } from "../lib/ingest/read-snapshot";
import { readDataFile } from "../lib/ingest/registry";
import type { ReleaseSnapshot } from "../lib/ingest/snapshot";

const root = process.cwd();
const cache = path.join(
  process.env.KFUNC_CACHE ?? path.join(os.homedir(), ".cache", "kfunc-catalog"),
  "kernel-src",
);
const outDir = path.join(root, "data", "releases");
const args = new Set(process.argv.slice(2));
const SOURCE_SERIES = ["6.1", "6.12", "7.2", "7.3"];
const buildDir = path.join(root, "data", "debian-btf");

function write(snapshot: ReleaseSnapshot) {
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${snapshot.release}.json`);
  // One kfunc per line keeps diffs between refreshes readable.
  const { kfuncs, ...head } = snapshot;
  const body = kfuncs.map((k) => `    ${JSON.stringify(k)}`).join(",\n");
  const json = `${JSON.stringify(head, null, 2).replace(/\n}$/, "")},\n  "kfuncs": [\n${body}\n  ]\n}\n`;
  JSON.parse(json); // never write a file the seed cannot read
  // Written beside it and renamed: a refresh killed midway leaves each file whole, old or new.
  writeFileSync(`${file}.partial`, json);
  renameSync(`${file}.partial`, file);
  console.error(`wrote ${path.relative(root, file)}: ${kfuncs.length} kfuncs from ${snapshot.origin}`);
}

async function readWithProgress(
  input: SnapshotInput,
  release: string,
  onFmodretTargets?: (names: string[]) => void,
) {
  const progress = readProgress(`reading ${input.path}`, process.stderr);
  try {
    return await readSnapshot(input, release, undefined, {
      ...progress,
      ...(onFmodretTargets ? { onFmodretTargets } : {}),
    });
  } finally {
    progress.stop();
  }
}

/** The committed build data of a release (data/debian-btf/<tag>.json), if there is one. */
function buildData(release: string): BuildData | null {
  const file = path.join(buildDir, `${release}.json`);
  return existsSync(file) ? readDataFile(file, buildDataSchema) : null;
}

async function main() {
  if (!args.has("--no-fetch")) {
    for (const [script, series] of [
      ["fetch-kernel-sources.sh", SOURCE_SERIES],
      ["fetch-debian-kernels.sh", []],
    ] as const) {
      const fetched = spawnSync("bash", [path.join(root, "scripts", script), ...series], {
        stdio: "inherit",
      });
      if (fetched.status !== 0) throw new Error(`scripts/${script} failed`);
    }
    // The builds' kfuncs, with where each was seen, from the cache into data/debian-btf/.
    const builds = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(root, "scripts", "debian-btf-data.ts")],
      {
        stdio: "inherit",
      },
    );
    if (builds.status !== 0) throw new Error("scripts/debian-btf-data.ts failed");
  }
  const written = new Set<string>();
  const fmodretTargets = new Set<string>();
  // Releases with a source tree: the tree decides, the build adds where each kfunc lives.
  for (const series of SOURCE_SERIES) {
    const tree = path.join(cache, `linux-${series}`);
    if (!existsSync(tree))
      throw new Error(`${tree} is missing: run scripts/fetch-kernel-sources.sh ${series}`);
    const release = `v${series}`;
    const snapshot = await readWithProgress({ kind: "tree", path: tree }, release, (names) => {
      for (const name of names) fmodretTargets.add(name);
    });
    write(withBuildEvidence(snapshot, buildData(release)));
    written.add(release);
  }
  // Releases known only from a build: its BTF (proves presence; knows no flags or program types).
  for (const file of readdirSync(buildDir).filter((f) => f.endsWith(".json"))) {
    const release = file.replace(/\.json$/, "");
    const build = buildData(release);
    if (written.has(release) || !build?.kfuncs.length) continue;
    write(snapshotFromBuild(build, `data/debian-btf/${file}`, fmodretTargets));
    written.add(release);
  }
  // Anything else in data/releases/ was written by an older refresh from another input (the
  // running host's BTF, once): a stale file would outlive the data it came from.
  for (const file of readdirSync(outDir).filter((f) => f.endsWith(".json"))) {
    if (!written.has(file.replace(/\.json$/, ""))) {
      rmSync(path.join(outDir, file));
      console.error(`removed data/releases/${file}: no source tree or Debian build gives it any more`);
    }
  }
}

main().catch((error) => {
  console.error(`data:refresh failed: ${(error as Error).message}`);
  process.exit(1);
});
