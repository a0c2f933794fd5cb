import { describe, expect, it } from "vitest";
import { signatureKey, splitTopLevel, stripParameterName } from "./prototype";

describe("signatureKey", () => {
  it("ignores parameter names and spacing", () => {
    expect(signatureKey("struct task_struct *bpf_task_acquire(struct task_struct *p)")).toBe(
      signatureKey("struct task_struct * bpf_task_acquire(struct task_struct *task)"),
    );
  });

  it("treats BTF integer spellings as the source spellings", () => {
    expect(signatureKey("long int bpf_x(long unsigned int a, short int b)")).toBe(
      signatureKey("long bpf_x(unsigned long a, short b)"),
    );
  });

  it("sees a real change: a parameter added or a type changed", () => {
    const before = "void bbr_main(struct sock *sk, const struct rate_sample *rs)";
    const after = "void bbr_main(struct sock *sk, u32 ack, int flag, const struct rate_sample *rs)";
    expect(signatureKey(before)).not.toBe(signatureKey(after));
    expect(signatureKey("int f(u32 *off)")).not.toBe(signatureKey("int f(s32 *off)"));
    expect(signatureKey("int f(struct bpf_dynptr_kern *p)")).not.toBe(
      signatureKey("int f(struct bpf_dynptr *p)"),
    );
  });

  it("treats source spellings BTF does not keep as equal", () => {
    expect(signatureKey("int f(const void __user *p, u64 flags)")).toBe(
      signatureKey("int f(const void *p, u64 flags)"),
    );
    expect(signatureKey("int f(bool (less)(struct n *a, const struct n *b))")).toBe(
      signatureKey("int f(bool (*less)(struct n *, const struct n *))"),
    );
    expect(signatureKey("int f(int (cb)(void *map, int *key), void *aux__ign)")).toBe(
      signatureKey("int f(int (*cb)(void *, int *), void *data__ign)"),
    );
    expect(signatureKey("int f(int (*cb)(void *))")).not.toBe(signatureKey("int f(int (*cb)(long))"));
  });

  it("keeps the verifier's argument suffixes: a changed suffix is a changed contract", () => {
    expect(signatureKey("int f(void *aux__ign)")).not.toBe(signatureKey("int f(void *aux__prog)"));
    expect(stripParameterName("void *data__sz")).toBe("void * __sz");
  });

  it("reads BTF's long long unsigned int as unsigned long long", () => {
    expect(signatureKey("void f(long long unsigned int *x)")).toBe(
      signatureKey("void f(unsigned long long *y)"),
    );
    expect(signatureKey("void f(long long unsigned int *x)")).not.toBe(
      signatureKey("void f(unsigned long *y)"),
    );
  });

  it("reads the 7.0 annotation renames as the same signature: __opt is __nullable, __prog is gone", () => {
    expect(signatureKey("int f(struct bpf_dynptr *p__opt)")).toBe(
      signatureKey("int f(struct bpf_dynptr *p__nullable)"),
    );
    expect(signatureKey("int f(void *aux__prog)")).toBe(signatureKey("int f(void *aux)"));
    // Other suffixes still count.
    expect(signatureKey("int f(void *p__opt)")).not.toBe(signatureKey("int f(void *p__ign)"));
  });

  it("keeps types that look like names", () => {
    expect(stripParameterName("unsigned int")).toBe("unsigned int");
    expect(stripParameterName("struct bpf_cpumask")).toBe("struct bpf_cpumask");
    expect(stripParameterName("const u32")).toBe("const u32");
    expect(stripParameterName("void")).toBe("void");
    expect(stripParameterName("u8 buf[16]")).toBe("u8 [16]");
    expect(stripParameterName("int (*cb)(void *)")).toBe("int (*)(void *)");
  });

  it("splits only top-level commas", () => {
    expect(splitTopLevel("int a, void (*f)(int, char), char b[2]")).toEqual([
      "int a",
      "void (*f)(int, char)",
      "char b[2]",
    ]);
  });
});
