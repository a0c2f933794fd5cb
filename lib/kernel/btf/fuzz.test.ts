import fc from "fast-check";
import { describe, it } from "vitest";
import {
  assertOnlyReaderErrors,
  type FuzzInput,
  fuzzSeed,
  mutatedInputs,
  randomInputs,
  truncatedInputs,
} from "../testing/fuzz";
import { parseBtf } from "./btf";
import { BtfError } from "./btf-error";
import { BTF_KIND } from "./btf-kinds";
import { BtfWriter } from "./testing/btf-writer";
import {
  btfMutationSeed,
  clangObjects,
  everyKind,
  KIND_NUMBERS,
  readEverything,
} from "./testing/fuzz-samples";

// Fuzzing the BTF reader on raw BTF: truncated, mutated and random BTF, and random type graphs,
// must end in a BtfError or a result, never another exception, a hang or a huge allocation. Split
// BTF and BTF inside ELF files: fuzz-containers.test.ts. Seeds, FUZZ_SEED, FUZZ_RUNS: ../testing/fuzz.ts.

const samples = [
  btfMutationSeed("every kind, little-endian", everyKind(true)),
  btfMutationSeed("every kind, big-endian", everyKind(false)),
  ...clangObjects().map(({ target, btf }) => btfMutationSeed(`.BTF of clang -target ${target}`, btf)),
];

const SEEDS = { truncated: 0xb7f0001, mutated: 0xb7f0002, random: 0xb7f0003, graphs: 0xb7f0004 };
const seeds = {
  truncated: fuzzSeed(SEEDS.truncated),
  mutated: fuzzSeed(SEEDS.mutated),
  random: fuzzSeed(SEEDS.random),
  graphs: fuzzSeed(SEEDS.graphs),
};

describe(`BTF reader fuzzing (${samples.map((s) => s.name).join("; ")})`, () => {
  it(`truncated BTF: only BtfError (seed ${seeds.truncated})`, () => {
    assertOnlyReaderErrors("BTF truncated", seeds.truncated, truncatedInputs(samples), [BtfError], (input) =>
      readEverything(parseBtf(input.bytes)),
    );
  });

  it(`mutated BTF, header fields and type records above all: only BtfError (seed ${seeds.mutated})`, () => {
    assertOnlyReaderErrors("BTF mutated", seeds.mutated, mutatedInputs(samples), [BtfError], (input) =>
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
});

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
 * Well-formed-looking BTF of up to 32 random records whose references point among them. Each graph
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
      records: fc.array(record, { minLength: 1, maxLength: 32, size: "max" }),
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
