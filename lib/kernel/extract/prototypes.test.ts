import { describe, expect, it } from "vitest";
import { findDefinitions, normaliseParameters } from "./prototypes";
import { SourceFile } from "./source-file";

function definitionsOf(source: string, ...names: string[]) {
  return findDefinitions(new SourceFile("kernel/bpf/x.c", source), new Set(names));
}

describe("prototypes", () => {
  it("normalises parameters: folded spaces, stars attached to names, function types as written", () => {
    expect(normaliseParameters(" struct task_struct  *  p ")).toBe("struct task_struct *p");
    expect(normaliseParameters("const char* const*argv,\n\t u32 n")).toBe("const char *const *argv, u32 n");
    expect(normaliseParameters("int ( *cb )( void *map , int* key )")).toBe("int (*cb)(void *map, int *key)");
    expect(normaliseParameters("bool (less)(struct bpf_rb_node *a, const struct bpf_rb_node *b)")).toBe(
      "bool (less)(struct bpf_rb_node *a, const struct bpf_rb_node *b)",
    );
    expect(normaliseParameters("void")).toBe("void");
  });

  it("finds a definition with its return type on its own line and attributes stripped", () => {
    const [definition] = definitionsOf(
      "__diag_pop()\n\n__bpf_kfunc static noinline\nstruct bpf_cpumask *\n__weak bpf_cpumask_create(void)\n{\n\treturn NULL;\n}\n",
      "bpf_cpumask_create",
    );
    expect(definition).toMatchObject({
      prototype: "struct bpf_cpumask *bpf_cpumask_create(void)",
      line: 5,
      marked: true,
      inlineStub: false,
    });
  });

  it("ignores declarations, calls, comments and macro uses", () => {
    const source = [
      "void crash_kexec(struct pt_regs *regs);",
      "/* void crash_kexec(struct pt_regs *regs) { } */",
      "static int f(void) { if (x) crash_kexec(NULL); return crash_kexec(NULL), 0; }",
      "EXPORT_SYMBOL(crash_kexec);",
    ].join("\n");
    expect(definitionsOf(source, "crash_kexec")).toEqual([]);
  });

  it("keeps attributes that follow the parameter list out of the prototype", () => {
    const [definition] = definitionsOf(
      "void bpf_lock(struct bpf_spin_lock *lock) __acquires(lock) __attribute__((noinline))\n{\n}\n",
      "bpf_lock",
    );
    expect(definition?.prototype).toBe("void bpf_lock(struct bpf_spin_lock *lock)");
  });

  it("marks static inline header stubs", () => {
    const [definition] = definitionsOf(
      "static inline void crash_kexec(struct pt_regs *regs) { }",
      "crash_kexec",
    );
    expect(definition).toMatchObject({
      inlineStub: true,
      prototype: "void crash_kexec(struct pt_regs *regs)",
    });
  });
});
