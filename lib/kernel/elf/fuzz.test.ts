import { describe, it } from "vitest";
import { compileFixture, hasClang } from "../btf/testing/compile-fixture";
import {
  assertOnlyReaderErrors,
  type Field,
  fuzzSeed,
  type MutationSeed,
  mutatedInputs,
  randomInputs,
  truncatedInputs,
} from "../testing/fuzz";
import { SHT } from "./elf-constants";
import { ElfError } from "./elf-error";
import { type ElfFile, findSection, parseElf, sectionData } from "./read-elf";
import { readRelocations } from "./read-relocations";
import { readSymbols } from "./read-symbols";
import { buildElf, buildRel, buildSymtab } from "./testing/elf-writer";

// Fuzzing the ELF reader: truncated, mutated and random files must end in an ElfError or a result,
// never another exception, a hang or a huge allocation (see ../testing/fuzz.ts for the seeds).

/** Everything the reader offers, on every section; an ElfError in one section does not stop the rest. */
function readEverything(bytes: Uint8Array): void {
  const elf = parseElf(bytes);
  findSection(elf, ".BTF");
  readSymbols(elf);
  for (const section of elf.sections) {
    tolerateElfError(() => {
      const data = sectionData(elf, section);
      const inFile = section.type !== SHT.NOBITS && section.type !== SHT.NULL;
      if (inFile && data.length !== section.size) {
        throw new Error(
          `section [${section.index}] data has ${data.length} bytes, not sh_size ${section.size}`,
        );
      }
      if (section.type === SHT.SYMTAB || section.type === SHT.DYNSYM) readSymbols(elf, section);
      if (section.type === SHT.REL || section.type === SHT.RELA) readRelocations(elf, section);
    });
  }
}

function tolerateElfError(run: () => void): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ElfError)) throw error;
  }
}

/** A BPF-object-like file with every section kind the reader decodes: symbols, REL, RELA, NOBITS. */
function writerSample(littleEndian: boolean): Uint8Array {
  const { symtab, strtab } = buildSymtab(
    [
      { name: "prog", type: 2, bind: 1, sectionIndex: 1, size: 16 },
      { name: "bpf_task_acquire", type: 0, bind: 1, sectionIndex: 0 },
      { name: "bpf_optional_kfunc", type: 0, bind: 2, sectionIndex: 0 },
      { name: "counter", type: 1, bind: 0, sectionIndex: 7, size: 8 },
    ],
    littleEndian,
  );
  const rela = new Uint8Array(24);
  rela.set(buildRel([{ offset: 8, symbolIndex: 3, type: 1 }], littleEndian));
  return buildElf(
    [
      { name: "tc", type: SHT.PROGBITS, data: new Uint8Array(16), flags: 6 },
      { name: ".BTF", type: SHT.PROGBITS, data: Uint8Array.from([0x9f, 0xeb, 1, 0]) },
      { name: ".symtab", type: SHT.SYMTAB, data: symtab, link: 4, info: 1, entsize: 24 },
      { name: ".strtab", type: SHT.STRTAB, data: strtab },
      {
        name: ".reltc",
        type: SHT.REL,
        data: buildRel([{ offset: 8, symbolIndex: 2, type: 10 }], littleEndian),
        link: 3,
        info: 1,
        entsize: 16,
      },
      { name: ".relatc", type: SHT.RELA, data: rela, link: 3, info: 1, entsize: 24 },
      { name: ".bss", type: SHT.NOBITS, data: new Uint8Array(0) },
    ],
    { littleEndian },
  );
}

const SECTION_TYPES = Object.values(SHT).map(BigInt);

/**
 * The fields worth aiming at, record by record: the file header, each section header, each symbol and
 * relocation. Indexes get the file's section indexes as meaningful values, sh_type the known types.
 */
