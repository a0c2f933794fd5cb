import fc from "fast-check";
import { describe, it } from "vitest";
import { ElfError } from "../elf/elf-error";
import {
  assertOnlyReaderErrors,
  type FuzzInput,
  fuzzSeed,
  mutatedInputs,
  truncatedInputs,
} from "../testing/fuzz";
import { parseBtf } from "./btf";
import { BtfError } from "./btf-error";
import { extractBtf } from "./read-file";
import {
  btfMutationSeed,
  clangObjects,
  elfMutationSeed,
  everyKind,
  readEverything,
} from "./testing/fuzz-samples";
import { elfWithBtf, sampleSplit } from "./testing/sample-files";

// Fuzzing the BTF reader on BTF in its containers: split BTF read with its base (either one
// mutated or truncated) and ELF files with a .BTF section (through extractBtf). Each must end in a
// BtfError, an ElfError from the ELF wrapper, or a result. Seeds, FUZZ_SEED, FUZZ_RUNS: ../testing/fuzz.ts.

const split = sampleSplit();
const splitBase = parseBtf(split.base);
const splitSample = btfMutationSeed("split BTF", split.split, splitBase);
const baseSample = btfMutationSeed("base of the split BTF", split.base);

const elfSamples: FuzzInput[] = [
  { name: "ELF with every-kind .BTF", bytes: elfWithBtf(everyKind(true)) },
  { name: "big-endian ELF with every-kind .BTF", bytes: elfWithBtf(everyKind(false), false) },
  ...clangObjects().map(({ target, object }) => ({
    name: `clang -target ${target} kfuncs.bpf.c`,
    bytes: object,
  })),
];

const SEEDS = { split: 0xb7f0005, elf: 0xb7f0006 };
const seeds = { split: fuzzSeed(SEEDS.split), elf: fuzzSeed(SEEDS.elf) };

describe(`BTF reader fuzzing in containers (${elfSamples.map((s) => s.name).join("; ")})`, () => {
  it(`split BTF with a base, either one mutated or truncated: only BtfError (seed ${seeds.split})`, () => {
    const inputs = fc.oneof(
      mutatedInputs([splitSample]).map((input) => ({ ...input, base: split.base })),
      truncatedInputs([splitSample]).map((input) => ({ ...input, base: split.base })),
      mutatedInputs([baseSample]).map((input) => ({
        name: input.name,
        bytes: split.split,
        base: input.bytes,
      })),
    );
    assertOnlyReaderErrors("split BTF", seeds.split, inputs, [BtfError], (input) => {
      const base = input.base === split.base ? splitBase : parseBtf(input.base as Uint8Array);
      readEverything(parseBtf(input.bytes, { base }));
    });
  });

  it(`ELF files with .BTF, mutated or truncated: only ElfError or BtfError (seed ${seeds.elf})`, () => {
    const seedsOfElf = elfSamples.map((sample) => elfMutationSeed(sample));
    const inputs = fc.oneof(mutatedInputs(seedsOfElf), truncatedInputs(elfSamples));
    assertOnlyReaderErrors("ELF with .BTF", seeds.elf, inputs, [ElfError, BtfError], (input) =>
      readEverything(parseBtf(extractBtf(input.bytes).btf)),
    );
  });
});
