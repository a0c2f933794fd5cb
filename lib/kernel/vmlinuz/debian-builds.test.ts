import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Btf, parseBtf } from "../btf/btf";
import { extractBtf } from "../btf/read-file";
import { kfuncsOf } from "../btf/read-kfuncs";
import { extractVmlinux } from "./bzimage";
import { moduleKfuncs, readModuleElf } from "./module-btf";
import { listModuleFiles } from "./read-build";
import { bpftoolKfuncs, findBpftool } from "./testing/bpftool";

// Debian's real kernel builds, when scripts/fetch-debian-kernels.sh has put them in the cache:
// for each, the kfuncs read here from vmlinux and from every module equal what bpftool shows.
// Each build takes up to a minute, so by default only the newest cached build is checked;
// KFUNC_DEBIAN_RELEASES=all checks every one, KFUNC_DEBIAN_RELEASES=7.3,6.12 those named.

const CACHE = path.join(process.env.KFUNC_CACHE ?? path.join(homedir(), ".cache", "kfunc-catalog"), "debian");
const asked = process.env.KFUNC_DEBIAN_RELEASES?.trim();
const only = asked && asked !== "all" ? asked.split(",").map((s) => s.trim()) : null;
const cached = existsSync(CACHE)
  ? readdirSync(CACHE)
      .filter((d) => d.startsWith("build-") && existsSync(path.join(CACHE, d, "vmlinuz")))
      .map((d) => d.slice("build-".length))
      .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
  : [];
const builds =
  asked === "all" ? cached : only ? cached.filter((series) => only.includes(series)) : cached.slice(-1);
const bpftool = findBpftool();
const skipReason =
  builds.length === 0
    ? `no Debian kernel builds in ${CACHE} (scripts/fetch-debian-kernels.sh fetches them)`
    : !bpftool
      ? "bpftool is not installed (scripts/install-system-deps.sh)"
      : null;

/** From 6.11 on (pahole >= 1.27), kfuncs carry the bpf_kfunc tag: an empty answer there is a failure. */
function tagsKfuncs(series: string): boolean {
  const [major = 0, minor = 0] = series.split(".").map(Number);
  return major > 6 || (major === 6 && minor >= 11);
}

/** A module registers kfuncs only through register_btf_kfunc_id_set(): its name is in the module's strings. */
const REGISTERS_KFUNCS = Buffer.from("register_btf_kfunc_id_set\0");

const TITLE = "Debian kernel builds against bpftool";
describe.skipIf(skipReason !== null)(skipReason ? `${TITLE} (skipped: ${skipReason})` : TITLE, () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "kfunc-debian-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  describe.each(builds)("Debian %s", (series) => {
    const dir = path.join(CACHE, `build-${series}`);
    const vmlinuxFile = path.join(scratch, `vmlinux-${series}`);
    let base: Btf;

    beforeAll(async () => {
      const image = await extractVmlinux(readFileSync(path.join(dir, "vmlinuz")));
      writeFileSync(vmlinuxFile, image.elf);
      base = parseBtf(extractBtf(image.elf).btf);
    });

    it("vmlinux: the FUNCs tagged bpf_kfunc, and their other tags, are bpftool's", () => {
      const expected = bpftoolKfuncs(bpftool as string, vmlinuxFile);
      const ours = new Map(kfuncsOf(base).map((k) => [k.name, k.tags]));
      if (tagsKfuncs(series)) expect(expected.size).toBeGreaterThan(0);
      expect(ours.size).toBe(expected.size);
      expect(ours).toEqual(expected);
    });

    it("modules: each module's kfuncs are bpftool's, and only modules that register kfuncs have any", async () => {
      const files = existsSync(path.join(dir, "modules"))
        ? await listModuleFiles(path.join(dir, "modules"))
        : [];
      const ours = new Map<string, Map<string, string[]>>();
      const expected = new Map<string, Map<string, string[]>>();
      for (const file of files) {
        const { elf } = await readModuleElf(file);
        const found = moduleKfuncs(elf, base, file);
        if (found.kfuncs && found.kfuncs.length > 0) {
          ours.set(found.name, new Map(found.kfuncs.map((k) => [k.name, k.tags])));
        }
        if (!Buffer.from(elf.buffer, elf.byteOffset, elf.byteLength).includes(REGISTERS_KFUNCS)) continue;
        const moduleFile = path.join(scratch, `${found.name}.ko`);
        writeFileSync(moduleFile, elf);
        const kfuncs = bpftoolKfuncs(bpftool as string, moduleFile, vmlinuxFile);
        if (kfuncs.size > 0) expected.set(found.name, kfuncs);
        rmSync(moduleFile);
      }
      if (tagsKfuncs(series) && files.length > 0) expect(expected.size).toBeGreaterThan(0);
      expect([...ours.keys()].sort()).toEqual([...expected.keys()].sort());
      expect(ours).toEqual(expected);
    }, 900_000);
  });
});
