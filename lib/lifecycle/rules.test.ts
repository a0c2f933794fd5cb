import { describe, expect, it } from "vitest";
import { evidenceOf } from "../releases/evidence";
import {
  allowedTargets,
  checkReschedule,
  checkTransition,
  findPolicyViolations,
  type TransitionRequest,
} from "./rules";

// Cases written from the policy (docs/kernel-facts.md section 1),
// one sentence of it each, never from the rules table itself.

const decision = (request: Partial<TransitionRequest> & Pick<TransitionRequest, "from" | "to">) =>
  checkTransition({ actor: "maintainer", ...request });

const WHY = "used by Cilium and several sched_ext schedulers in production";
const LINKS = ["https://lore.kernel.org/bpf/some-thread"];

describe("every kfunc starts unstable; promotion to stable needs evidence and a maintainer", () => {
  it("a maintainer promotes an unstable kfunc that has a rationale and evidence of production use", () => {
    expect(decision({ from: "UNSTABLE", to: "STABLE", rationale: WHY, evidence: LINKS })).toMatchObject({
      ok: true,
      kind: "PROMOTED",
    });
  });

  it("a promotion without evidence or rationale is refused, naming each missing field", () => {
    const result = decision({ from: "UNSTABLE", to: "STABLE", evidence: ["  "] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field).sort()).toEqual(["evidence", "rationale"]);
  });

  it("the ingester never promotes: kernel data holds no stable flag", () => {
    const result = checkTransition({
      from: "UNSTABLE",
      to: "STABLE",
      actor: "ingest",
      rationale: WHY,
      evidence: LINKS,
    });
    expect(result.ok).toBe(false);
    expect(allowedTargets("UNSTABLE", "ingest")).not.toContain("STABLE");
  });

  it("a removed kfunc cannot be promoted; it comes back as unstable first", () => {
    const result = decision({ from: "REMOVED", to: "STABLE", rationale: WHY, evidence: LINKS });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toMatch(/comes back as unstable/);
  });
});

describe("a stable kfunc keeps its promise; removal comes only after a deprecation period", () => {
  it("a stable kfunc cannot be demoted back to unstable", () => {
    const result = decision({ from: "STABLE", to: "UNSTABLE", rationale: WHY });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toMatch(/cannot be demoted/);
  });

  it("a maintainer cannot remove a stable kfunc without deprecating it first", () => {
    const result = decision({ from: "STABLE", to: "REMOVED", rationale: WHY, release: "v6.13" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toContainEqual({
        field: "actor",
        message: expect.stringMatching(/deprecated before/),
      });
    }
  });

  it("when a kernel drops a stable kfunc anyway, the removal is recorded as a broken promise", () => {
    const result = checkTransition({ from: "STABLE", to: "REMOVED", actor: "ingest", release: "v6.13" });
    expect(result).toMatchObject({ ok: true, violation: expect.stringMatching(/without being deprecated/) });
  });
});

describe("a deprecation has a replacement, a schedule and a reason", () => {
  const deprecate = { to: "DEPRECATED" as const, rationale: WHY, release: "v6.13", replacement: "bpf_new" };

  it("an unstable or a stable kfunc can be deprecated with an earliest removal release after it", () => {
    for (const from of ["UNSTABLE", "STABLE"] as const) {
      expect(decision({ ...deprecate, from, removalEarliest: "v6.15" })).toMatchObject({
        ok: true,
        kind: "DEPRECATED",
      });
    }
  });

  it("a deprecation without an earliest removal release, or with one not after it, is refused", () => {
    for (const removalEarliest of [null, "v6.13", "v6.12"]) {
      const result = decision({ ...deprecate, from: "UNSTABLE", removalEarliest });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.map((p) => p.field)).toEqual(["removalEarliest"]);
    }
  });

  it("upstream may deprecate without naming a removal release: a documented fact says so, a decision may not", () => {
    const none = { ...deprecate, from: "UNSTABLE" as const, removalEarliest: null, removalAnnounced: false };
    expect(decision({ ...none, actor: "docs" })).toMatchObject({ ok: true, kind: "DEPRECATED" });
    const own = decision({ ...none, actor: "maintainer" });
    expect(own.ok).toBe(false);
    if (!own.ok) expect(own.problems.map((p) => p.field)).toEqual(["removalEarliest"]);
    // Silence is not "none announced": a documented deprecation that just lacks the field is refused.
    expect(decision({ ...deprecate, from: "UNSTABLE", actor: "docs", removalEarliest: null }).ok).toBe(false);
  });

  it("a removed kfunc cannot be deprecated", () => {
    expect(decision({ ...deprecate, from: "REMOVED", removalEarliest: "v6.15" }).ok).toBe(false);
  });

  it("a deprecation can be withdrawn, back to the state before it, with a reason", () => {
    expect(decision({ from: "DEPRECATED", to: "STABLE", rationale: WHY })).toMatchObject({
      ok: true,
      kind: "UNDEPRECATED",
    });
    expect(decision({ from: "DEPRECATED", to: "UNSTABLE" }).ok).toBe(false);
  });

  it("the kernel may drop a deprecated kfunc, and may bring a removed one back", () => {
    expect(
      checkTransition({ from: "DEPRECATED", to: "REMOVED", actor: "ingest", release: "v6.15" }),
    ).toMatchObject({
      ok: true,
      kind: "REMOVED",
      violation: null,
    });
    expect(
      checkTransition({ from: "REMOVED", to: "UNSTABLE", actor: "ingest", release: "v6.18" }),
    ).toMatchObject({
      ok: true,
      kind: "REINTRODUCED",
    });
  });

  it("an observed removal must say in which release", () => {
    const result = checkTransition({ from: "UNSTABLE", to: "REMOVED", actor: "ingest" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field)).toEqual(["release"]);
  });
});

