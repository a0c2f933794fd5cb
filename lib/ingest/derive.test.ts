import { describe, expect, it } from "vitest";
import { evidenceOf } from "../releases/evidence";
import { deriveKfunc, type HumanStateEvent, type ReleaseView } from "./derive";

const KNOWN = ["v6.0", "v6.1", "v6.2", "v6.11", "v6.12", "v6.13", "v6.18"];
const src = (
  tag: string,
  prototype: string | null,
  flags = ["ACQUIRE"],
  progTypes = ["TRACING"],
): ReleaseView => ({
  tag,
  evidence: evidenceOf("SOURCE_TREE"),
  presence: prototype === null ? null : { prototype, flags, progTypes },
});
/** A documented fact, with everything the lifecycle rules ask of one. */
const documented = (
  release: string,
  toState: HumanStateEvent["toState"],
  extra: Partial<HumanStateEvent> = {},
): HumanStateEvent => ({
  kind: toState,
  release,
  at: 0,
  toState,
  actor: "docs",
  rationale: "announced in the commit that made the change",
  evidence: ["https://git.kernel.org/commit/1"],
  removalEarliest: null,
  replacement: null,
  ...extra,
});
const btf = (tag: string, prototype: string | null): ReleaseView => ({
  tag,
  evidence: evidenceOf("BTF"),
  presence: prototype === null ? null : { prototype, flags: [], progTypes: [] },
});

