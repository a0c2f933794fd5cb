import { describe, expect, it } from "vitest";
import { parseBtf } from "./btf";
import { BtfError } from "./btf-error";
import { readBtfKfuncs } from "./read-kfuncs";
import { renderDefinition, renderFuncPrototype, renderType } from "./render";
import { BtfWriter } from "./testing/btf-writer";

// C rendering of hand-built types: declarator order, qualifier placement, tags, bodies.

function base() {
  const w = new BtfWriter();
  const t = {
    int: w.int("int", 4, { signed: true }),
    uint: w.int("unsigned int", 4),
    char: w.int("char", 1, { signed: true, char: true }),
    long: w.int("long int", 8, { signed: true }),
  };
  return { w, t };
}

describe("renderType", () => {
  it("places const/volatile/restrict where C needs them", () => {
    const { w, t } = base();
    const constChar = w.const(t.char);
    const ptrToConstChar = w.ptr(constChar);
    const ptrToChar = w.ptr(t.char);
    const constPtrToChar = w.const(ptrToChar);
    const cvInt = w.const(w.volatile(t.int));
    const ptrToCv = w.ptr(cvInt);
    const restrictPtr = w.restrict(w.ptr(t.int));
    const ptrToConstPtrToConstChar = w.ptr(w.const(ptrToConstChar));
    const btf = parseBtf(w.build());

    expect(renderType(btf, ptrToConstChar, "s")).toBe("const char *s");
    expect(renderType(btf, ptrToConstChar)).toBe("const char *");
    expect(renderType(btf, constPtrToChar, "p")).toBe("char *const p");
    expect(renderType(btf, constPtrToChar)).toBe("char *const");
    expect(renderType(btf, ptrToCv, "reg")).toBe("const volatile int *reg");
    expect(renderType(btf, restrictPtr, "dst")).toBe("int *restrict dst");
    expect(renderType(btf, ptrToConstPtrToConstChar, "argv")).toBe("const char *const *argv");
  });

  it("renders arrays, pointers to arrays and arrays of pointers", () => {
    const { w, t } = base();
    const arr4 = w.array(t.int, 4, t.int);
    const ptrToArr = w.ptr(arr4);
    const arrOfPtr = w.array(w.ptr(t.int), 4, t.int);
    const matrix = w.array(w.array(t.int, 3, t.int), 2, t.int);
    // CONST on an array qualifies its elements: here the elements are pointers.
    const constArrOfPtr = w.const(w.array(w.ptr(t.char), 3, t.int));
    const btf = parseBtf(w.build());

    expect(renderType(btf, arr4, "a")).toBe("int a[4]");
    expect(renderType(btf, arr4)).toBe("int[4]");
    expect(renderType(btf, ptrToArr, "rows")).toBe("int (*rows)[4]");
    expect(renderType(btf, arrOfPtr, "slots")).toBe("int *slots[4]");
    expect(renderType(btf, matrix, "m")).toBe("int m[2][3]");
    expect(renderType(btf, constArrOfPtr, "names")).toBe("char *const names[3]");
  });

  it("renders function pointers as parameters, returns and array elements", () => {
    const { w, t } = base();
    const voidPtr = w.ptr(0);
    const cbProto = w.funcProto(0, [["", voidPtr]]);
    const cbPtr = w.ptr(cbProto);
    const handlerArr = w.array(w.ptr(w.funcProto(t.int, [])), 4, t.int);
    const takesCb = w.func(
      "call_with",
      w.funcProto(t.int, [
        ["cb", cbPtr],
        ["ctx", voidPtr],
      ]),
    );
    const returnsCb = w.func("pick", w.funcProto(cbPtr, [["which", t.int]]));
    const cbTypedef = w.typedef("cb_t", cbPtr);
    const btf = parseBtf(w.build());

    expect(renderType(btf, cbPtr, "cb")).toBe("void (*cb)(void *)");
    expect(renderType(btf, cbPtr)).toBe("void (*)(void *)");
    expect(renderType(btf, handlerArr, "handlers")).toBe("int (*handlers[4])(void)");
    expect(renderFuncPrototype(btf, takesCb)).toBe("int call_with(void (*cb)(void *), void *ctx)");
    expect(renderFuncPrototype(btf, returnsCb)).toBe("void (*pick(int which))(void *)");
    expect(renderDefinition(btf, cbTypedef)).toBe("typedef void (*cb_t)(void *);");
  });

  it("renders void returns, empty parameter lists and variadic functions", () => {
    const { w, t } = base();
    const constChar = w.ptr(w.const(t.char));
    const noArgs = w.func("bpf_rcu_read_lock", w.funcProto(0, []));
    const printk = w.func("printk", w.funcProto(t.int, [["fmt", constChar]], { variadic: true }));
    const onlyDots = w.func("anything", w.funcProto(t.long, [], { variadic: true }));
    const btf = parseBtf(w.build());

    expect(renderFuncPrototype(btf, noArgs)).toBe("void bpf_rcu_read_lock(void)");
    expect(renderFuncPrototype(btf, printk)).toBe("int printk(const char *fmt, ...)");
    expect(renderFuncPrototype(btf, onlyDots)).toBe("long int anything(...)");
    expect(renderType(btf, printk)).toBe("int printk(const char *fmt, ...)");
  });

  it("renders struct, union, FWD, enum, enum64, float and typedef names", () => {
    const { w, t } = base();
    const mask = w.struct("bpf_cpumask", 16, []);
    const create = w.func("bpf_cpumask_create", w.funcProto(w.ptr(mask), []));
    const fwdUnion = w.ptr(w.fwd("nf_inet_addr", true));
    const fwdStruct = w.ptr(w.fwd("task_struct"));
    const e = w.enum("pid_type", [["PIDTYPE_PID", 0]]);
    const e64 = w.enum64("big", [["HUGE", 1n << 40n]]);
    const dbl = w.float("double", 8);
    const u32 = w.typedef("u32", t.uint);
    const btf = parseBtf(w.build());

    expect(renderFuncPrototype(btf, create)).toBe("struct bpf_cpumask *bpf_cpumask_create(void)");
    expect(renderType(btf, fwdUnion, "addr")).toBe("union nf_inet_addr *addr");
    expect(renderType(btf, fwdStruct, "p")).toBe("struct task_struct *p");
    expect(renderType(btf, e, "type")).toBe("enum pid_type type");
    expect(renderType(btf, e64, "v")).toBe("enum big v");
    expect(renderType(btf, dbl, "d")).toBe("double d");
    expect(renderType(btf, u32, "cpu")).toBe("u32 cpu");
    expect(renderType(btf, 0)).toBe("void");
  });

  it("inlines anonymous structs, unions and enums, with bitfields", () => {
    const { w, t } = base();
    const anonEnum = w.enum(
      "",
      [
        ["A", 0],
        ["B", -1],
      ],
      { signed: true },
    );
    const anonUnion = w.union("", 4, [
      { name: "i", type: t.int },
      { name: "e", type: anonEnum },
    ]);
    const anonStruct = w.struct("", 8, [
      { name: "lo", type: t.uint, bitOffset: 0, bitfieldSize: 1 },
      { name: "", type: anonUnion, bitOffset: 32 },
    ]);
    const btf = parseBtf(w.build());

    expect(renderType(btf, anonStruct, "x")).toBe(
      "struct { unsigned int lo: 1; union { int i; enum { A = 0, B = -1 } e; }; } x",
    );
  });

  it("writes definitions with bitfields and enumerator values", () => {
    const { w, t } = base();
    const flags = w.struct("flags", 8, [
      { name: "a", type: t.uint, bitOffset: 0, bitfieldSize: 3 },
      { name: "b", type: t.uint, bitOffset: 3, bitfieldSize: 5 },
      { name: "c", type: t.int, bitOffset: 32 },
    ]);
    const e64 = w.enum64(
      "e64",
      [
        ["NEG", -1n],
        ["BIG", 0x1_0000_0000n],
      ],
      { signed: true },
    );
    const ue64 = w.enum64("ue64", [["MAX", 0xffff_ffff_ffff_ffffn]]);
    const fwd = w.fwd("later", true);
    const btf = parseBtf(w.build());

    expect(renderDefinition(btf, flags)).toBe(
      "struct flags {\n\tunsigned int a: 3;\n\tunsigned int b: 5;\n\tint c;\n};",
    );
    expect(renderDefinition(btf, e64)).toBe("enum e64 {\n\tNEG = -1,\n\tBIG = 4294967296,\n};");
    expect(renderDefinition(btf, ue64)).toBe("enum ue64 {\n\tMAX = 18446744073709551615,\n};");
    expect(renderDefinition(btf, fwd)).toBe("union later;");
  });

  it("keeps type tags as attributes by default and drops them in kfunc prototypes", () => {
    const { w, t } = base();
    const arenaVoid = w.ptr(w.typeTag("address_space(1)", 0, true));
    const userInt = w.ptr(w.typeTag("user", t.int));
    const alloc = w.func(
      "bpf_arena_alloc_pages",
      w.funcProto(arenaVoid, [
        ["addr__ign", arenaVoid],
        ["up", userInt],
      ]),
    );
    const btf = parseBtf(w.build());

    expect(renderType(btf, arenaVoid, "p")).toBe("void __attribute__((address_space(1))) *p");
    expect(renderType(btf, userInt, "up")).toBe('int __attribute__((btf_type_tag("user"))) *up');
    expect(renderType(btf, arenaVoid, "p", { typeTags: "drop" })).toBe("void *p");
    expect(renderFuncPrototype(btf, alloc)).toBe("void *bpf_arena_alloc_pages(void *addr__ign, int *up)");
    expect(renderFuncPrototype(btf, alloc, { typeTags: "attribute" })).toBe(
      'void __attribute__((address_space(1))) *bpf_arena_alloc_pages(void __attribute__((address_space(1))) *addr__ign, int __attribute__((btf_type_tag("user"))) *up)',
    );
  });

  it("renders VAR, DATASEC and DECL_TAG", () => {
    const { w, t } = base();
    const v = w.var("counter", t.long, "static");
    const ext = w.var("jiffies", t.long, "extern");
    const sec = w.datasec(".bss", 8, [{ type: v, offset: 0, size: 8 }]);
    const tag = w.declTag("bpf_kfunc", v);
    const attr = w.declTag("noinline", v, -1, true);
    const btf = parseBtf(w.build());

    expect(renderType(btf, v)).toBe("static long int counter");
    expect(renderType(btf, ext)).toBe("extern long int jiffies");
    expect(renderType(btf, sec)).toBe("/* DATASEC .bss: counter */");
    expect(renderType(btf, tag)).toBe('__attribute__((btf_decl_tag("bpf_kfunc")))');
    expect(renderType(btf, attr)).toBe("__attribute__((noinline))");
  });

  it("reports a reference loop instead of recursing forever", () => {
    const w = new BtfWriter();
    const self = w.ptr(w.nextId); // a PTR pointing at itself
    const btf = parseBtf(w.build());
    expect(() => renderType(btf, self)).toThrow(BtfError);
    expect(() => renderType(btf, self)).toThrow(
      "reference loop: type [1] refers back to itself ([1] -> [1]) (at byte 24)",
    );
  });

  // Seen in fuzz.test.ts: a loop was only noticed 256 levels down, and a loop through qualifiers
  // copied the pending qualifiers at every level: ~1 ms per rendering, for every kfunc reaching it.
  it("names the types of a longer loop, and a chain too deep to render", () => {
    const w = new BtfWriter();
    const constant = w.const(w.nextId + 1);
    w.volatile(w.nextId + 1);
    w.restrict(constant);
    const chain = [w.int("int", 4)];
    for (let i = 0; i < 300; i++) chain.push(w.const(chain[i] as number));
    const btf = parseBtf(w.build());
    expect(() => renderType(btf, constant, "x")).toThrow(
      /^reference loop: type \[1\] refers back to itself \(\[1\] -> \[2\] -> \[3\] -> \[1\]\)/,
    );
    expect(() => renderType(btf, chain[300] as number)).toThrow(/type \[\d+\] nests deeper than 256 levels/);
    expect(renderType(btf, chain[200] as number, "x")).toMatch(/^(const )+int x$/);
  });

  // Found by fuzz.test.ts: 27 prototypes, each taking the one before it as parameters, rendered
  // 2^27 times over and ran out of memory instead of failing.
  it("gives up on a type that expands exponentially, instead of hanging", () => {
    const chain = (depth: number) => {
      const { w, t } = base();
      let proto = w.funcProto(t.int, []);
      for (let i = 1; i < depth; i++) {
        const callback = w.ptr(proto);
        proto = w.funcProto(t.int, [
          ["a", callback],
          ["b", callback],
        ]);
      }
      const f = w.func("bpf_blowup", proto);
      w.declTag("bpf_kfunc", f);
      return { bytes: w.build(), proto, f };
    };
    const short = chain(2);
    expect(renderType(parseBtf(short.bytes), short.proto)).toBe("int (int (*a)(void), int (*b)(void))");

    const { bytes, proto, f } = chain(30);
    const btf = parseBtf(bytes);
    expect(() => renderType(btf, proto, "x")).toThrow(BtfError);
    expect(() => renderType(btf, proto, "x")).toThrow(/rendering needs more than 10000 types/);
    expect(() => renderFuncPrototype(btf, f)).toThrow(/rendering needs more than 10000 types/);
    expect(() => readBtfKfuncs(bytes)).toThrow(BtfError);
  });

  it("refuses to render a non-FUNC as a prototype", () => {
    const { w, t } = base();
    const notProto = w.func("odd", t.int);
    const btf = parseBtf(w.build());
    expect(() => renderFuncPrototype(btf, t.int)).toThrow(/type \[1\] is INT, not FUNC/);
    expect(() => renderFuncPrototype(btf, notProto)).toThrow(
      /points at type \[1\] \(INT\), not a FUNC_PROTO/,
    );
  });
});
