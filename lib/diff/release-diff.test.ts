import { describe, expect, it } from "vitest";
import { diffReleases, groupBySubsystem, type PresenceFacts } from "./release-diff";
import { wordDiff } from "./word-diff";

const k = (
  name: string,
  prototype: string,
  flags: string[] = [],
  progTypes: string[] = ["TRACING"],
  subsystem = "kernel/bpf",
): PresenceFacts => ({
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
    const d = diffReleases(v61, v612, true);
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
    expect(diffReleases(v61, btf, false).changed.map((c) => c.name)).toEqual(["bbr_main"]);
  });

  it("groups by subsystem", () => {
    expect(groupBySubsystem(v61).map(([s, items]) => [s, items.length])).toEqual([
      ["kernel/bpf", 3],
      ["net/ipv4", 1],
    ]);
  });
});

describe("wordDiff", () => {
  it("marks inserted parameters and changed types", () => {
    const parts = wordDiff("int f(u32 *off)", "int f(s32 *off)");
    expect(parts.filter((p) => p.change === "removed").map((p) => p.text)).toEqual(["u32"]);
    expect(parts.filter((p) => p.change === "added").map((p) => p.text)).toEqual(["s32"]);
    const bbr = wordDiff(
      "void bbr_main(struct sock *sk, const struct rate_sample *rs)",
      "void bbr_main(struct sock *sk, u32 ack, int flag, const struct rate_sample *rs)",
    );
    expect(
      bbr
        .filter((p) => p.change === "added")
        .map((p) => p.text)
        .join(""),
    ).toContain("u32 ack, int flag,");
    expect(bbr.some((p) => p.change === "removed")).toBe(false);
  });
});
