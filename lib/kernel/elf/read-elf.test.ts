import { describe, expect, it } from "vitest";
import { compileFixture, hasClang } from "../btf/testing/compile-fixture";
import { seededRandom } from "../btf/testing/seeded-random";
import { EM_BPF, SHN, SHT } from "./elf-constants";
import { ElfError } from "./elf-error";
import { findSection, parseElf, sectionData } from "./read-elf";
import { readRelocations } from "./read-relocations";
import { readSymbols } from "./read-symbols";
import { buildElf, buildRel, buildSymtab } from "./testing/elf-writer";

// The ELF64 reader on hand-built files (both byte orders), on clang output, and on bad input.

const STT_NOTYPE = 0;
const STT_FUNC = 2;
const STB_GLOBAL = 1;
const STB_WEAK = 2;
const R_BPF_64_32 = 10;

function sampleElf(littleEndian: boolean): Uint8Array {
  const { symtab, strtab } = buildSymtab(
    [
      { name: "prog", type: STT_FUNC, bind: STB_GLOBAL, sectionIndex: 1, size: 16 },
      { name: "bpf_task_acquire", type: STT_NOTYPE, bind: STB_GLOBAL, sectionIndex: SHN.UNDEF },
      { name: "bpf_optional_kfunc", type: STT_NOTYPE, bind: STB_WEAK, sectionIndex: SHN.UNDEF },
    ],
    littleEndian,
  );
  return buildElf(
    [
      { name: "tc", type: SHT.PROGBITS, data: new Uint8Array(16), flags: 6 },
      { name: ".BTF", type: SHT.PROGBITS, data: Uint8Array.from([0x9f, 0xeb, 1, 0]) },
      { name: ".symtab", type: SHT.SYMTAB, data: symtab, link: 4, info: 1, entsize: 24 },
      { name: ".strtab", type: SHT.STRTAB, data: strtab },
      {
        name: ".reltc",
        type: SHT.REL,
        data: buildRel([{ offset: 8, symbolIndex: 2, type: R_BPF_64_32 }], littleEndian),
        link: 3,
        info: 1,
        entsize: 16,
      },
    ],
    { littleEndian },
  );
}

describe("parseElf", () => {
  for (const littleEndian of [true, false]) {
    const order = littleEndian ? "little" : "big";
    it(`lists sections with their header fields (${order}-endian)`, () => {
      const elf = parseElf(sampleElf(littleEndian));
      expect(elf.littleEndian).toBe(littleEndian);
      expect(elf.machine).toBe(EM_BPF);
      expect(elf.type).toBe(1);
      expect(elf.sections.map((s) => s.name)).toEqual([
        "",
        "tc",
        ".BTF",
        ".symtab",
        ".strtab",
        ".reltc",
        ".shstrtab",
      ]);
      expect(findSection(elf, ".symtab")).toMatchObject({
        index: 3,
        type: SHT.SYMTAB,
        link: 4,
        info: 1,
        entsize: 24,
      });
      expect(findSection(elf, ".reltc")).toMatchObject({ type: SHT.REL, link: 3, info: 1, entsize: 16 });
      expect(findSection(elf, "tc")).toMatchObject({ flags: 6, size: 16 });
      const btf = findSection(elf, ".BTF");
      expect(btf && Array.from(sectionData(elf, btf))).toEqual([0x9f, 0xeb, 1, 0]);
      expect(findSection(elf, ".missing")).toBeUndefined();
    });

    it(`reads symbols and relocations (${order}-endian)`, () => {
      const elf = parseElf(sampleElf(littleEndian));
      const symbols = readSymbols(elf);
      expect(symbols.map((s) => s.name)).toEqual(["", "prog", "bpf_task_acquire", "bpf_optional_kfunc"]);
      expect(symbols[1]).toMatchObject({
        type: "FUNC",
        bind: "GLOBAL",
        sectionName: "tc",
        size: 16,
        value: 0n,
      });
      expect(symbols[2]).toMatchObject({
        type: "NOTYPE",
        bind: "GLOBAL",
        sectionIndex: 0,
        sectionName: null,
      });
      expect(symbols[3]).toMatchObject({ type: "NOTYPE", bind: "WEAK", visibility: "DEFAULT" });
      const rel = findSection(elf, ".reltc");
      expect(rel && readRelocations(elf, rel)).toEqual([
        { offset: 8, symbolIndex: 2, type: R_BPF_64_32, addend: null },
      ]);
    });
  }

  it.skipIf(!hasClang)(
    hasClang
      ? "reads a clang-compiled BPF object"
      : "reads a clang-compiled BPF object (skipped: clang is not installed)",
    () => {
      const compiled = compileFixture("kfuncs.bpf.c");
      try {
        const elf = parseElf(compiled.bytes);
        expect(elf.machine).toBe(EM_BPF);
        const names = elf.sections.map((s) => s.name);
        expect(names).toEqual(
          expect.arrayContaining([".text", "tc", "license", ".BTF", ".BTF.ext", ".symtab", ".strtab"]),
        );
        const acquire = readSymbols(elf).find((s) => s.name === "bpf_task_acquire");
        expect(acquire).toMatchObject({
          type: "NOTYPE",
          bind: "GLOBAL",
          sectionIndex: SHN.UNDEF,
          sectionName: null,
        });
        // The kfunc call in SEC("tc") is relocated against the undefined symbol.
        const tc = findSection(elf, "tc");
        const relTc = elf.sections.find((s) => s.type === SHT.REL && s.info === tc?.index);
        expect(relTc).toBeDefined();
        const relocations = relTc ? readRelocations(elf, relTc) : [];
        expect(relocations.map((r) => r.symbolIndex)).toContain(acquire?.index);
      } finally {
        compiled.cleanup();
      }
    },
  );
});

