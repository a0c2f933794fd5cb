import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CheckInputError } from "./check-error";
import { type ObjectScan, scanBpfObject } from "./scan-object";
import { type CompiledObject, canCompileBpf, compileBpf } from "./testing/compile";

// The scanner on real objects compiled from fixtures/portability.bpf.c, whose header says what each
// kfunc in it is for.

describe.skipIf(!canCompileBpf)("scanBpfObject on objects clang compiled", () => {
  const objects: Record<string, CompiledObject> = {};
  beforeAll(() => {
    objects.little = compileBpf("portability.bpf.c", { target: "bpfel" });
    objects.big = compileBpf("portability.bpf.c", { target: "bpfeb" });
    objects.noBtf = compileBpf("portability.bpf.c", { debugInfo: false });
  });
  afterAll(() => {
    for (const o of Object.values(objects)) o.cleanup();
  });

  const scan = (which: string): ObjectScan => scanBpfObject((objects[which] as CompiledObject).bytes);

  it("lists exactly the kfuncs referenced: not helpers, typed ksym variables or kconfig externs", () => {
    const result = scan("little");
    expect(result.kfuncs.map((k) => k.symbol)).toEqual([
      "bpf_cpumask_first",
      "bpf_cpumask_weight",
      "bpf_ct_release",
      "bpf_get_file_xattr",
      "bpf_iter_num_new___compat",
      "bpf_rcu_read_lock",
      "bpf_task_acquire",
      "bpf_task_release",
      "bpf_xdp_ct_lookup",
      "cgroup_rstat_updated",
      "scx_bpf_dispatch",
      "scx_bpf_reenqueue_local___v2",
    ]);
    expect(result.byteOrder).toBe("little");
    expect(result.hasBtf).toBe(true);
  });

  it("tells weak from strong references and strips a final ___flavour as libbpf does", () => {
    const byName = new Map(scan("little").kfuncs.map((k) => [k.symbol, k]));
    expect([...byName.values()].filter((k) => k.weak).map((k) => k.symbol)).toEqual([
      "bpf_iter_num_new___compat",
      "bpf_rcu_read_lock",
      "scx_bpf_reenqueue_local___v2",
    ]);
    expect(byName.get("bpf_iter_num_new___compat")?.name).toBe("bpf_iter_num_new");
    expect(byName.get("bpf_task_acquire")?.name).toBe("bpf_task_acquire");
  });

  it("reads the prototype each kfunc was compiled against from .BTF", () => {
    const byName = new Map(scan("little").kfuncs.map((k) => [k.symbol, k]));
    expect(byName.get("bpf_cpumask_first")?.prototype).toBe(
      "__u32 bpf_cpumask_first(const struct cpumask *, __u32)",
    );
    expect(byName.get("bpf_task_acquire")?.prototype).toBe(
      "struct task_struct *bpf_task_acquire(struct task_struct *)",
    );
    expect(byName.get("bpf_rcu_read_lock")?.prototype).toBe("void bpf_rcu_read_lock(void)");
  });

  it("attributes calls to programs, through subprograms in .text, with types from SEC names", () => {
    const result = scan("little");
    expect(result.programs).toEqual([
      {
        name: "on_newtask",
        section: "tp_btf/task_newtask",
        progType: "TRACING",
        kfuncs: ["bpf_rcu_read_lock", "bpf_task_acquire", "bpf_task_release", "cgroup_rstat_updated"],
      },
      {
        name: "dispatch",
        section: "struct_ops/dispatch",
        progType: "STRUCT_OPS",
        // bpf_cpumask_first and _weight are called from first_cpu(), a subprogram in .text.
        kfuncs: [
          "bpf_cpumask_first",
          "bpf_cpumask_weight",
          "bpf_iter_num_new___compat",
          "scx_bpf_dispatch",
          "scx_bpf_reenqueue_local___v2",
        ],
      },
      {
        name: "xdp_conntrack",
        section: "xdp",
        progType: "XDP",
        kfuncs: ["bpf_ct_release", "bpf_xdp_ct_lookup"],
      },
      { name: "read_xattr", section: "syscall", progType: "SYSCALL", kfuncs: ["bpf_get_file_xattr"] },
    ]);
    const first = result.kfuncs.find((k) => k.symbol === "bpf_cpumask_first");
    expect(first).toMatchObject({ programs: ["dispatch"], progTypes: ["STRUCT_OPS"] });
  });

  it("reads a big-endian object the same way", () => {
    const big = scan("big");
    expect(big.byteOrder).toBe("big");
    expect({ ...big, byteOrder: "little" }).toEqual(scan("little"));
  });

  it("still finds the kfuncs of an object built without -g, with no prototypes", () => {
    const result = scan("noBtf");
    expect(result.hasBtf).toBe(false);
    expect(result.kfuncs.map((k) => k.symbol)).toEqual(scan("little").kfuncs.map((k) => k.symbol));
    expect(result.kfuncs.every((k) => k.prototype === null)).toBe(true);
    expect(result.kfuncs.find((k) => k.symbol === "bpf_rcu_read_lock")?.weak).toBe(true);
  });
});

