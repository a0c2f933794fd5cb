import { mkdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { parseBtf } from "../btf/btf";
import { scratchDir } from "../btf/testing/sample-files";
import { buildSnapshot } from "./build-snapshot";
import { moduleKfuncs, moduleNameFromFile, readModuleElf } from "./module-btf";
import { listModuleFiles, readKernelBuild } from "./read-build";
import { baseBtf, bzImage, compressWith, hasTool, kernelElf, moduleBtf } from "./testing/fixtures";

// A whole kernel build made here: a bzImage around a vmlinux with base BTF, and a modules folder with
// split-BTF modules in each file format, one without .BTF and one that is damaged.

const scratch = scratchDir();
afterAll(() => scratch.remove());

const base = baseBtf();
const BBR = { name: "bbr_ssthresh", prototype: "int bbr_ssthresh(struct sock *sk)", tags: ["bpf_kfunc"] };
const VMLINUX_KFUNCS = [
  {
    name: "bpf_cast_to_kern_ctx",
    prototype: "void *bpf_cast_to_kern_ctx(void *obj)",
    tags: ["bpf_fastcall", "bpf_kfunc"],
  },
  {
    name: "bpf_cpumask_create",
    prototype: "struct bpf_cpumask *bpf_cpumask_create(void)",
    tags: ["bpf_kfunc"],
  },
];

function moduleElf(name: string, kfunc = "bbr_ssthresh"): Uint8Array {
  return kernelElf({ btf: moduleBtf(base, kfunc), modinfo: `license=GPL\0name=${name}\0vermagic=7.3.4\0` });
}

describe("module split BTF", () => {
  it("finds a kfunc whose bpf_kfunc tag name lives only in the base's strings", () => {
    const btf = moduleBtf(base);
    expect(Buffer.from(btf).includes("bpf_kfunc")).toBe(false);
    expect(Buffer.from(base.bytes).includes("bpf_kfunc")).toBe(true);
    const found = moduleKfuncs(moduleElf("tcp_bbr"), parseBtf(base.bytes), "tcp_bbr.ko");
    expect(found).toEqual({ name: "tcp_bbr", kfuncs: [BBR] });
  });

  it("names a module by .modinfo, else by its file name with dashes as underscores", () => {
    const noModinfo = kernelElf({ btf: moduleBtf(base) });
    expect(moduleKfuncs(noModinfo, parseBtf(base.bytes), "/x/nf-conntrack.ko.xz").name).toBe("nf_conntrack");
    expect(moduleNameFromFile("/lib/modules/7.3/kernel/net/ipv4/tcp_bbr.ko.zst")).toBe("tcp_bbr");
  });

  it("reports no kfuncs (null) for a module without .BTF", () => {
    expect(moduleKfuncs(kernelElf({ modinfo: "name=dummy\0" }), parseBtf(base.bytes), "dummy.ko")).toEqual({
      name: "dummy",
      kfuncs: null,
    });
  });

  it("reads .ko, .ko.gz and, where the tools are here, .ko.xz and .ko.zst", async () => {
    const elf = moduleElf("fou");
    const files = [scratch.write("fou.ko", elf), scratch.write("fou.ko.gz", gzipSync(elf))];
    const xz = hasTool("xz") ? compressWith("xz", ["--check=crc32", "--lzma2=dict=1MiB"], elf) : null;
    if (xz) files.push(scratch.write("fou.ko.xz", xz));
    const zst = hasTool("zstd") ? compressWith("zstd", ["-q"], elf) : null;
    if (zst) files.push(scratch.write("fou.ko.zst", zst));
    for (const file of files) {
      const { elf: read, fileSize } = await readModuleElf(file);
      expect(Buffer.from(read).equals(elf), file).toBe(true);
      expect(fileSize).toBeGreaterThan(0);
    }
  });
});

describe("readKernelBuild", () => {
  const root = path.join(scratch.dir, "build");
  const modules = path.join(root, "modules", "kernel", "net");
  mkdirSync(path.join(modules, "ipv4"), { recursive: true });
  const vmlinuz = path.join(root, "vmlinuz");
  scratch.write("build/vmlinuz", bzImage(gzipSync(kernelElf({ btf: base.bytes }))));
  scratch.write("build/modules/kernel/net/ipv4/tcp_bbr.ko.gz", gzipSync(moduleElf("tcp_bbr")));
  scratch.write("build/modules/kernel/net/ipv4/fou.ko", moduleElf("fou", "bpf_skb_set_fou_encap"));
  // Modules with no kfuncs, or no BTF at all, are read and left out without a word.
  scratch.write(
    "build/modules/kernel/net/ipv4/tcp_cubic.ko",
    kernelElf({ btf: null, modinfo: "name=tcp_cubic\0" }),
  );
  // A damaged one becomes a warning naming the file.
  const broken = scratch.write(
    "build/modules/kernel/net/broken.ko.gz",
    Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3]),
  );
  scratch.write("build/modules/kernel/net/modules.order", "kernel/net/ipv4/fou.ko\n");

  it("lists module files recursively, in a stable order", async () => {
    const files = (await listModuleFiles(path.join(root, "modules"))).map((f) => path.relative(root, f));
    expect(files).toEqual([
      "modules/kernel/net/broken.ko.gz",
      "modules/kernel/net/ipv4/fou.ko",
      "modules/kernel/net/ipv4/tcp_bbr.ko.gz",
      "modules/kernel/net/ipv4/tcp_cubic.ko",
    ]);
  });

  it("reads vmlinux and every module, and warns about the damaged one", async () => {
    const warned: string[] = [];
    const build = await readKernelBuild(
      { vmlinuz, modulesDir: path.join(root, "modules") },
      { onWarning: (w) => warned.push(w) },
    );
    expect(build.compression).toBe("gzip");
    expect(build.vmlinux).toEqual(VMLINUX_KFUNCS);
    expect([...build.modules.keys()]).toEqual(["fou", "tcp_bbr"]);
    expect(build.modules.get("tcp_bbr")).toEqual([BBR]);
    expect(build.stats).toMatchObject({ moduleFiles: 4, modulesWithBtf: 2, modulesWithoutBtf: 1 });
    expect(build.warnings).toEqual(warned);
    expect(build.warnings).toHaveLength(1);
    expect(build.warnings[0]).toMatch(new RegExp(`^${broken.replaceAll(".", "\\.")}: .*gzip`));
  });

  it("reads vmlinux alone when there is no modules folder", async () => {
    const build = await readKernelBuild({ vmlinuz });
    expect(build.vmlinux.map((k) => k.name)).toEqual(["bpf_cast_to_kern_ctx", "bpf_cpumask_create"]);
    expect(build.modules.size).toBe(0);
  });

  it("names the vmlinuz in its errors", async () => {
    const bad = scratch.write("build/not-a-kernel", "not a kernel");
    await expect(readKernelBuild({ vmlinuz: bad })).rejects.toThrow(
      new RegExp(`^${bad.replaceAll(".", "\\.")}: not an x86 bzImage`),
    );
  });

  it("turns a build into kfuncs that say where they were seen", async () => {
    const build = await readKernelBuild({ vmlinuz, modulesDir: path.join(root, "modules") });
    const snapshot = buildSnapshot(build, { release: "v7.3", origin: "test build" });
    expect(snapshot).toEqual({
      release: "v7.3",
      origin: "test build",
      kfuncs: [
        { ...only(BBR), seenIn: ["tcp_bbr"] },
        { ...only(VMLINUX_KFUNCS[0]), btfTags: ["bpf_fastcall"], seenIn: ["vmlinux"] },
        { ...only(VMLINUX_KFUNCS[1]), seenIn: ["vmlinux"] },
        {
          name: "bpf_skb_set_fou_encap",
          prototype: "int bpf_skb_set_fou_encap(struct sock *sk)",
          btfTags: [],
          seenIn: ["fou"],
        },
      ].sort((a, b) => (a.name < b.name ? -1 : 1)),
    });
  });

  it("merges a kfunc seen in vmlinux and in a module", () => {
    const snapshot = buildSnapshot(
      { vmlinux: [BBR], modules: new Map([["tcp_bbr", [{ ...BBR, tags: ["bpf_fastcall", "bpf_kfunc"] }]]]) },
      { release: "v7.3", origin: "test" },
    );
    expect(snapshot.kfuncs).toEqual([
      {
        name: "bbr_ssthresh",
        prototype: BBR.prototype,
        btfTags: ["bpf_fastcall"],
        seenIn: ["vmlinux", "tcp_bbr"],
      },
    ]);
  });
});

/** name, prototype and the tags other than bpf_kfunc, as a BuildKfunc carries them. */
function only(k: { name: string; prototype: string; tags: string[] } | undefined) {
  if (!k) throw new Error("missing fixture");
  return { name: k.name, prototype: k.prototype, btfTags: k.tags.filter((t) => t !== "bpf_kfunc") };
}
