import { describe, expect, it } from "vitest";
import {
  type Actor,
  allowedTargets,
  checkTransition,
  findPolicyViolations,
  LIFECYCLE_STATES,
  type LifecycleState,
  type TransitionRequest,
} from "./lifecycle";

const complete = (from: LifecycleState, to: LifecycleState, actor: Actor): TransitionRequest => ({
  from,
  to,
  actor,
  rationale: "used by Cilium and sched_ext schedulers in production",
  evidence: ["https://lore.kernel.org/bpf/some-thread"],
  release: "v6.13",
  removalEarliest: "v6.15",
});

// The whole table: every (from, to, actor) either allowed with the expected kind, or refused.
const ALLOWED: Record<string, string> = {
  "UNSTABLE->STABLE:maintainer": "PROMOTED",
  "UNSTABLE->STABLE:docs": "PROMOTED",
  "UNSTABLE->DEPRECATED:maintainer": "DEPRECATED",
  "UNSTABLE->DEPRECATED:docs": "DEPRECATED",
  "UNSTABLE->REMOVED:ingest": "REMOVED",
  "UNSTABLE->REMOVED:maintainer": "REMOVED",
  "UNSTABLE->REMOVED:docs": "REMOVED",
  "STABLE->DEPRECATED:maintainer": "DEPRECATED",
  "STABLE->DEPRECATED:docs": "DEPRECATED",
  "STABLE->REMOVED:ingest": "REMOVED",
  "DEPRECATED->UNSTABLE:maintainer": "UNDEPRECATED",
  "DEPRECATED->UNSTABLE:docs": "UNDEPRECATED",
  "DEPRECATED->STABLE:maintainer": "UNDEPRECATED",
  "DEPRECATED->STABLE:docs": "UNDEPRECATED",
  "DEPRECATED->REMOVED:ingest": "REMOVED",
  "DEPRECATED->REMOVED:maintainer": "REMOVED",
  "DEPRECATED->REMOVED:docs": "REMOVED",
  "REMOVED->UNSTABLE:ingest": "REINTRODUCED",
  "REMOVED->UNSTABLE:maintainer": "REINTRODUCED",
  "REMOVED->UNSTABLE:docs": "REINTRODUCED",
};

describe("checkTransition", () => {
  const actors: Actor[] = ["ingest", "maintainer", "docs"];
  for (const from of LIFECYCLE_STATES) {
    for (const to of LIFECYCLE_STATES) {
      for (const actor of actors) {
        const key = `${from}->${to}:${actor}`;
        it(`${key} is ${ALLOWED[key] ? `allowed as ${ALLOWED[key]}` : "refused"}`, () => {
          const result = checkTransition(complete(from, to, actor));
          if (ALLOWED[key]) {
            expect(result).toMatchObject({ ok: true, kind: ALLOWED[key] });
          } else {
            expect(result.ok).toBe(false);
            if (!result.ok) expect(result.problems[0]?.message).toMatch(/\w/);
          }
        });
      }
    }
  }

  it("flags an observed removal of a stable kfunc as a violation", () => {
    const result = checkTransition(complete("STABLE", "REMOVED", "ingest"));
    expect(result).toMatchObject({ ok: true, violation: expect.stringMatching(/without being deprecated/) });
  });

  it("tells a maintainer to deprecate a stable kfunc before removing it", () => {
    const result = checkTransition(complete("STABLE", "REMOVED", "maintainer"));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toContainEqual({
        field: "actor",
        message: expect.stringMatching(/deprecated before/),
      });
  });

  it("refuses a promotion without evidence or rationale, naming each missing field", () => {
    const result = checkTransition({ from: "UNSTABLE", to: "STABLE", actor: "maintainer", evidence: ["  "] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field).sort()).toEqual(["evidence", "rationale"]);
  });

  it("refuses a deprecation whose removal release is not after it", () => {
    const result = checkTransition({
      ...complete("UNSTABLE", "DEPRECATED", "maintainer"),
      removalEarliest: "v6.13",
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ field: "removalEarliest" });
    const missing = checkTransition({
      ...complete("UNSTABLE", "DEPRECATED", "maintainer"),
      removalEarliest: null,
    });
    expect(missing.ok).toBe(false);
  });

  it("refuses a no-op and explains a demotion", () => {
    const same = checkTransition(complete("STABLE", "STABLE", "maintainer"));
    expect(same.ok).toBe(false);
    const demote = checkTransition(complete("STABLE", "UNSTABLE", "maintainer"));
    expect(demote.ok).toBe(false);
    if (!demote.ok) expect(demote.problems[0]?.message).toMatch(/cannot be demoted/);
  });

  it("offers only the moves the actor may make", () => {
    expect(allowedTargets("UNSTABLE", "maintainer")).toEqual(["STABLE", "DEPRECATED", "REMOVED"]);
    expect(allowedTargets("STABLE", "maintainer")).toEqual(["DEPRECATED"]);
    expect(allowedTargets("UNSTABLE", "ingest")).toEqual(["REMOVED"]);
  });
});

describe("findPolicyViolations", () => {
  const src = (tag: string, prototype: string | null, flags: string[] = ["ACQUIRE"]) => ({
    tag,
    provesAbsence: true,
    present: prototype !== null,
    prototype,
    flags,
  });

  it("reports a stable kfunc whose prototype or flags changed", () => {
    const found = findPolicyViolations(
      [src("v6.1", "int f(u32 a)"), src("v6.12", "int f(u64 a)", ["ACQUIRE", "RET_NULL"])],
      () => "STABLE",
      null,
    );
    expect(found.map((v) => v.rule)).toEqual(["STABLE_SIGNATURE_CHANGED", "STABLE_FLAGS_CHANGED"]);
  });

  it("ignores parameter renames and unstable kfuncs", () => {
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

  it("reports a stable kfunc that vanished, and a deprecated one removed early", () => {
    const stable = findPolicyViolations(
      [src("v6.1", "int f(void)"), src("v6.12", null)],
      () => "STABLE",
      null,
    );
    expect(stable.map((v) => v.rule)).toEqual(["STABLE_REMOVED_UNDEPRECATED"]);
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

  it("never treats absence from a BTF (one config) as removal", () => {
    const btfAbsent = { tag: "v6.18", provesAbsence: false, present: false };
    expect(findPolicyViolations([src("v6.12", "int f(void)"), btfAbsent], () => "STABLE", null)).toEqual([]);
  });
});
