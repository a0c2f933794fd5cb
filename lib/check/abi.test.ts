import { describe, expect, it } from "vitest";
import { abiShape, compareAbi } from "./abi";

describe("abiShape", () => {
  it("reduces a prototype to its ABI: no names, integer typedefs as one type, no qualifiers", () => {
    expect(abiShape("u32 bpf_cpumask_first(const struct cpumask *cpumask)")).toEqual({
      name: "bpf_cpumask_first",
      returns: { kind: "int", name: "u32", pointers: 0 },
      params: [{ kind: "struct", name: "struct cpumask", pointers: 1 }],
      variadic: false,
    });
    const names = (p: string) => abiShape(p)?.params.map((t) => `${t.name}${"*".repeat(t.pointers)}`);
    expect(
      names(
        "void *bpf_dynptr_slice(const struct bpf_dynptr *p, u64 offset, void *buffer__nullable, u64 buffer__szk)",
      ),
    ).toEqual(["struct bpf_dynptr*", "u64", "void*", "u64"]);
    expect(abiShape("void bpf_rcu_read_lock(void)")?.params).toEqual([]);
    expect(
      names("int f(unsigned int flags, unsigned long long x, long, struct sock *, char buf[16], gfp_t g)"),
    ).toEqual(["u32", "u64", "s64", "struct sock*", "s8*", "u32"]);
    expect(abiShape("not a prototype")).toBeNull();
  });
});

describe("compareAbi: libbpf's rule", () => {
  it("matches the spellings a program uses for the kernel's types", () => {
    expect(compareAbi("__u64 f(__u32 a, unsigned long long b)", "u64 f(u32 a, u64 b)")).toEqual({
      fit: "match",
    });
    expect(
      compareAbi(
        "struct task_struct *bpf_task_acquire(struct task_struct *)",
        "struct task_struct *bpf_task_acquire(struct task_struct *p)",
      ),
    ).toEqual({ fit: "match" });
    expect(compareAbi("u32 f(struct cpumask *m)", "u32 f(const struct cpumask *m)")).toEqual({
      fit: "match",
    });
    // A typedef this module cannot resolve is not judged; nor is a function pointer.
    expect(compareAbi("int f(my_handle_t h)", "int f(struct sock *sk)")).toEqual({ fit: "unknown" });
    expect(compareAbi("int f(int (*cb)(void *))", "int f(int (*cb)(void *, int))")).toEqual({
      fit: "unknown",
    });
    // A qualified typedef without a name (as a compiled object's BTF renders it) is a type, not a name.
    expect(compareAbi("struct task_struct *f(const s32)", "struct task_struct *f(s32 pid)")).toEqual({
      fit: "match",
    });
  });

  it("refuses what libbpf refuses: another arity, kind or pointer depth", () => {
    expect(compareAbi("int f(u64 a)", "int f(u64 a, u64 b)")).toEqual({
      fit: "incompatible",
      reason: "takes 2 arguments there, the program passes 1 argument",
    });
    expect(compareAbi("void f(struct sock *s)", "int f(struct sock *s)")).toEqual({
      fit: "incompatible",
      reason: "returns s32 there, the program expects void",
    });
    expect(compareAbi("int f(struct sock **s)", "int f(struct sock *s)")).toMatchObject({
      fit: "incompatible",
    });
    expect(compareAbi("int f(u64 s)", "int f(struct sock *s)")).toMatchObject({ fit: "incompatible" });
    // A void * for a struct pointer: libbpf compares what they point to, void against a struct.
    expect(compareAbi("int f(void *p)", "int f(struct sock *sk)")).toMatchObject({ fit: "incompatible" });
    expect(compareAbi("int f(enum e x)", "int f(int x)")).toMatchObject({ fit: "incompatible" });
    // A struct the program only forward-declared is a FWD in its BTF, not the kernel's STRUCT.
    expect(
      compareAbi(
        "struct task_struct *f(struct task_struct *)",
        "struct task_struct *f(struct task_struct *p)",
        ["struct task_struct"],
      ),
    ).toEqual({
      fit: "incompatible",
      reason:
        "struct task_struct (returns) is only forward-declared in the program; libbpf needs the definition (include vmlinux.h)",
    });
  });

  it("flags what libbpf accepts but names another type", () => {
    expect(compareAbi("int f(u32 a)", "int f(u64 a)")).toEqual({
      fit: "differs",
      reason: "argument 1 is u64 there, the program passes u32",
    });
    expect(compareAbi("int f(struct sock *s)", "int f(struct task_struct *t)")).toEqual({
      fit: "differs",
      reason: "argument 1 is struct task_struct * there, the program passes struct sock *",
    });
  });
});
