import { afterAll, describe, expect, it } from "vitest";
import { findSection, parseElf, sectionData } from "../elf/read-elf";
import { parseBtf } from "./btf";
import { readBtfKfuncsFromFile } from "./read-file";
import { kfuncsOf, readBtfKfuncs } from "./read-kfuncs";
import { renderDefinition, renderType } from "./render";
import { compileFixture, hasClang } from "./testing/compile-fixture";

// fixtures/kfuncs.bpf.c compiled by the system clang, in both byte orders: the .BTF
// section is read through the ELF reader and must list exactly the tagged functions.

const EXPECTED = [
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
  { name: "fixture_call", prototype: "int fixture_call(void (*cb)(void *), void *ctx)", tags: ["bpf_kfunc"] },
  {
    name: "fixture_name",
    prototype:
      "const char *fixture_name(const volatile int *p, unsigned long long n, struct fixture_flags *f, int *up)",
    tags: ["bpf_kfunc"],
  },
];

const TITLE = "BTF of a clang-compiled BPF object";
describe.skipIf(!hasClang)(hasClang ? TITLE : `${TITLE} (skipped: clang is not installed)`, () => {
  const cleanups: (() => void)[] = [];
  afterAll(() => {
    for (const cleanup of cleanups) cleanup();
  });

  for (const target of ["bpfel", "bpfeb"] as const) {
    it(`lists exactly the tagged kfuncs (${target})`, async () => {
      const compiled = compileFixture("kfuncs.bpf.c", target);
      cleanups.push(compiled.cleanup);
      expect(parseElf(compiled.bytes).littleEndian).toBe(target === "bpfel");
      const btfBytes = btfSection(compiled.bytes);
      const btf = parseBtf(btfBytes);
      expect(btf.header.littleEndian).toBe(target === "bpfel");

      const kfuncs = readBtfKfuncs(btfBytes);
      expect(kfuncs.map((k) => k.name)).not.toContain("fixture_untagged");
      expect(kfuncs).toEqual(EXPECTED);
      expect(await readBtfKfuncsFromFile(compiled.objectPath)).toEqual(kfuncs);
      expect(kfuncsOf(btf)).toEqual(kfuncs);
    });
  }

  it("renders the bitfield struct, the type tag and the .ksyms DATASEC", () => {
    const compiled = compileFixture("kfuncs.bpf.c");
    cleanups.push(compiled.cleanup);
    const btf = parseBtf(btfSection(compiled.bytes));
    const byName = (kind: string, name: string) => {
      for (let id = 1; id < btf.typeCount; id++)
        if (btf.kindOf(id) === kind && btf.nameOf(id) === name) return id;
      throw new Error(`no ${kind} ${name}`);
    };
    expect(renderDefinition(btf, byName("STRUCT", "fixture_flags"))).toBe(
      "struct fixture_flags {\n\tunsigned int enabled: 1;\n\tunsigned int level: 5;\n\tint count;\n};",
    );
    expect(renderType(btf, byName("FUNC", "fixture_name"))).toContain(
      'int __attribute__((btf_type_tag("user"))) *up',
    );
    expect(renderType(btf, byName("DATASEC", ".ksyms"))).toBe("/* DATASEC .ksyms: bpf_task_acquire */");
    const acquire = btf.getType(byName("FUNC", "bpf_task_acquire"));
    expect(acquire).toMatchObject({ kind: "FUNC", linkage: "extern" });
    expect(renderType(btf, acquire.id)).toBe("struct task_struct *bpf_task_acquire(struct task_struct *)");
  });
});

function btfSection(bytes: Uint8Array): Uint8Array {
  const elf = parseElf(bytes);
  const section = findSection(elf, ".BTF");
  if (!section) throw new Error("the compiled fixture has no .BTF section");
  return sectionData(elf, section);
}
