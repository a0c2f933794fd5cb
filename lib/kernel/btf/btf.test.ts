import { describe, expect, it } from "vitest";
import { parseBtf } from "./btf";
import { BtfWriter } from "./testing/btf-writer";

// Decoding of every BTF kind from hand-built bytes, in both byte orders, and split BTF.

function everyKind() {
  const w = new BtfWriter();
  const int = w.int("int", 4, { signed: true });
  const ids = {
    int,
    bool: w.int("_Bool", 1, { bool: true }),
    char: w.int("char", 1, { signed: true, char: true }),
    ptr: w.ptr(int),
    array: w.array(int, 4, int),
    struct: w.struct("flags", 8, [
      { name: "a", type: int, bitOffset: 0, bitfieldSize: 3 },
      { name: "b", type: int, bitOffset: 3, bitfieldSize: 5 },
      { name: "c", type: int, bitOffset: 32 },
    ]),
    union: w.union("u", 4, [{ name: "i", type: int }]),
    enum: w.enum(
      "e",
      [
        ["E_NEG", -1],
        ["E_ONE", 1],
      ],
      { signed: true },
    ),
    uenum: w.enum("ue", [["UE_BIG", 0xffffffff]]),
    fwdStruct: w.fwd("later"),
    fwdUnion: w.fwd("ulater", true),
    typedef: w.typedef("myint", int),
    volatile: w.volatile(int),
    const: w.const(int),
    restrict: w.restrict(int),
    proto: w.funcProto(int, [["x", int]], { variadic: true }),
    func: w.func("f", 0, "static"),
    var: w.var("v", int, "extern"),
    datasec: w.datasec(".data", 4, [{ type: 0, offset: 0, size: 4 }]),
    float: w.float("double", 8),
    declTag: w.declTag("bpf_kfunc", 0),
    memberTag: w.declTag("member_tag", 0, 1),
    typeTag: w.typeTag("user", int),
    attrTag: w.typeTag("address_space(1)", int, true),
    enum64: w.enum64(
      "e64",
      [
        ["BIG", 0xffff_ffff_ffffn],
        ["NEG", -2n],
      ],
      { signed: true },
    ),
    uenum64: w.enum64("ue64", [["MAX", 0xffff_ffff_ffff_ffffn]]),
  };
  return { w, ids };
}

