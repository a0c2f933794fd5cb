// `npx tsx scripts/debian-btf-data.ts [series …]`: reads Debian's full-configuration kernel builds
// (fetched and cached by scripts/fetch-debian-kernels.sh) and writes data/debian-btf/<tag>.json per
// build: every kfunc tagged bpf_kfunc in vmlinux or in a module's split BTF, with where it was seen.
// Facts only: names, prototypes, BTF tags, module names, package names and versions. Default: every
// cached build. Progress and timings go to stderr.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BuildOddities, buildOddities, funcNames } from "../lib/kernel/vmlinuz/build-oddities";
import { type BuildSnapshot, buildSnapshot } from "../lib/kernel/vmlinuz/build-snapshot";
import { type KernelBuild, readKernelBuild } from "../lib/kernel/vmlinuz/read-build";
import { compareReleaseTags, normaliseReleaseTag } from "../lib/releases/version";

const root = process.cwd();
const cache = path.join(
  process.env.KFUNC_CACHE ?? path.join(os.homedir(), ".cache", "kfunc-catalog"),
  "debian",
);
const outDir = path.join(root, "data", "debian-btf");

interface DebianPackage {
  name: string;
  version: string;
}

interface BuildFile extends BuildSnapshot {
  packages: DebianPackage[];
  compression: string;
  modules: { files: number; withBtf: number; withKfuncs: string[] };
  notes: string[];
}

function cachedSeries(): string[] {
  if (!existsSync(cache)) return [];
  return readdirSync(cache)
    .filter((d) => d.startsWith("build-") && existsSync(path.join(cache, d, "vmlinuz")))
    .map((d) => d.slice("build-".length))
    .sort((a, b) => compareReleaseTags(`v${a}`, `v${b}`));
}

/** build-<series>/.debian-version: "<package> <version>" per line, written by the fetch script. */
function packagesOf(series: string): DebianPackage[] {
  const file = path.join(cache, `build-${series}`, ".debian-version");
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [name = "", version = ""] = line.trim().split(/\s+/);
      return { name, version };
    });
}

function originOf(packages: DebianPackage[], hasModules: boolean): string {
  const image = packages[0];
  if (!image) return "Debian kernel build (package unknown)";
  const kind = image.name.startsWith("linux-binary-") ? "linux-binary" : "linux-image";
  const scope = hasModules
    ? "full config"
    : "full config; vmlinux only, the modules package is not in the archive";
  return `Debian ${kind} ${image.version} amd64 (${scope})`;
}

type ReadBuild = Omit<KernelBuild, "vmlinuxBtf">;

function notesOf(build: ReadBuild, packages: DebianPackage[], odd: BuildOddities | undefined): string[] {
  const notes: string[] = [];
  if (!odd?.hasKfuncTags) {
    notes.push(
      "this BTF has no bpf_kfunc decl tags (kernel before 6.11 or pahole before 1.27): no kfunc can be read from it",
    );
  }
  if (build.stats.moduleFiles === 0) {
    const modules = packages[0]?.name.replace("linux-binary-", "linux-modules-") ?? "the modules package";
    notes.push(
      `${modules} ${packages[0]?.version ?? ""} is not in the archive's index: modules were not read`.replace(
        "  ",
        " ",
      ),
    );
  }
  for (const u of odd?.untaggedHere ?? []) {
    notes.push(
      `FUNC ${u.name} is in this vmlinux without its bpf_kfunc tag (tagged in ${u.taggedIn.join(", ")}): not recorded here`,
    );
  }
  if (odd && odd.implTwins.length > 0) {
    notes.push(
      `untagged _impl FUNCs beside a tagged kfunc of the same name without _impl (KF_IMPLICIT_ARGS), not recorded: ${odd.implTwins.join(", ")}`,
    );
  }
  for (const warning of build.warnings) notes.push(`module not read: ${warning.replace(`${cache}/`, "")}`);
  return notes;
}

function write(file: BuildFile) {
  mkdirSync(outDir, { recursive: true });
  const target = path.join(outDir, `${file.release}.json`);
  // One kfunc per line keeps diffs between refreshes readable.
  const { kfuncs, ...head } = file;
  const body = kfuncs.map((k) => `    ${JSON.stringify(k)}`).join(",\n");
  const json = `${JSON.stringify(head, null, 2).replace(/\n}$/, "")},\n  "kfuncs": [\n${body}\n  ]\n}\n`;
  JSON.parse(json);
  writeFileSync(target, json);
  console.error(`wrote ${path.relative(root, target)}: ${kfuncs.length} kfuncs`);
}

async function main() {
  const wanted = process.argv.slice(2);
  const available = cachedSeries();
  const missing = wanted.filter((s) => !available.includes(s));
  if (missing.length > 0) {
    throw new Error(
      `no cached build for ${missing.join(", ")} in ${cache}: run scripts/fetch-debian-kernels.sh ${missing.join(" ")}`,
    );
  }
  const series = wanted.length > 0 ? available.filter((s) => wanted.includes(s)) : available;
  if (series.length === 0)
    throw new Error(`no cached builds in ${cache}: run scripts/fetch-debian-kernels.sh`);

  const read: { series: string; release: string; build: ReadBuild; funcs: Set<string> }[] = [];
  for (const s of series) {
    const dir = path.join(cache, `build-${s}`);
    const release = normaliseReleaseTag(s) ?? `v${s}`;
    console.error(`${release}: reading ${path.relative(cache, dir)}`);
    const build = await readKernelBuild(
      { vmlinuz: path.join(dir, "vmlinuz"), modulesDir: path.join(dir, "modules") },
      { onWarning: (w) => console.error(`  warning: ${w}`) },
    );
    const t = build.timings;
    const moduleMb = (build.stats.moduleBytesRead / 1e6).toFixed(0);
    console.error(
      `${release}: ${build.compression} vmlinuz ${(t.vmlinuz / 1000).toFixed(1)} s, BTF ${(t.vmlinuxBtf / 1000).toFixed(1)} s, ` +
        `${build.stats.moduleFiles} modules (${moduleMb} MB) ${(t.modules / 1000).toFixed(1)} s; ` +
        `${build.vmlinux.length} kfuncs in vmlinux, ${[...build.modules.values()].reduce((n, k) => n + k.length, 0)} in ${build.modules.size} modules`,
    );
    // Keep the FUNC names, not the parsed BTF (which holds the whole decompressed vmlinux).
    const { vmlinuxBtf, ...kept } = build;
    read.push({ series: s, release, build: kept, funcs: funcNames(vmlinuxBtf) });
  }

  const oddities = buildOddities(
    read.map((r) => ({
      release: r.release,
      funcs: r.funcs,
      kfuncs: new Set(r.build.vmlinux.map((k) => k.name)),
    })),
  );
  for (const { series: s, release, build } of read) {
    const packages = packagesOf(s);
    const snapshot = buildSnapshot(build, {
      release,
      origin: originOf(packages, build.stats.moduleFiles > 0),
    });
    write({
      release: snapshot.release,
      origin: snapshot.origin,
      packages,
      compression: build.compression,
      modules: {
        files: build.stats.moduleFiles,
        withBtf: build.stats.modulesWithBtf,
        withKfuncs: [...build.modules.keys()],
      },
      notes: notesOf(build, packages, oddities.get(release)),
      kfuncs: snapshot.kfuncs,
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