describe("ELF bad input", () => {
  const messageOf = (bytes: Uint8Array) => {
    try {
      parseElf(bytes);
    } catch (error) {
      if (error instanceof ElfError) return error.message;
      throw error;
    }
    throw new Error("expected an ElfError");
  };

  it("names the problem", () => {
    expect(messageOf(new Uint8Array(0))).toMatch(/empty input/);
    expect(messageOf(new TextEncoder().encode("#!/bin/sh\necho hi\n"))).toMatch(/not an ELF file/);
    expect(messageOf(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]))).toMatch(
      /truncated ELF header: need 64 bytes, have 6/,
    );
    const elf32 = sampleElf(true);
    elf32[4] = 1;
    expect(messageOf(elf32)).toMatch(/32-bit ELF is not supported/);
    const badData = sampleElf(true);
    badData[5] = 9;
    expect(messageOf(badData)).toMatch(/bad ELF data encoding 9/);
  });

  it("reports section headers or data past the end of the file", () => {
    const bytes = sampleElf(true);
    expect(messageOf(bytes.subarray(0, bytes.length - 10))).toMatch(
      /truncated ELF file: section header table \(7 entries\) spans bytes 296\.\.744 but the file has 734 bytes/,
    );
    const badOffset = sampleElf(true);
    const view = new DataView(badOffset.buffer);
    const shoff = Number(view.getBigUint64(40, true));
    view.setBigUint64(shoff + 64 + 24, 1_000_000n, true); // sh_offset of section 1
    expect(messageOf(badOffset)).toMatch(/section \[1\] data spans bytes 1000000\.\.1000016/);
  });

  // Found by fuzz.test.ts: a .shstrtab turned into a NULL section with sh_size 0xffffffff was never
  // range-checked, and reading a name past the end of the file walked 4 GiB of missing bytes.
  it("rejects a section name table that has no bytes in the file", () => {
    for (const type of [SHT.NULL, SHT.NOBITS]) {
      const bytes = sampleElf(true);
      const view = new DataView(bytes.buffer);
      const shoff = Number(view.getBigUint64(40, true));
      const header = shoff + view.getUint16(62, true) * 64;
      view.setUint32(header, bytes.length, true); // sh_name: past the end of the file
      view.setUint32(header + 4, type, true);
      view.setBigUint64(header + 32, 0xffffffffn, true); // sh_size
      expect(messageOf(bytes)).toBe(
        `section name table [6] (e_shstrndx) has sh_type ${type}, which holds no bytes in the file (at byte ${header + 4})`,
      );
    }
  });

  it("throws only ElfError for every truncation and for random corruption", () => {
    const bytes = sampleElf(true);
    for (let length = 0; length < bytes.length; length++) {
      expect(() => parseElf(bytes.subarray(0, length))).toThrow(ElfError);
    }
    const random = seededRandom(4242);
    for (let round = 0; round < 2000; round++) {
      const copy = bytes.slice();
      copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      try {
        const elf = parseElf(copy);
        readSymbols(elf);
        for (const s of elf.sections) if (s.type === SHT.REL) readRelocations(elf, s);
      } catch (error) {
        if (!(error instanceof ElfError)) throw new Error(`round ${round}: ${String(error)}`);
      }
    }
  });
});
