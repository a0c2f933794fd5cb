import { afterAll, describe, expect, it } from "vitest";
import { ElfError } from "../elf/elf-error";
import { BtfError } from "./btf-error";
import { readBtfKfuncsFromFile } from "./read-file";
import { elfWithBtf, sampleBaseWriter, sampleSplit, scratchDir } from "./testing/sample-files";

// readBtfKfuncsFromFile: raw BTF or ELF with .BTF, told apart by their first bytes; split BTF with --base.

const scratch = scratchDir();
afterAll(() => scratch.remove());

const EXPECTED_BASE = [
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

describe("readBtfKfuncsFromFile", () => {
  it("reads raw BTF in either byte order", async () => {
    const { w } = sampleBaseWriter();
    expect(await readBtfKfuncsFromFile(scratch.write("le.btf", w.build()))).toEqual(EXPECTED_BASE);
    expect(await readBtfKfuncsFromFile(scratch.write("be.btf", w.build({ littleEndian: false })))).toEqual(
      EXPECTED_BASE,
    );
  });

  it("reads the .BTF section of an ELF file in either byte order", async () => {
    const { w } = sampleBaseWriter();
    expect(await readBtfKfuncsFromFile(scratch.write("le.o", elfWithBtf(w.build())))).toEqual(EXPECTED_BASE);
    const be = elfWithBtf(w.build({ littleEndian: false }), false);
    expect(await readBtfKfuncsFromFile(scratch.write("be.o", be))).toEqual(EXPECTED_BASE);
  });

  it("reads split BTF with a base file", async () => {
    const { base, split } = sampleSplit();
    const basePath = scratch.write("vmlinux", base);
    expect(await readBtfKfuncsFromFile(scratch.write("module", split), { base: basePath })).toEqual([
      { name: "bbr_ssthresh", prototype: "int bbr_ssthresh(struct sock *sk)", tags: ["bpf_kfunc"] },
    ]);
  });

  it("says what is wrong with files that are not BTF", async () => {
    await expect(readBtfKfuncsFromFile(scratch.write("empty", ""))).rejects.toThrow(
      /empty file: neither BTF nor ELF/,
    );
    await expect(readBtfKfuncsFromFile(scratch.write("text", "hello world"))).rejects.toThrow(
      /neither raw BTF \(magic 9f eb\) nor ELF \(7f 45 4c 46\): file starts with 68 65 6c 6c/,
    );
    await expect(readBtfKfuncsFromFile(scratch.write("nobtf.o", elfWithBtf(null)))).rejects.toThrow(
      /ELF file has no \.BTF section/,
    );
    const garbageElf = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0xde, 0xad]);
    await expect(readBtfKfuncsFromFile(scratch.write("garbage.o", garbageElf))).rejects.toThrow(ElfError);
    await expect(readBtfKfuncsFromFile(scratch.write("garbage2.o", garbageElf))).rejects.toThrow(
      /truncated ELF header/,
    );
  });

  it("reports a bad .BTF section with file offsets", async () => {
    const { w } = sampleBaseWriter();
    const btf = w.build();
    btf[2] = 9; // version
    const file = elfWithBtf(btf);
    const error = await readBtfKfuncsFromFile(scratch.write("badbtf.o", file)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BtfError);
    expect((error as BtfError).message).toMatch(
      /unsupported BTF version 9 \(expected 1\) in the \.BTF section \(at byte \d+\)/,
    );
    // The offset points at the version byte inside the file.
    expect(file[(error as BtfError).offset ?? -1]).toBe(9);
  });

  it("names the base when the base is bad, and refuses a base for non-split BTF", async () => {
    const { split } = sampleSplit();
    const badBase = scratch.write("badbase", "not btf");
    await expect(readBtfKfuncsFromFile(scratch.write("m1", split), { base: badBase })).rejects.toThrow(
      new RegExp(`^base ${badBase}: neither raw BTF`),
    );
    const { base } = sampleSplit();
    const shortBase = base.slice(0, 30);
    await expect(
      readBtfKfuncsFromFile(scratch.write("m2", split), { base: scratch.write("shortbase", shortBase) }),
    ).rejects.toThrow(/^base \S+\/shortbase: truncated type section/);
    const { w } = sampleBaseWriter();
    await expect(
      readBtfKfuncsFromFile(scratch.write("notsplit", w.build()), { base: scratch.write("base2", base) }),
    ).rejects.toThrow(/a base BTF was given but this BTF is not split BTF/);
  });
});
