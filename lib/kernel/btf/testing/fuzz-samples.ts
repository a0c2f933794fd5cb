import { findSection, parseElf, sectionData } from "../../elf/read-elf";
import type { Field, FuzzInput, MutationSeed } from "../../testing/fuzz";
import { type Btf, parseBtf } from "../btf";
import { BtfError } from "../btf-error";
import { BTF_KIND } from "../btf-kinds";
import { kfuncsOf } from "../read-kfuncs";
import { renderDefinition, renderFuncPrototype, renderType } from "../render";
import { BtfWriter } from "./btf-writer";
import { compileFixture, hasClang } from "./compile-fixture";

// Samples and checks shared by the BTF fuzz tests (../fuzz.test.ts, ../fuzz-containers.test.ts).

/** Every reader entry point on every type id; a BtfError on one does not stop the rest. */
export function readEverything(btf: Btf): void {
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
export function everyKind(littleEndian: boolean): Uint8Array {
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

export const KIND_NUMBERS = Object.values(BTF_KIND);

/**
 * The fields worth aiming at, record by record: the header's section offsets and lengths, and every
 * word of every type record. Type ids (the own id included, which makes a reference loop) and, for
 * the info word, every kind with the record's vlen, are the meaningful values.
 */
export function btfRecords(btf: Btf): Field[][] {
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

export function btfMutationSeed(name: string, bytes: Uint8Array, base?: Btf): MutationSeed {
  const btf = parseBtf(bytes, { base });
  return {
    name,
    bytes,
    littleEndian: btf.header.littleEndian,
    records: btfRecords(btf),
    small: btf.typeCount + 1,
  };
}

export interface ClangObject {
  target: "bpfel" | "bpfeb";
  /** The whole object file. */
  object: Uint8Array;
  /** A copy of its .BTF section. */
  btf: Uint8Array;
}

/** kfuncs.bpf.c compiled in both byte orders, or nothing when clang is missing. */
export function clangObjects(): ClangObject[] {
  if (!hasClang) return [];
  return (["bpfel", "bpfeb"] as const).map((target) => {
    const compiled = compileFixture("kfuncs.bpf.c", target);
    const object = new Uint8Array(compiled.bytes);
    compiled.cleanup();
    const elf = parseElf(object);
    const section = findSection(elf, ".BTF");
    if (!section) throw new Error(`clang -target ${target} wrote no .BTF`);
    return { target, object, btf: sectionData(elf, section).slice() };
  });
}

/**
 * An ELF file with .BTF as a mutation sample: where each section is (sh_name, sh_type, sh_offset,
 * sh_size) and the .BTF header. The type records inside are the raw BTF fuzz test's business.
 */
export function elfMutationSeed(sample: FuzzInput): MutationSeed {
  const elf = parseElf(sample.bytes);
  const shoff = Number(elf.view.u64(40));
  const records: Field[][] = elf.sections.map((section) => {
    const at = shoff + section.index * 64;
    return [0, 4, 24, 32].map((field) => ({ at: at + field, width: field < 8 ? 4 : 8 }) as Field);
  });
  const btf = findSection(elf, ".BTF");
  if (btf) {
    const header = btfRecords(parseBtf(sectionData(elf, btf)))[0] ?? [];
    records.push(header.map((field) => ({ ...field, at: field.at + btf.offset })));
  }
  return { ...sample, littleEndian: elf.littleEndian, records, small: elf.sections.length + 2 };
}