function elfRecords(elf: ElfFile): Field[][] {
  const shoff = Number(elf.view.u64(40));
  const indexes = [...elf.sections.keys(), 0xff00, 0xfff1, 0xffff].map(BigInt);
  const records: Field[][] = [
    [
      { at: 16, width: 2 }, // e_type
      { at: 40, width: 8 }, // e_shoff
      { at: 58, width: 2, values: [64n] }, // e_shentsize
      { at: 60, width: 2, values: [0n, BigInt(elf.sections.length)] }, // e_shnum
      { at: 62, width: 2, values: indexes }, // e_shstrndx
    ],
  ];
  for (const section of elf.sections) {
    const at = shoff + section.index * 64;
    records.push([
      { at, width: 4 }, // sh_name
      { at: at + 4, width: 4, values: SECTION_TYPES }, // sh_type
      { at: at + 8, width: 8 }, // sh_flags
      { at: at + 24, width: 8 }, // sh_offset
      { at: at + 32, width: 8 }, // sh_size
      { at: at + 40, width: 4, values: indexes }, // sh_link
      { at: at + 44, width: 4, values: indexes }, // sh_info
      { at: at + 56, width: 8, values: [0n, 16n, 24n] }, // sh_entsize
    ]);
    if (section.type === SHT.SYMTAB) {
      for (let sym = section.offset; sym < section.offset + section.size; sym += 24) {
        records.push([
          { at: sym, width: 4 }, // st_name
          { at: sym + 4, width: 1 }, // st_info
          { at: sym + 6, width: 2, values: indexes }, // st_shndx
          { at: sym + 16, width: 8 }, // st_size
        ]);
      }
    }
    if (section.type === SHT.REL || section.type === SHT.RELA) {
      for (let rel = section.offset; rel < section.offset + section.size; rel += section.entsize || 16) {
        records.push([
          { at: rel, width: 8 }, // r_offset
          { at: rel + 8, width: 8 }, // r_info
        ]);
      }
    }
  }
  return records;
}

function mutationSeed(name: string, bytes: Uint8Array): MutationSeed {
  const elf = parseElf(bytes);
  return {
    name,
    bytes,
    littleEndian: elf.littleEndian,
    records: elfRecords(elf),
    small: elf.sections.length + 2,
  };
}

const samples: MutationSeed[] = [
  mutationSeed("writer, little-endian", writerSample(true)),
  mutationSeed("writer, big-endian", writerSample(false)),
  // Few sections, so that mutations often land together on the same one (.shstrtab here).
  mutationSeed("one section", buildElf([{ name: ".text", type: SHT.PROGBITS, data: new Uint8Array(8) }])),
];
if (hasClang) {
  for (const target of ["bpfel", "bpfeb"] as const) {
    const compiled = compileFixture("kfuncs.bpf.c", target);
    samples.push(mutationSeed(`clang -target ${target} kfuncs.bpf.c`, new Uint8Array(compiled.bytes)));
    compiled.cleanup();
  }
}

/** Starts for random files: the magic alone, an ELF64 ident, a valid header whose section table follows it. */
function randomPrefixes(): Uint8Array[] {
  const prefixes = [Uint8Array.of(0x7f, 0x45, 0x4c, 0x46)];
  for (const littleEndian of [true, false]) {
    prefixes.push(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, littleEndian ? 1 : 2, 1));
    const header = writerSample(littleEndian).slice(0, 64);
    const view = new DataView(header.buffer);
    view.setBigUint64(40, 64n, littleEndian); // e_shoff: right after the header
    view.setUint16(60, 4, littleEndian); // e_shnum
    view.setUint16(62, 1, littleEndian); // e_shstrndx
    prefixes.push(header);
  }
  return prefixes;
}

const SEEDS = { truncated: 0xe1f0001, mutated: 0xe1f0002, random: 0xe1f0003 };
const seeds = {
  truncated: fuzzSeed(SEEDS.truncated),
  mutated: fuzzSeed(SEEDS.mutated),
  random: fuzzSeed(SEEDS.random),
};

describe(`ELF reader fuzzing (${samples.map((s) => s.name).join("; ")})`, () => {
  it(`truncated files: only ElfError (seed ${seeds.truncated})`, () => {
    assertOnlyReaderErrors("ELF truncated", seeds.truncated, truncatedInputs(samples), [ElfError], (input) =>
      readEverything(input.bytes),
    );
  });

  it(`mutated files, header fields above all: only ElfError (seed ${seeds.mutated})`, () => {
    assertOnlyReaderErrors("ELF mutated", seeds.mutated, mutatedInputs(samples), [ElfError], (input) =>
      readEverything(input.bytes),
    );
  });

  it(`random bytes, with and without an ELF header: only ElfError (seed ${seeds.random})`, () => {
    assertOnlyReaderErrors(
      "ELF random",
      seeds.random,
      randomInputs(randomPrefixes(), 512),
      [ElfError],
      (input) => readEverything(input.bytes),
    );
  });
});
