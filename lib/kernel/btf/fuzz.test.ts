import fc from "fast-check";
import { describe, it } from "vitest";
import { ElfError } from "../elf/elf-error";
import { findSection, parseElf, sectionData } from "../elf/read-elf";
import {
  assertOnlyReaderErrors,
  type Field,
  type FuzzInput,
  fuzzSeed,
  type MutationSeed,
  mutatedInputs,
  randomInputs,
  truncatedInputs,
} from "../testing/fuzz";
import { type Btf, parseBtf } from "./btf";
import { BtfError } from "./btf-error";
import { BTF_KIND } from "./btf-kinds";
import { extractBtf } from "./read-file";
import { kfuncsOf } from "./read-kfuncs";
import { renderDefinition, renderFuncPrototype, renderType } from "./render";
import { BtfWriter } from "./testing/btf-writer";
import { compileFixture, hasClang } from "./testing/compile-fixture";
import { elfWithBtf, sampleSplit } from "./testing/sample-files";

// Fuzzing the BTF reader: truncated, mutated and random BTF (raw, split with a base, inside an ELF
// file) must end in a BtfError (or an ElfError from the ELF wrapper) or a result, never another
// exception, a hang or a huge allocation. Seeds and FUZZ_SEED / FUZZ_RUNS: see ../testing/fuzz.ts.

/** Every reader entry point on every type id; a BtfError on one does not stop the rest. */
function readEverything(btf: Btf): void {
  for (let id = 0; id < btf.typeCount; id++) {
    tolerateBtfError(() => btf.nameOf(id));
    const type = tolerateBtfError(() => btf.getType(id));
    const kind = tolerateBtfError(() => btf.kindOf(id));
    if (type === undefined || kind === undefined) continue;
    // Both ways of writing type tags, on every other id.
    tolerateBtfError(() => renderType(btf, id, "x", { typeTags: id % 2 === 0 ? "attribute" : "drop" }));
    if (HAS_OWN_DEFINITION.has(kind)) tolerateBtfError(() => renderDefinition(btf, id));
    if (kind === "FUNC") tolerateBtfError(() => renderFuncPrototype(btf, id));
  }
  kfuncsOf(btf);
}

/** Kinds renderDefinition writes differently from renderType (a body, a typedef line). */
const HAS_OWN_DEFINITION = new Set(["STRUCT", "UNION", "ENUM", "ENUM64", "TYPEDEF", "FWD"]);

/** What `run` returns, or undefined when it throws a BtfError. */
function tolerateBtfError<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof BtfError)) throw error;
    return undefined;
  }
}

/** One type of every kind, with bitfields, an anonymous union, a variadic prototype and tagged kfuncs. */
function everyKind(littleEndian: boolean): Uint8Array {
  const w = new BtfWriter();
  const int = w.int("int", 4, { signed: true });
  const uint = w.int("unsigned int", 4);
  const char = w.int("char", 1, { signed: true, char: true });
  w.int("_Bool", 1, { bool: true });
  const threeBits = w.int("unsigned int", 4, { bits: 3 });
  const flags = w.struct("flags", 8, [
    { name: "on", type: uint, bitfieldSize: 1 },
    { name: "level", type: uint, bitOffset: 1, bitfieldSize: 5 },
    { name: "count", type: int, bitOffset: 32 },
  ]);
  const either = w.union("", 4, [
    { name: "i", type: int },
    { name: "u", type: uint },
  ]);
  const row = w.array(int, 4, uint);
  const outer = w.struct("outer", 24, [
    { name: "", type: either },
    { name: "row", type: row, bitOffset: 32 },
    { name: "old", type: threeBits, bitOffset: 160 },
  ]);
  w.enum(
    "state",
    [
      ["STATE_A", 0],
      ["STATE_B", -1],
    ],
    { signed: true },
  );
  w.enum64("wide", [["WIDE", 1n << 40n]]);
  w.fwd("task_struct");
  w.fwd("u", true);
  const u32 = w.typedef("u32", uint);
  w.float("double", 8);
  const user = w.ptr(w.typeTag("user", int));
  const arena = w.ptr(w.typeTag("address_space(1)", 0, true));
  const callback = w.ptr(w.funcProto(0, [["", w.ptr(0)]]));
  const name = w.func(
    "fixture_name",
    w.funcProto(
      w.ptr(w.const(char)),
      [
        ["p", w.ptr(w.volatile(int))],
        ["rows", w.restrict(w.ptr(row))],
        ["cb", callback],
        ["f", w.ptr(flags)],
        ["o", w.ptr(outer)],
        ["up", user],
        ["a", arena],
        ["n", u32],
      ],
      { variadic: true },
    ),
  );
  w.declTag("bpf_kfunc", name);
  w.declTag("bpf_fastcall", name);
  w.declTag("param", name, 0);
  w.declTag("plain", name, -1, true);
  const counter = w.var("counter", int, "static");
  w.datasec(".data", 4, [{ type: counter, offset: 0, size: 4 }]);
  return w.build({ littleEndian });
}