describe("deriveKfunc", () => {
  it("introduces a kfunc in the first release that has it, naming the window", () => {
    const d = deriveKfunc(
      "bpf_cpumask_create",
      [src("v6.1", null), src("v6.12", "struct bpf_cpumask *bpf_cpumask_create(void)")],
      [],
      KNOWN,
    );
    expect(d.events).toEqual([
      expect.objectContaining({
        kind: "INTRODUCED",
        release: "v6.12",
        toState: "UNSTABLE",
        key: "bpf_cpumask_create:introduced:v6.12",
        detail: { earliestPossible: "v6.2", firstIngested: false },
      }),
    ]);
    expect(d.events[0]?.rationale).toMatch(/v6\.2…v6\.12/);
    expect(d).toMatchObject({ state: "UNSTABLE", firstSeen: "v6.12", lastSeen: "v6.12" });
  });

  it("removes a kfunc absent from a later source release", () => {
    const d = deriveKfunc(
      "bpf_task_kptr_get",
      [src("v6.1", "struct task_struct *bpf_task_kptr_get(struct task_struct **pp)"), src("v6.12", null)],
      [],
      KNOWN,
    );
    expect(d.events.map((e) => [e.kind, e.release, e.fromState, e.toState])).toEqual([
      ["INTRODUCED", "v6.1", null, "UNSTABLE"],
      ["REMOVED", "v6.12", "UNSTABLE", "REMOVED"],
    ]);
    expect(d).toMatchObject({ state: "REMOVED", lastSeen: "v6.1" });
  });

  it("never removes on absence from a BTF, which is one build of one config", () => {
    const d = deriveKfunc("bpf_x", [src("v6.12", "int bpf_x(void)"), btf("v6.18", null)], [], KNOWN);
    expect(d.events.map((e) => e.kind)).toEqual(["INTRODUCED"]);
    expect(d.state).toBe("UNSTABLE");
  });

  it("sees signature, flag and program-type changes between source releases", () => {
    const d = deriveKfunc(
      "bbr_main",
      [
        src(
          "v6.1",
          "void bbr_main(struct sock *sk, const struct rate_sample *rs)",
          ["ACQUIRE"],
          ["STRUCT_OPS"],
        ),
        src(
          "v6.12",
          "void bbr_main(struct sock *sk, u32 ack, int flag, const struct rate_sample *rs)",
          ["ACQUIRE", "RET_NULL"],
          ["STRUCT_OPS", "TRACING"],
        ),
      ],
      [],
      KNOWN,
    );
    const changed = d.events.filter((e) => e.kind !== "INTRODUCED");
    expect(changed.map((e) => e.kind)).toEqual(["SIGNATURE_CHANGED", "FLAGS_CHANGED", "PROG_TYPES_CHANGED"]);
    expect(changed[0]?.detail).toMatchObject({ since: "v6.1" });
  });

  it("sees a flag change hidden behind BTF builds, between the source releases around them", () => {
    const views = (after: string[]) => [
      src("v6.1", "int bpf_x(int a)", ["ACQUIRE"], ["TRACING"]),
      btf("v6.12", "int bpf_x(int a)"),
      src("v6.18", "int bpf_x(int a)", after, ["TRACING", "XDP"]),
    ];
    const changed = deriveKfunc("bpf_x", views(["ACQUIRE", "RET_NULL"]), [], KNOWN).events.filter(
      (e) => e.kind !== "INTRODUCED",
    );
    expect(changed.map((e) => [e.kind, e.release, e.detail.since])).toEqual([
      ["FLAGS_CHANGED", "v6.18", "v6.1"],
      ["PROG_TYPES_CHANGED", "v6.18", "v6.1"],
    ]);
    expect(changed[0]?.rationale).toBe("KF flags changed between v6.1 → v6.18.");
    // Nothing to report when the source releases agree.
    const same = [
      src("v6.1", "int bpf_x(int a)"),
      btf("v6.12", "int bpf_x(int a)"),
      src("v6.18", "int bpf_x(int a)"),
    ];
    expect(deriveKfunc("bpf_x", same, [], KNOWN).events.map((e) => e.kind)).toEqual(["INTRODUCED"]);
    // Nor across a removal: a kfunc removed and back starts again.
    const back = [
      src("v6.1", "int bpf_x(int a)", ["ACQUIRE"]),
      src("v6.2", null),
      btf("v6.12", "int bpf_x(int a)"),
      src("v6.18", "int bpf_x(int a)", ["RET_NULL"]),
    ];
    expect(deriveKfunc("bpf_x", back, [], KNOWN).events.map((e) => e.kind)).toEqual([
      "INTRODUCED",
      "REMOVED",
      "REINTRODUCED",
    ]);
    // Also when the removal is documented rather than observed (no source tree lacks it).
    const documentedBack = [
      src("v6.1", "int bpf_x(int a)", ["ACQUIRE"]),
      btf("v6.12", "int bpf_x(int a)"),
      src("v6.18", "int bpf_x(int a)", ["RET_NULL"]),
    ];
    const removed = documented("v6.2", "REMOVED");
    expect(
      deriveKfunc("bpf_x", documentedBack, [removed], KNOWN).events.map((e) => [e.kind, e.release]),
    ).not.toContainEqual(["FLAGS_CHANGED", "v6.18"]);
  });

  it("compares a BTF prototype with a source one by signature, and ignores BTF's missing flags", () => {
    const d = deriveKfunc(
      "bpf_x",
      [
        src("v6.12", "long bpf_x(unsigned long size, struct task_struct *p)"),
        btf("v6.18", "long int bpf_x(long unsigned int size, struct task_struct *task)"),
      ],
      [],
      KNOWN,
    );
    expect(d.events.map((e) => e.kind)).toEqual(["INTRODUCED"]);
    // The catalog keeps the newest prototype; flags fall back to the newest source release.
    expect(d.latest?.prototype).toMatch(/long int/);
  });

  it("applies documented state changes in release order and records violations", () => {
    const d = deriveKfunc(
      "scx_bpf_dispatch",
      [
        src("v6.12", "void scx_bpf_dispatch(struct task_struct *p, u64 dsq_id, u64 slice, u64 enq_flags)"),
        src("v6.13", null),
      ],
      [documented("v6.13", "DEPRECATED", { removalEarliest: "v6.15", replacement: "scx_bpf_dsq_insert" })],
      KNOWN,
    );
    expect(d.state).toBe("REMOVED");
    const removed = d.events.find((e) => e.kind === "REMOVED");
    expect(removed).toMatchObject({ fromState: "DEPRECATED", release: "v6.13" });
    // State at v6.12 was UNSTABLE, so the removal in v6.13 broke no schedule.
    expect(d.events.some((e) => e.kind === "POLICY_VIOLATION")).toBe(false);
  });

  it("flags a stable kfunc whose signature changed", () => {
    const d = deriveKfunc(
      "bpf_y",
      [src("v6.1", "int bpf_y(u32 a)"), src("v6.12", "int bpf_y(u64 a)")],
      [documented("v6.1", "STABLE")],
      KNOWN,
    );
    expect(d.events.filter((e) => e.kind === "POLICY_VIOLATION").map((e) => e.detail)).toEqual([
      { rule: "STABLE_SIGNATURE_CHANGED" },
    ]);
  });

  it("brings a removed kfunc back as reintroduced", () => {
    const d = deriveKfunc(
      "bpf_z",
      [src("v6.1", "int bpf_z(void)"), src("v6.12", null), btf("v6.18", "int bpf_z(void)")],
      [],
      KNOWN,
    );
    expect(d.events.map((e) => e.kind)).toEqual(["INTRODUCED", "REMOVED", "REINTRODUCED"]);
    expect(d.state).toBe("UNSTABLE");
  });

  it("gives the same events whatever order releases arrive in", () => {
    const views = [src("v6.12", null), src("v6.1", "int bpf_q(void)")];
    expect(deriveKfunc("bpf_q", views, [], KNOWN)).toEqual(
      deriveKfunc("bpf_q", [...views].reverse(), [], KNOWN),
    );
  });

  describe("human events pass through the lifecycle rules", () => {
    const present = [src("v6.1", "int bpf_w(void)"), src("v6.12", "int bpf_w(void)")];

    it("records a deprecation with its schedule and replacement", () => {
      const d = deriveKfunc(
        "bpf_w",
        present,
        [documented("v6.12", "DEPRECATED", { removalEarliest: "v6.15", replacement: "bpf_w2" })],
        KNOWN,
      );
      expect(d).toMatchObject({
        state: "DEPRECATED",
        deprecation: { release: "v6.12", removalEarliest: "v6.15" },
        replacement: "bpf_w2",
        refused: [],
      });
    });

    it("refuses a deprecation that names no earliest removal release, leaving the kfunc unstable", () => {
      const d = deriveKfunc("bpf_w", present, [documented("v6.12", "DEPRECATED")], KNOWN);
      expect(d.state).toBe("UNSTABLE");
      expect(d.deprecation).toBeNull();
      expect(d.refused).toHaveLength(1);
      expect(d.refused[0]?.problems.map((p) => p.field)).toEqual(["removalEarliest"]);
    });

    it("refuses a promotion that brings no evidence of production use", () => {
      const d = deriveKfunc("bpf_w", present, [documented("v6.1", "STABLE", { evidence: [] })], KNOWN);
      expect(d.state).toBe("UNSTABLE");
      expect(d.refused[0]?.problems.map((p) => p.field)).toEqual(["evidence"]);
    });

    it("refuses to deprecate a kfunc the kernel already removed", () => {
      const d = deriveKfunc(
        "bpf_w",
        [src("v6.1", "int bpf_w(void)"), src("v6.12", null)],
        [documented("v6.13", "DEPRECATED", { removalEarliest: "v6.15" })],
        KNOWN,
      );
      expect(d.state).toBe("REMOVED");
      expect(d.refused[0]).toMatchObject({ from: "REMOVED" });
    });

    it("takes a documented removal that the ingested releases confirm as agreement, not a refusal", () => {
      const d = deriveKfunc(
        "bpf_w",
        [src("v6.1", "int bpf_w(void)"), src("v6.12", null)],
        [documented("v6.12", "REMOVED")],
        KNOWN,
      );
      expect(d).toMatchObject({ state: "REMOVED", refused: [] });
    });
    it("records a documented deprecation that names no removal release as such", () => {
      const d = deriveKfunc(
        "bpf_obj_new_impl",
        [src("v6.12", "void *bpf_obj_new_impl(u64 local_type_id__k, void *meta__ign)")],
        [documented("v6.13", "DEPRECATED", { replacement: "bpf_obj_new", removalAnnounced: false })],
        KNOWN,
      );
      expect(d).toMatchObject({
        state: "DEPRECATED",
        deprecation: { release: "v6.13", removalEarliest: null },
        replacement: "bpf_obj_new",
        refused: [],
      });
    });

    it("drops the replacement of a renamed kfunc when its name comes back", () => {
      const d = deriveKfunc(
        "bpf_stream_vprintk",
        [
          src("v6.11", "int bpf_stream_vprintk(int id)"),
          src("v6.12", null),
          src("v6.13", "int bpf_stream_vprintk(int id)"),
        ],
        [{ ...documented("v6.12", "REMOVED", { replacement: "bpf_stream_vprintk_impl" }), kind: "RENAMED" }],
        KNOWN,
      );
      expect(d.events.map((e) => e.kind)).toContain("REINTRODUCED");
      expect(d).toMatchObject({ state: "UNSTABLE", replacement: null, replacementEnded: true });
    });

    it("lets an observation win over a documented removal in a release that has the kfunc", () => {
      const d = deriveKfunc(
        "cubictcp_cwnd_event",
        [
          src("v6.12", "void cubictcp_cwnd_event(struct sock *sk, enum tcp_ca_event event)"),
          btf("v7.1", "void cubictcp_cwnd_event(struct sock *sk, enum tcp_ca_event event)"),
          src("v7.2", null),
        ],
        [documented("v7.1", "REMOVED")],
        [...KNOWN, "v7.1", "v7.2"],
      );
      // Not removed in v7.1, where it is seen; removed in v7.2, whose source lacks it.
      expect(d.events.filter((e) => e.kind === "REMOVED").map((e) => e.release)).toEqual(["v7.2"]);
      expect(d.refused[0]?.problems[0]?.message).toMatch(/the ingested v7\.1 has it: the observation wins/);
    });
  });
});
