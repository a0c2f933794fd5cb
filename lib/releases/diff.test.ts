import { describe, expect, it } from "vitest";
import { diffReleases, groupBySubsystem, type KfuncFacts } from "./diff";
import { evidenceOf } from "./evidence";

const SOURCE = evidenceOf("SOURCE_TREE");
const BTF = evidenceOf("BTF");

const k = (
  name: string,
  prototype: string,
  flags: string[] = [],
  progTypes: string[] = ["TRACING"],
  subsystem = "kernel/bpf",
): KfuncFacts => ({
  name,
  subsystem,
  prototype,
  flags,
  progTypes,
});

describe("diffReleases", () => {
  const v61 = [
    k("bpf_task_kptr_get", "struct task_struct *bpf_task_kptr_get(struct task_struct **pp)", [
      "ACQUIRE",
      "KPTR_GET",
    ]),
    k(
      "bbr_main",
      "void bbr_main(struct sock *sk, const struct rate_sample *rs)",
      [],
      ["STRUCT_OPS"],
      "net/ipv4",
    ),
    k("bpf_task_acquire", "struct task_struct *bpf_task_acquire(struct task_struct *p)", ["ACQUIRE"]),
    k("bpf_same", "int bpf_same(int a)"),
  ];
  const v612 = [
    k(
      "bbr_main",
      "void bbr_main(struct sock *sk, u32 ack, int flag, const struct rate_sample *rs)",
      [],
      ["STRUCT_OPS"],
      "net/ipv4",
    ),
    k("bpf_task_acquire", "struct task_struct *bpf_task_acquire(struct task_struct *task)", [
      "ACQUIRE",
      "RET_NULL",
    ]),
    k("bpf_cpumask_create", "struct bpf_cpumask *bpf_cpumask_create(void)", ["ACQUIRE", "RET_NULL"]),
    k("bpf_same", "int bpf_same(int b)"),
  ];

  it("lists added, removed and changed kfuncs with what changed", () => {
    const d = diffReleases(
      { tag: "v6.1", kfuncs: v61, evidence: SOURCE },
      { tag: "v6.12", kfuncs: v612, evidence: SOURCE },
    );
    expect(d.added.map((p) => p.name)).toEqual(["bpf_cpumask_create"]);
    expect(d.removed.map((p) => p.name)).toEqual(["bpf_task_kptr_get"]);
    expect(d.changed).toEqual([
      {
        name: "bbr_main",
        subsystem: "net/ipv4",
        prototype: { before: v61[1]?.prototype, after: v612[0]?.prototype },
      },
      {
        name: "bpf_task_acquire",
        subsystem: "kernel/bpf",
        flags: { before: ["ACQUIRE"], after: ["ACQUIRE", "RET_NULL"] },
      },
    ]);
    // A renamed parameter is not a change.
    expect(d.unchanged).toBe(1);
  });

  it("ignores flags and program types when one side is a BTF", () => {
    const btf = v612.map((p) => ({ ...p, flags: [], progTypes: [] }));
    expect(
      diffReleases(
        { tag: "v6.1", kfuncs: v61, evidence: SOURCE },
        { tag: "v6.18", kfuncs: btf, evidence: BTF },
      ).changed.map((c) => c.name),
    ).toEqual(["bbr_main"]);
  });

  it("groups by subsystem", () => {
    expect(groupBySubsystem(v61).map(([s, items]) => [s, items.length])).toEqual([
      ["kernel/bpf", 3],
      ["net/ipv4", 1],
    ]);
  });

  it("does not count KF_TRUSTED_ARGS leaving the declarations in v7.0 as a flag change", () => {
    const v619 = [
      k("bpf_task_acquire", "struct task_struct *bpf_task_acquire(struct task_struct *p)", [
        "ACQUIRE",
        "TRUSTED_ARGS",
      ]),
    ];
    const v70 = [
      k("bpf_task_acquire", "struct task_struct *bpf_task_acquire(struct task_struct *p)", ["ACQUIRE"]),
    ];
    const across = diffReleases(
      { tag: "v6.19", kfuncs: v619, evidence: SOURCE },
      { tag: "v7.0", kfuncs: v70, evidence: SOURCE },
    );
    expect(across.changed).toEqual([]);
    // Before v7.0 the flag still meant something: dropping it was a change.
    const before = diffReleases(
      { tag: "v6.12", kfuncs: v619, evidence: SOURCE },
      { tag: "v6.13", kfuncs: v70, evidence: SOURCE },
    );
    expect(before.changed.map((c) => c.flags)).toEqual([
      { before: ["ACQUIRE", "TRUSTED_ARGS"], after: ["ACQUIRE"] },
    ]);
  });
});