describe("a kfunc that is already in a state cannot move to it again", () => {
  it("refuses a no-op", () => {
    expect(decision({ from: "STABLE", to: "STABLE", rationale: WHY }).ok).toBe(false);
  });
});

describe("policy checks from data alone", () => {
  const src = (tag: string, prototype: string | null, flags: string[] = ["ACQUIRE"]) => ({
    tag,
    evidence: evidenceOf("SOURCE_TREE"),
    presence: prototype === null ? null : { prototype, flags, progTypes: ["TRACING"] },
  });
  const btf = (tag: string, prototype: string | null) => ({
    tag,
    evidence: evidenceOf("BTF"),
    presence: prototype === null ? null : { prototype, flags: [], progTypes: [] },
  });

  it("a stable kfunc whose prototype or flags changed breaks the promise", () => {
    const found = findPolicyViolations(
      [src("v6.1", "int f(u32 a)"), src("v6.12", "int f(u64 a)", ["ACQUIRE", "RET_NULL"])],
      () => "STABLE",
      null,
    );
    expect(found.map((v) => v.rule)).toEqual(["STABLE_SIGNATURE_CHANGED", "STABLE_FLAGS_CHANGED"]);
  });

  it("a stable kfunc whose flags changed behind BTF builds still breaks the promise", () => {
    // BTF knows no flags: v6.1's are compared with v6.18's across the v6.12 build.
    const changed = findPolicyViolations(
      [src("v6.1", "int f(u32 a)"), btf("v6.12", "int f(u32 a)"), src("v6.18", "int f(u32 a)", ["RET_NULL"])],
      () => "STABLE",
      null,
    );
    expect(changed.map((v) => [v.rule, v.release])).toEqual([["STABLE_FLAGS_CHANGED", "v6.18"]]);
    const same = findPolicyViolations(
      [src("v6.1", "int f(u32 a)"), btf("v6.12", "int f(u32 a)"), src("v6.18", "int f(u32 a)")],
      () => "STABLE",
      null,
    );
    expect(same).toEqual([]);
    // Promoted only after the flag change (unstable in v6.1): no promise was broken.
    const promotedLater = findPolicyViolations(
      [src("v6.1", "int f(u32 a)"), btf("v6.12", "int f(u32 a)"), src("v6.18", "int f(u32 a)", ["RET_NULL"])],
      (tag) => (tag === "v6.1" ? "UNSTABLE" : "STABLE"),
      null,
    );
    expect(promotedLater).toEqual([]);
  });

  it("a renamed parameter is not a signature change, and an unstable kfunc promised nothing", () => {
    expect(
      findPolicyViolations([src("v6.1", "int f(u32 a)"), src("v6.12", "int f(u32 b)")], () => "STABLE", null),
    ).toEqual([]);
    expect(
      findPolicyViolations(
        [src("v6.1", "int f(u32 a)"), src("v6.12", "int f(u64 a)")],
        () => "UNSTABLE",
        null,
      ),
    ).toEqual([]);
  });

  it("a stable kfunc that vanished without deprecation, or a deprecated one removed early, breaks it", () => {
    const vanished = findPolicyViolations(
      [src("v6.1", "int f(void)"), src("v6.12", null)],
      () => "STABLE",
      null,
    );
    expect(vanished.map((v) => v.rule)).toEqual(["STABLE_REMOVED_UNDEPRECATED"]);
    const early = findPolicyViolations(
      [src("v6.1", "int f(void)"), src("v6.12", null)],
      () => "DEPRECATED",
      "v6.15",
    );
    expect(early.map((v) => v.rule)).toEqual(["REMOVED_BEFORE_SCHEDULE"]);
    const onTime = findPolicyViolations(
      [src("v6.1", "int f(void)"), src("v6.15", null)],
      () => "DEPRECATED",
      "v6.15",
    );
    expect(onTime).toEqual([]);
  });

  it("absence from one BTF build is not removal, and a BTF's missing flags are not a change", () => {
    expect(
      findPolicyViolations([src("v6.12", "int f(void)"), btf("v6.18", null)], () => "STABLE", null),
    ).toEqual([]);
    expect(
      findPolicyViolations([src("v6.12", "int f(void)"), btf("v6.18", "int f(void)")], () => "STABLE", null),
    ).toEqual([]);
  });
});

describe("checkReschedule (a maintainer moves a deprecation's removal release)", () => {
  it("accepts a later removal release with a rationale", () => {
    expect(
      checkReschedule({
        actor: "maintainer",
        deprecatedIn: "v7.1",
        removalEarliest: "v7.4",
        rationale: "users asked",
      }),
    ).toEqual([]);
  });

  it("refuses a removal release not after the deprecation, a missing rationale, and the ingester", () => {
    const fields = (r: Parameters<typeof checkReschedule>[0]) => checkReschedule(r).map((p) => p.field);
    expect(
      fields({ actor: "maintainer", deprecatedIn: "v7.1", removalEarliest: "v7.1", rationale: "x" }),
    ).toEqual(["removalEarliest"]);
    expect(
      fields({ actor: "maintainer", deprecatedIn: "v7.1", removalEarliest: "v7.3", rationale: " " }),
    ).toEqual(["rationale"]);
    expect(fields({ actor: "ingest", deprecatedIn: "v7.1", removalEarliest: "v7.3" })).toEqual(["actor"]);
    expect(fields({ actor: "docs", deprecatedIn: "v7.1", removalEarliest: null })).toEqual([
      "removalEarliest",
    ]);
  });
});