const KIND_NUMBERS = Object.values(BTF_KIND);

/**
 * The fields worth aiming at, record by record: the header's section offsets and lengths, and every
 * word of every type record. Type ids (the own id included, which makes a reference loop) and, for
 * the info word, every kind with the record's vlen, are the meaningful values.
 */
function btfRecords(btf: Btf): Field[][] {
  const { header } = btf;
  const records: Field[][] = [[4, 8, 12, 16, 20].map((at) => ({ at, width: 4 as const }))];
  const ids = Array.from({ length: btf.typeCount + 1 }, (_, id) => BigInt(id));
  for (let id = btf.firstId; id < btf.typeCount; id++) {
    const start = btf.recordOffset(id) as number;
    const end = btf.recordOffset(id + 1) ?? header.typeEnd;
    const fields: Field[] = [];
    for (let at = start; at < end; at += 4) {
      const word = (at - start) / 4;
      if (word === 1) {
        const infos = KIND_NUMBERS.flatMap((kind) => [kind << 24, (kind << 24) | 1, (kind << 24) | 0xffff]);
        fields.push({ at, width: 4, values: [...infos, 1 << 31].map((info) => BigInt(info >>> 0)) });
      } else {
        fields.push({ at, width: 4, values: ids });
      }
    }
    records.push(fields);
  }
  return records;
}

function mutationSeed(name: string, bytes: Uint8Array, base?: Btf): MutationSeed {
  const btf = parseBtf(bytes, { base });
  return {
    name,
    bytes,
    littleEndian: btf.header.littleEndian,
    records: btfRecords(btf),
    small: btf.typeCount + 1,
  };
}

const rawSamples: MutationSeed[] = [
  mutationSeed("every kind, little-endian", everyKind(true)),
  mutationSeed("every kind, big-endian", everyKind(false)),
];
const elfSamples: FuzzInput[] = [
  { name: "ELF with every-kind .BTF", bytes: elfWithBtf(everyKind(true)) },
  { name: "big-endian ELF with every-kind .BTF", bytes: elfWithBtf(everyKind(false), false) },
];
if (hasClang) {
  for (const target of ["bpfel", "bpfeb"] as const) {
    const compiled = compileFixture("kfuncs.bpf.c", target);
    const object = new Uint8Array(compiled.bytes);
    compiled.cleanup();
    const elf = parseElf(object);
    const btf = findSection(elf, ".BTF");
    if (!btf) throw new Error(`clang -target ${target} wrote no .BTF`);
    rawSamples.push(mutationSeed(`.BTF of clang -target ${target}`, sectionData(elf, btf).slice()));
    elfSamples.push({ name: `clang -target ${target} kfuncs.bpf.c`, bytes: object });
  }
}
const split = sampleSplit();
const splitBase = parseBtf(split.base);
const splitSample = mutationSeed("split BTF", split.split, splitBase);
const baseSample = mutationSeed("base of the split BTF", split.base);

const SEEDS = {
  truncated: 0xb7f0001,
  mutated: 0xb7f0002,
  random: 0xb7f0003,
  graphs: 0xb7f0004,
  split: 0xb7f0005,
  elf: 0xb7f0006,
};
const seeds = Object.fromEntries(
  Object.entries(SEEDS).map(([name, seed]) => [name, fuzzSeed(seed)]),
) as typeof SEEDS;

