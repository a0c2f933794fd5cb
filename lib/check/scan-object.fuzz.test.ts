import { describe, it } from "vitest";
import { parseElf, SHT } from "../kernel/elf";
import {
  assertOnlyReaderErrors,
  type Field,
  fuzzSeed,
  type MutationSeed,
  mutatedInputs,
  randomInputs,
  truncatedInputs,
} from "../kernel/testing/fuzz";
import { CheckInputError } from "./check-error";
import { scanBpfObject } from "./scan-object";
import { canCompileBpf, compileBpf } from "./testing/compile";

// Fuzzing the BPF object scanner, what an upload to /check meets first: truncated, mutated and random
// objects end in a CheckInputError or a scan, never another exception, a hang or a huge allocation.
// The samples are fixtures/portability.bpf.c compiled for both byte orders; the mutations aim at what
// the scanner itself reads on top of the ELF and BTF readers (fuzzed on their own): section headers,
// symbols, relocations, and the call and ld_imm64 instructions it follows. Seeds and FUZZ_SEED /
// FUZZ_RUNS as in lib/kernel/testing/fuzz.ts.

function records(bytes: Uint8Array): Field[][] {
  const elf = parseElf(bytes);
  const header: Field[] = [
    { at: 40, width: 8 },
    { at: 58, width: 2 },
    { at: 60, width: 2 },
    { at: 62, width: 2 },
  ];
  const out: Field[][] = [header];
  const shoff = Number(elf.view.u64(40));
  elf.sections.forEach((section, i) => {
    const at = shoff + i * 64;
    out.push([
      { at: at + 4, width: 4, values: [BigInt(SHT.REL), BigInt(SHT.SYMTAB), BigInt(SHT.NOBITS)] },
      { at: at + 8, width: 8, values: [4n, 6n] }, // sh_flags: EXECINSTR, ALLOC|EXECINSTR
      { at: at + 24, width: 8 },
      { at: at + 32, width: 8 },
      { at: at + 40, width: 4 },
      { at: at + 44, width: 4 },
      { at: at + 56, width: 8 },
    ]);
    if (section.type === SHT.SYMTAB) {
      for (let sym = section.offset; sym + 24 <= section.offset + section.size; sym += 24) {
        out.push([
          { at: sym + 4, width: 1, values: [0x12n, 0x10n, 0x20n, 0x03n] }, // st_info: FUNC, weak …
          { at: sym + 6, width: 2 },
          { at: sym + 8, width: 8 },
          { at: sym + 16, width: 8 },
        ]);
      }
    }
    if (section.type === SHT.REL) {
      for (let rel = section.offset; rel + 16 <= section.offset + section.size; rel += 16) {
        out.push([
          { at: rel, width: 8 },
          { at: rel + 8, width: 8 },
        ]);
      }
    }
    if (section.flags & 4) {
      // Instructions: the opcode (call, ld_imm64), the register byte, the immediate.
      for (let insn = section.offset; insn + 8 <= section.offset + section.size; insn += 8) {
        out.push([
          { at: insn, width: 1, values: [0x85n, 0x18n, 0x95n] },
          { at: insn + 1, width: 1, values: [0x10n, 0x01n, 0x40n] },
          { at: insn + 4, width: 4, values: [0xffffffffn, 0n, 1n, 0x7fffffffn] },
        ]);
      }
    }
  });
  return out;
}

const samples: MutationSeed[] = [];
if (canCompileBpf) {
  for (const target of ["bpfel", "bpfeb"] as const) {
    const object = compileBpf("portability.bpf.c", { target });
    const bytes = new Uint8Array(object.bytes);
    object.cleanup();
    const elf = parseElf(bytes);
    samples.push({
      name: `portability.bpf.c, ${target}`,
      bytes,
      littleEndian: elf.littleEndian,
      records: records(bytes),
      small: elf.sections.length + 2,
    });
  }
}

const SEEDS = { truncated: 0xc4ec001, mutated: 0xc4ec002, random: 0xc4ec003 };
const scan = (input: { bytes: Uint8Array }) => scanBpfObject(input.bytes);

describe.skipIf(samples.length === 0)("BPF object scanner fuzzing", () => {
  it(`truncated objects: only CheckInputError (seed ${fuzzSeed(SEEDS.truncated)})`, () => {
    assertOnlyReaderErrors(
      "scan truncated",
      fuzzSeed(SEEDS.truncated),
      truncatedInputs(samples),
      [CheckInputError],
      scan,
    );
  });

  it(`mutated objects, headers, symbols, relocations and calls above all: only CheckInputError (seed ${fuzzSeed(SEEDS.mutated)})`, () => {
    assertOnlyReaderErrors(
      "scan mutated",
      fuzzSeed(SEEDS.mutated),
      mutatedInputs(samples),
      [CheckInputError],
      scan,
    );
  });

  it(`random bytes after an ELF header of a BPF object: only CheckInputError (seed ${fuzzSeed(SEEDS.random)})`, () => {
    const headers = samples.map((s) => s.bytes.slice(0, 64));
    assertOnlyReaderErrors(
      "scan random",
      fuzzSeed(SEEDS.random),
      randomInputs(headers, 1024),
      [CheckInputError],
      scan,
    );
  });
});