describe.skipIf(!canCompileBpf)("scanBpfObject on programs written for one question", () => {
  const scanSource = (source: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), "kfunc-src-"));
    try {
      writeFileSync(
        path.join(dir, "p.bpf.c"),
        `#include <linux/types.h>\n#include <bpf/bpf_helpers.h>\n${source}`,
      );
      const object = compileBpf(path.join(dir, "p.bpf.c"));
      try {
        return scanBpfObject(object.bytes);
      } finally {
        object.cleanup();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it("follows a callback passed to bpf_loop(): its kfuncs are the program's", () => {
    const result = scanSource(`
      struct task_struct { int pid; };
      extern struct task_struct *bpf_task_from_pid(int pid) __ksym;
      extern void bpf_task_release(struct task_struct *p) __ksym;
      static int each(__u32 i, void *ctx) {
        struct task_struct *t = bpf_task_from_pid(i);
        if (t) bpf_task_release(t);
        return 0;
      }
      SEC("socket") int prog(void *ctx) { bpf_loop(10, each, 0, 0); return 0; }
      char LICENSE[] SEC("license") = "GPL";`);
    expect(result.programs).toEqual([
      {
        name: "prog",
        section: "socket",
        progType: "SOCKET_FILTER",
        kfuncs: ["bpf_task_from_pid", "bpf_task_release"],
      },
    ]);
  });

  it("says which structs of a prototype the object only forward-declared", () => {
    const result = scanSource(`
      struct task_struct;
      struct cgroup { int id; };
      extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
      extern void cgroup_rstat_updated(struct cgroup *cgrp, int cpu) __ksym;
      SEC("tp_btf/x") int prog(__u64 *ctx) {
        bpf_task_acquire((struct task_struct *)ctx[0]);
        cgroup_rstat_updated((struct cgroup *)ctx[1], 0);
        return 0;
      }
      char LICENSE[] SEC("license") = "GPL";`);
    const forward = Object.fromEntries(result.kfuncs.map((k) => [k.symbol, k.forwardDeclared]));
    expect(forward).toEqual({ bpf_task_acquire: ["struct task_struct"], cgroup_rstat_updated: [] });
  });
});

describe("scanBpfObject refuses what is not a BPF object", () => {
  const refuses = (bytes: Uint8Array, message: RegExp) => {
    expect(() => scanBpfObject(bytes)).toThrow(CheckInputError);
    expect(() => scanBpfObject(bytes)).toThrow(message);
  };

  it("names what it found instead", () => {
    refuses(new Uint8Array(), /empty file/);
    refuses(new TextEncoder().encode("int main(void) { return 0; }\n"), /not an ELF file/);
    refuses(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1), /corrupt ELF file: truncated ELF header/);
  });

  it.skipIf(!canCompileBpf)("refuses an x86-64 object: the machine is not BPF", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "kfunc-x86-"));
    try {
      writeFileSync(path.join(dir, "host.c"), "int answer(void) { return 42; }\n");
      execFileSync("clang", ["-c", "-o", path.join(dir, "host.o"), path.join(dir, "host.c")]);
      refuses(readFileSync(path.join(dir, "host.o")), /not a BPF object: ELF machine 62 \(x86-64\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
