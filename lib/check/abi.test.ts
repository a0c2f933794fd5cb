import { describe, expect, it } from "vitest";
import { abiShape, compareAbi } from "./abi";

describe("abiShape", () => {
  it("reduces a prototype to its ABI: no names, integer typedefs as one type, no qualifiers", () => {
    expect(abiShape("u32 bpf_cpumask_first(const struct cpumask *cpumask)")).toEqual({
      name: "bpf_cpumask_first",
      returns: "u32",
      params: ["struct cpumask *"],
      variadic: false,
    });
    expect(
      abiShape(
        "void *bpf_dynptr_slice(const struct bpf_dynptr *p, u64 offset, void *buffer__nullable, u64 buffer__szk)",
      ),
    ).toMatchObject({ returns: "void *", params: ["struct bpf_dynptr *", "u64", "void *", "u64"] });
    expect(abiShape("void bpf_rcu_read_lock(void)")).toMatchObject({ returns: "void", params: [] });
    expect(
      abiShape("int f(unsigned int flags, unsigned long long x, long, struct sock *, char buf[16])"),
    ).toMatchObject({
      returns: "s32",
      params: ["u32", "u64", "s64", "struct sock *", "s8 *"],
    });
    expect(abiShape("not a prototype")).toBeNull();
  });
});

describe("compareAbi", () => {
  it("accepts the spellings a program uses for the kernel's types", () => {
    expect(compareAbi("__u64 f(__u32 a, unsigned long long b)", "u64 f(u32 a, u64 b)")).toEqual({
      compatible: true,
    });
    expect(
      compareAbi(
        "struct task_struct *bpf_task_acquire(struct task_struct *)",
        "struct task_struct *bpf_task_acquire(struct task_struct *p)",
      ),
    ).toEqual({ compatible: true });
    // const is not part of what libbpf compares; a void * fits any pointer; an unknown typedef fits.
    expect(compareAbi("u32 f(struct cpumask *m)", "u32 f(const struct cpumask *m)")).toEqual({
      compatible: true,
    });
    expect(compareAbi("int f(void *p)", "int f(struct sock *sk)")).toEqual({ compatible: true });
    expect(compareAbi("int f(my_handle_t h)", "int f(struct sock *sk)")).toEqual({ compatible: true });
  });

  it("says what differs when the shape does not fit", () => {
    expect(compareAbi("int f(u64 a)", "int f(u64 a, u64 b)")).toEqual({
      compatible: false,
      reason: "takes 2 arguments there, the program passes 1 argument",
    });
    expect(compareAbi("int f(u32 a)", "int f(u64 a)")).toEqual({
      compatible: false,
      reason: "argument 1 is u64 there, the program passes u32",
    });
    expect(compareAbi("void f(struct sock *s)", "int f(struct sock *s)")).toMatchObject({
      compatible: false,
    });
    expect(compareAbi("int f(struct sock *s)", "int f(struct task_struct *t)")).toMatchObject({
      compatible: false,
    });
    expect(compareAbi("int f(struct sock **s)", "int f(struct sock *s)")).toMatchObject({
      compatible: false,
    });
  });
});