describe(`BTF reader fuzzing (${rawSamples.map((s) => s.name).join("; ")})`, () => {
  it(`truncated BTF: only BtfError (seed ${seeds.truncated})`, () => {
    assertOnlyReaderErrors(
      "BTF truncated",
      seeds.truncated,
      truncatedInputs(rawSamples),
      [BtfError],
      (input) => readEverything(parseBtf(input.bytes)),
    );
  });

  it(`mutated BTF, header fields and type records above all: only BtfError (seed ${seeds.mutated})`, () => {
    assertOnlyReaderErrors("BTF mutated", seeds.mutated, mutatedInputs(rawSamples), [BtfError], (input) =>
      readEverything(parseBtf(input.bytes)),
    );
  });

  it(`random bytes, with and without the BTF magic: only BtfError (seed ${seeds.random})`, () => {
    const inputs = fc.oneof(randomInputs(magicPrefixes(), 256), sectionsBehindAValidHeader());
    assertOnlyReaderErrors("BTF random", seeds.random, inputs, [BtfError], (input) =>
      readEverything(parseBtf(input.bytes)),
    );
  });

  it(`random type graphs (reference loops, shared anonymous types): only BtfError (seed ${seeds.graphs})`, () => {
    assertOnlyReaderErrors("BTF type graphs", seeds.graphs, typeGraphs(), [BtfError], (input) =>
      readEverything(parseBtf(input.bytes)),
    );
  });

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

/** The ELF section headers and the .BTF header as mutation targets. */
function elfMutationSeed(sample: FuzzInput): MutationSeed {
  const elf = parseElf(sample.bytes);
  const btf = findSection(elf, ".BTF");
  const shoff = Number(elf.view.u64(40));
  const records: Field[][] = elf.sections.map((section) => {
    const at = shoff + section.index * 64;
    return [
      { at, width: 4 },
      { at: at + 4, width: 4 },
      { at: at + 24, width: 8 },
      { at: at + 32, width: 8 },
    ];
  });
  if (btf)
    records.push(
      btfRecords(parseBtf(sectionData(elf, btf)))[0]?.map((f) => ({ ...f, at: f.at + btf.offset })) ?? [],
    );
  return { ...sample, littleEndian: elf.littleEndian, records, small: elf.sections.length + 2 };
}

function magicPrefixes(): Uint8Array[] {
  return [Uint8Array.of(0x9f, 0xeb), Uint8Array.of(0xeb, 0x9f), Uint8Array.of(0x9f, 0xeb, 1, 0, 24, 0, 0, 0)];
}

/** A correct header (either byte order) in front of random type and string sections. */
function sectionsBehindAValidHeader(): fc.Arbitrary<FuzzInput> {
  return fc
    .record({
      types: fc.uint8Array({ maxLength: 128 }),
      strings: fc.uint8Array({ maxLength: 32 }),
      littleEndian: fc.boolean(),
    })
    .map(({ types, strings, littleEndian }) => {
      const typeLen = types.length - (types.length % 4);
      const bytes = new Uint8Array(24 + typeLen + strings.length + 2);
      const view = new DataView(bytes.buffer);
      view.setUint16(0, 0xeb9f, littleEndian);
      view.setUint8(2, 1);
      view.setUint32(4, 24, littleEndian);
      view.setUint32(12, typeLen, littleEndian);
      view.setUint32(16, typeLen, littleEndian);
      view.setUint32(20, strings.length + 2, littleEndian);
      bytes.set(types.subarray(0, typeLen), 24);
      bytes.set(strings, 24 + typeLen + 1); // The string section starts and ends with NUL.
      return { name: `random sections (${littleEndian ? "little" : "big"}-endian)`, bytes };
    });
}

const GRAPH_STRINGS = ["int", "x", "s", "bpf_kfunc", "bpf_fastcall", "user", "address_space(1)"];

/**
 * Well-formed-looking BTF of up to 20 random records whose references point among them. Each graph
 * draws its records from its own few kinds (swarm testing: a graph of only prototypes, or only
 * anonymous structs and pointers, goes deeper than a mix), and has one of three shapes: references
 * anywhere (loops through pointers, qualifiers, typedefs, anonymous structs, prototypes), only to
 * earlier ids, or only to the few ids just before (no loops, but anonymous types and prototypes
 * shared many times over). Now and then a reference, a kind or a vlen is out of range.
 */
function typeGraphs(): fc.Arbitrary<FuzzInput> {
  const reference = fc.oneof(
    { weight: 40, arbitrary: fc.nat(64) },
    { weight: 1, arbitrary: fc.nat(0xffffffff) },
  );
  const record = fc.record({
    kind: fc.oneof(
      { weight: 20, arbitrary: fc.nat(18) },
      { weight: 1, arbitrary: fc.integer({ min: 19, max: 50 }) },
    ),
    vlen: fc.oneof({ weight: 10, arbitrary: fc.nat(3) }, { weight: 1, arbitrary: fc.nat(0xffff) }),
    kindFlag: fc.boolean(),
    name: fc.nat(GRAPH_STRINGS.length),
    references: fc.array(reference, { minLength: 1, maxLength: 4 }),
    words: fc.array(fc.nat(0xffffffff), { minLength: 1, maxLength: 6 }),
  });
  return fc
    .record({
      records: fc.array(record, { minLength: 1, maxLength: 20, size: "max" }),
      kinds: fc.subarray(KIND_NUMBERS, { minLength: 1, maxLength: 4 }),
      anonymous: fc.boolean(),
      shape: fc.constantFrom("anywhere", "earlier", "just before"),
      // One graph in four keeps its out-of-range values; the others are clamped so they parse.
      wild: fc.nat(3).map((n) => n === 0),
      littleEndian: fc.boolean(),
    })
    .map(({ records, kinds, anonymous, shape, wild, littleEndian }) => {
      const w = new BtfWriter();
      const names = [0, ...GRAPH_STRINGS.map((s) => w.str(s))];
      const count = records.length;
      records.forEach((r, index) => {
        const own = index + 1;
        let nextReference = 0;
        let nextWord = 0;
        const raw = () => r.words[nextWord++ % r.words.length] as number;
        const small = () => r.references[nextReference++ % r.references.length] as number;
        // Ids 0..count exist; an acyclic graph points only at void or earlier records.
        const id = () => {
          const value = small();
          if (value > 64 && wild) return value;
          if (shape === "anywhere") return value % (count + 1);
          if (shape === "earlier") return value % own;
          return Math.max(0, own - 1 - (value % 3));
        };
        // Kinds 19..50: ENUM64 or out of range (the kind field has 5 bits: 32..50 wrap around).
        const kind = r.kind < 19 || !wild ? (kinds[r.kind % kinds.length] as number) : r.kind;
        const vlen = r.vlen <= 3 || wild ? r.vlen : r.vlen % 4;
        const name = () => names[small() % names.length] as number;
        const trailer: number[] = [];
        // A huge vlen gets no entries: the scan must report the missing trailer.
        const entries = vlen <= 3 ? vlen : 0;
        switch (kind) {
          case BTF_KIND.INT:
            trailer.push(raw());
            break;
          case BTF_KIND.VAR:
            trailer.push(small() % 4);
            break;
          case BTF_KIND.DECL_TAG:
            trailer.push((small() % 4) - 1);
            break;
          case BTF_KIND.ARRAY:
            trailer.push(id(), id(), raw());
            break;
          case BTF_KIND.STRUCT:
          case BTF_KIND.UNION:
            for (let i = 0; i < entries; i++) trailer.push(name(), id(), raw());
            break;
          case BTF_KIND.ENUM:
            for (let i = 0; i < entries; i++) trailer.push(name(), raw());
            break;
          case BTF_KIND.ENUM64:
            for (let i = 0; i < entries; i++) trailer.push(name(), raw(), raw());
            break;
          case BTF_KIND.FUNC_PROTO:
            for (let i = 0; i < entries; i++) trailer.push(name(), id());
            break;
          case BTF_KIND.DATASEC:
            for (let i = 0; i < entries; i++) trailer.push(id(), raw(), raw());
            break;
        }
        // The third header word is a type id for most kinds, a size for the others; an id fits both.
        const nameOff = anonymous ? 0 : (names[r.name] ?? 0);
        w.record(nameOff, kind, vlen, r.kindFlag, id(), trailer);
      });
      const about = `${count} records of kinds ${kinds.join(",")}, references ${shape}${wild ? ", wild" : ""}`;
      return { name: `type graph of ${about}`, bytes: w.build({ littleEndian }) };
    });
}