describe("parseBtf", () => {
  for (const littleEndian of [true, false]) {
    it(`decodes every kind (${littleEndian ? "little" : "big"}-endian)`, () => {
      const { w, ids } = everyKind();
      const btf = parseBtf(w.build({ littleEndian }));
      expect(btf.header.littleEndian).toBe(littleEndian);
      expect(btf.firstId).toBe(1);
      expect(btf.typeCount).toBe(w.nextId);
      expect(btf.declTagIds).toEqual([ids.declTag, ids.memberTag]);

      expect(btf.getType(0)).toEqual({ kind: "VOID", id: 0, name: "void" });
      expect(btf.getType(ids.int)).toMatchObject({
        kind: "INT",
        name: "int",
        size: 4,
        signed: true,
        bits: 32,
      });
      expect(btf.getType(ids.bool)).toMatchObject({ kind: "INT", bool: true, signed: false });
      expect(btf.getType(ids.char)).toMatchObject({ kind: "INT", char: true, signed: true });
      expect(btf.getType(ids.ptr)).toEqual({ kind: "PTR", id: ids.ptr, name: "", type: ids.int });
      expect(btf.getType(ids.array)).toMatchObject({
        kind: "ARRAY",
        type: ids.int,
        indexType: ids.int,
        nelems: 4,
      });
      expect(btf.getType(ids.struct)).toMatchObject({
        kind: "STRUCT",
        name: "flags",
        size: 8,
        members: [
          { name: "a", type: ids.int, bitOffset: 0, bitfieldSize: 3 },
          { name: "b", type: ids.int, bitOffset: 3, bitfieldSize: 5 },
          { name: "c", type: ids.int, bitOffset: 32, bitfieldSize: 0 },
        ],
      });
      expect(btf.getType(ids.union)).toMatchObject({
        kind: "UNION",
        members: [{ name: "i", bitfieldSize: 0 }],
      });
      expect(btf.getType(ids.enum)).toMatchObject({
        kind: "ENUM",
        signed: true,
        values: [
          { name: "E_NEG", value: -1n },
          { name: "E_ONE", value: 1n },
        ],
      });
      expect(btf.getType(ids.uenum)).toMatchObject({
        signed: false,
        values: [{ name: "UE_BIG", value: 0xffffffffn }],
      });
      expect(btf.getType(ids.fwdStruct)).toMatchObject({ kind: "FWD", name: "later", fwdKind: "struct" });
      expect(btf.getType(ids.fwdUnion)).toMatchObject({ kind: "FWD", fwdKind: "union" });
      expect(btf.getType(ids.typedef)).toMatchObject({ kind: "TYPEDEF", name: "myint", type: ids.int });
      expect(btf.kindOf(ids.volatile)).toBe("VOLATILE");
      expect(btf.kindOf(ids.const)).toBe("CONST");
      expect(btf.kindOf(ids.restrict)).toBe("RESTRICT");
      expect(btf.getType(ids.proto)).toMatchObject({
        kind: "FUNC_PROTO",
        returnType: ids.int,
        params: [{ name: "x", type: ids.int }],
        variadic: true,
      });
      expect(btf.getType(ids.func)).toMatchObject({ kind: "FUNC", name: "f", linkage: "static" });
      expect(btf.getType(ids.var)).toMatchObject({
        kind: "VAR",
        name: "v",
        type: ids.int,
        linkage: "extern",
      });
      expect(btf.getType(ids.datasec)).toMatchObject({
        kind: "DATASEC",
        name: ".data",
        entries: [{ type: 0, offset: 0, size: 4 }],
      });
      expect(btf.getType(ids.float)).toMatchObject({ kind: "FLOAT", name: "double", size: 8 });
      expect(btf.getType(ids.declTag)).toMatchObject({
        kind: "DECL_TAG",
        componentIdx: -1,
        attribute: false,
      });
      expect(btf.getType(ids.memberTag)).toMatchObject({ kind: "DECL_TAG", componentIdx: 1 });
      expect(btf.getType(ids.typeTag)).toMatchObject({ kind: "TYPE_TAG", name: "user", attribute: false });
      expect(btf.getType(ids.attrTag)).toMatchObject({ kind: "TYPE_TAG", attribute: true });
      expect(btf.getType(ids.enum64)).toMatchObject({
        kind: "ENUM64",
        size: 8,
        signed: true,
        values: [
          { name: "BIG", value: 0xffff_ffff_ffffn },
          { name: "NEG", value: -2n },
        ],
      });
      expect(btf.getType(ids.uenum64)).toMatchObject({
        signed: false,
        values: [{ value: 0xffff_ffff_ffff_ffffn }],
      });
    });
  }

  it("decodes an old-style bitfield (kind_flag clear, INT with fewer bits than its size)", () => {
    const w = new BtfWriter();
    const narrow = w.int("unsigned int", 4, { bits: 3 });
    const s = w.struct("old", 4, [{ name: "f", type: narrow, bitOffset: 5 }]);
    const btf = parseBtf(w.build());
    expect(btf.getType(s)).toMatchObject({ members: [{ name: "f", bitOffset: 5, bitfieldSize: 3 }] });
  });

  it("reads split BTF against its base: ids and string offsets continue the base's", () => {
    const baseWriter = new BtfWriter();
    const int = baseWriter.int("int", 4, { signed: true });
    const task = baseWriter.struct("task_struct", 0, []);
    const baseBtf = parseBtf(baseWriter.build());

    const w = new BtfWriter({ typeCount: baseWriter.nextId, strLen: baseWriter.strLen });
    const ptr = w.ptr(task);
    const proto = w.funcProto(int, [["p", ptr]]);
    const func = w.func("mod_func", proto);
    const btf = parseBtf(w.build(), { base: baseBtf });

    expect(btf.firstId).toBe(3);
    expect(ptr).toBe(3);
    expect(btf.typeCount).toBe(6);
    expect(btf.getType(func)).toMatchObject({ kind: "FUNC", name: "mod_func", type: proto });
    expect(btf.getType(task)).toMatchObject({ kind: "STRUCT", name: "task_struct" });
    expect(btf.nameOf(int)).toBe("int");
  });
});
