// The lifecycle rules of the catalog, in one place: which state changes are allowed, who may make
// them, what each needs, and which observed histories break a promise. Used by ingestion, the
// web app, the API and the CLI alike. Pure: no database, no React.
//
// The policy (the 2023 "stable kfuncs" discussion on the bpf list and the kfunc lifecycle
// expectations in Documentation/bpf/kfuncs.rst): every kfunc starts unstable; promotion to
// stable needs evidence of production use and a maintainer's approval; a stable kfunc keeps its
// signature; removal of a stable kfunc comes only after a deprecation period.

import { comparePresence, type PresenceFacts } from "../releases/compare";
import type { ReleaseEvidence } from "../releases/evidence";
import { compareReleaseTags as compareTags } from "../releases/version";
import { LIFECYCLE_STATES, type LifecycleState, STATE_LABELS } from "./states";

/**
 * `ingest`: the ingester observed it in kernel data. `maintainer`: a recorded decision.
 * `docs`: a documented upstream fact (commit, list message) loaded with the catalog data.
 */
export type Actor = "ingest" | "maintainer" | "docs";

export type TransitionKind = "PROMOTED" | "DEPRECATED" | "UNDEPRECATED" | "REMOVED" | "REINTRODUCED";

export interface TransitionRequest {
  from: LifecycleState;
  to: LifecycleState;
  actor: Actor;
  /** Why; required for every human decision. */
  rationale?: string | null;
  /** Links backing a promotion (production users, list threads) or a documented fact. */
  evidence?: readonly string[];
  /** Release the change takes effect in; required for observed removals and deprecations. */
  release?: string | null;
  /** Deprecations: the earliest release the kfunc may be removed in (after `release`). */
  removalEarliest?: string | null;
  /**
   * Documented deprecations only: false when upstream deprecated the kfunc without naming any
   * removal release. The catalog records that as it is ("no removal release announced") rather
   * than inventing one; a maintainer's own deprecation must still set a schedule.
   */
  removalAnnounced?: boolean;
  /** Deprecations: the kfunc to use instead, if any. */
  replacement?: string | null;
}

export interface TransitionProblem {
  field: "to" | "actor" | "rationale" | "evidence" | "release" | "removalEarliest" | "replacement";
  message: string;
}

export type TransitionCheck =
  | { ok: true; kind: TransitionKind; violation: string | null }
  | { ok: false; problems: TransitionProblem[] };

interface Rule {
  kind: TransitionKind;
  actors: readonly Actor[];
  needs: readonly ("rationale" | "evidence" | "release" | "removalEarliest")[];
  /** A transition that is recorded because it happened, but breaks a promise. */
  violation?: string;
}

const HUMAN: readonly Actor[] = ["maintainer", "docs"];

// from → to → rule. A pair that is absent is refused, with REFUSALS saying why.
const RULES: Partial<Record<LifecycleState, Partial<Record<LifecycleState, Rule>>>> = {
  UNSTABLE: {
    STABLE: { kind: "PROMOTED", actors: HUMAN, needs: ["rationale", "evidence"] },
    DEPRECATED: { kind: "DEPRECATED", actors: HUMAN, needs: ["rationale", "release", "removalEarliest"] },
    REMOVED: { kind: "REMOVED", actors: ["ingest", ...HUMAN], needs: ["release"] },
  },
  STABLE: {
    DEPRECATED: { kind: "DEPRECATED", actors: HUMAN, needs: ["rationale", "release", "removalEarliest"] },
    REMOVED: {
      kind: "REMOVED",
      actors: ["ingest"],
      needs: ["release"],
      violation: "A stable kfunc disappeared without being deprecated first.",
    },
  },
  DEPRECATED: {
    UNSTABLE: { kind: "UNDEPRECATED", actors: HUMAN, needs: ["rationale"] },
    STABLE: { kind: "UNDEPRECATED", actors: HUMAN, needs: ["rationale"] },
    REMOVED: { kind: "REMOVED", actors: ["ingest", ...HUMAN], needs: ["release"] },
  },
  REMOVED: {
    UNSTABLE: { kind: "REINTRODUCED", actors: ["ingest", ...HUMAN], needs: ["release"] },
  },
};

const REFUSALS: Partial<Record<`${LifecycleState}->${LifecycleState}`, string>> = {
  "STABLE->UNSTABLE": "A stable kfunc cannot be demoted; deprecate it instead.",
  "REMOVED->STABLE": "A removed kfunc comes back as unstable; promote it again with new evidence.",
  "REMOVED->DEPRECATED": "A removed kfunc cannot be deprecated.",
};

/** Every (from, to) pair the rules allow for some actor, for UIs that offer only valid moves. */
export function allowedTargets(from: LifecycleState, actor: Actor): LifecycleState[] {
  const targets = RULES[from] ?? {};
  return LIFECYCLE_STATES.filter((to) => targets[to]?.actors.includes(actor));
}

export function checkTransition(request: TransitionRequest): TransitionCheck {
  const { from, to, actor } = request;
  if (from === to) {
    return {
      ok: false,
      problems: [{ field: "to", message: `The kfunc is already ${STATE_LABELS[to].toLowerCase()}.` }],
    };
  }
  const rule = RULES[from]?.[to];
  if (!rule) {
    const why =
      REFUSALS[`${from}->${to}`] ??
      `${STATE_LABELS[from]} → ${STATE_LABELS[to]} is not a lifecycle transition.`;
    return { ok: false, problems: [{ field: "to", message: why }] };
  }
  const problems: TransitionProblem[] = [];
  if (!rule.actors.includes(actor)) {
    const message =
      from === "STABLE" && to === "REMOVED"
        ? "A stable kfunc must be deprecated before it can be removed."
        : `Only ${rule.actors.join(" or ")} may make the change ${STATE_LABELS[from]} → ${STATE_LABELS[to]}.`;
    problems.push({ field: "actor", message });
  }
  const needs = new Set(rule.needs);
  // An observation by the ingester carries its release as its rationale.
  if (needs.has("rationale") && !request.rationale?.trim()) {
    problems.push({ field: "rationale", message: "Say why: a rationale is required." });
  }
  if (needs.has("evidence") && !(request.evidence ?? []).some((e) => e.trim())) {
    problems.push({
      field: "evidence",
      message: "Promotion to stable needs evidence of production use (at least one link).",
    });
  }
  if (needs.has("release") && !request.release) {
    problems.push({ field: "release", message: "Name the release this takes effect in." });
  }
  if (needs.has("removalEarliest")) {
    if (!request.removalEarliest && actor === "docs" && request.removalAnnounced === false) {
      // Upstream named no removal release: recorded as such, nothing to check against.
    } else if (!request.removalEarliest) {
      problems.push({
        field: "removalEarliest",
        message: "A deprecation needs an earliest removal release.",
      });
    } else if (request.release && compareTags(request.removalEarliest, request.release) <= 0) {
      problems.push({
        field: "removalEarliest",
        message: `The earliest removal release must come after ${request.release}.`,
      });
    }
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, kind: rule.kind, violation: rule.violation ?? null };
}

/**
 * A new schedule for a kfunc that is already deprecated: a maintainer moves its earliest removal
 * release (or names another replacement). The new removal release must still come after the
 * release the deprecation took effect in.
 */
export function checkReschedule(request: {
  actor: Actor;
  deprecatedIn: string | null;
  removalEarliest: string | null;
  rationale?: string | null;
}): TransitionProblem[] {
  const problems: TransitionProblem[] = [];
  if (request.actor === "ingest") {
    problems.push({
      field: "actor",
      message: "Only a maintainer or a documented fact can change a deprecation schedule.",
    });
  }
  if (request.actor === "maintainer" && !request.rationale?.trim()) {
    problems.push({ field: "rationale", message: "Say why: a rationale is required." });
  }
  if (!request.removalEarliest) {
    problems.push({ field: "removalEarliest", message: "A new schedule needs an earliest removal release." });
  } else if (request.deprecatedIn && compareTags(request.removalEarliest, request.deprecatedIn) <= 0) {
    problems.push({
      field: "removalEarliest",
      message: `The earliest removal release must come after ${request.deprecatedIn}, when the deprecation took effect.`,
    });
  }
  return problems;
}

// ── Policy checks from data alone ──────────────────────────────────────────────────────────────

/** What one ingested release says about one kfunc. */
export interface ReleaseObservation {
  tag: string;
  evidence: ReleaseEvidence;
  /** What the release holds for the kfunc; null when the kfunc is not in it. */
  presence: PresenceFacts | null;
}

export interface PolicyViolation {
  release: string;
  rule:
    | "STABLE_SIGNATURE_CHANGED"
    | "STABLE_FLAGS_CHANGED"
    | "STABLE_REMOVED_UNDEPRECATED"
    | "REMOVED_BEFORE_SCHEDULE";
  message: string;
}

/**
 * Observed histories that break the stability promise.
 * `stateAt(tag)` is the lifecycle state the kfunc was in during that release (from decisions).
 */
export function findPolicyViolations(
  observations: readonly ReleaseObservation[],
  stateAt: (tag: string) => LifecycleState,
  removalEarliest: string | null,
): PolicyViolation[] {
  const ordered = [...observations].sort((a, b) => compareTags(a.tag, b.tag));
  const violations: PolicyViolation[] = [];
  let previous: (ReleaseObservation & { presence: PresenceFacts }) | null = null;
  // The newest earlier release that has it and knows flags: flags are compared with it, across any
  // BTF builds between (which know none), so a change they hide is still found.
  let withFlags: (ReleaseObservation & { presence: PresenceFacts }) | null = null;
  for (const current of ordered) {
    // A release that lacks the kfunc but cannot prove absence (one BTF build) says nothing.
    if (!current.presence && !current.evidence.provesAbsence) continue;
    if (previous) {
      const state = stateAt(previous.tag);
      if (current.presence && state === "STABLE") {
        const change = comparePresence(previous.presence, current.presence, {
          before: previous,
          after: current,
        });
        const flagsSince =
          !previous.evidence.knowsFlags && withFlags && stateAt(withFlags.tag) === "STABLE"
            ? withFlags
            : null;
        if (flagsSince) {
          change.flags = comparePresence(flagsSince.presence, current.presence, {
            before: flagsSince,
            after: current,
          }).flags;
        }
        if (change.prototype) {
          violations.push({
            release: current.tag,
            rule: "STABLE_SIGNATURE_CHANGED",
            message: `Stable kfunc changed its prototype in ${current.tag}: "${change.prototype.before}" → "${change.prototype.after}".`,
          });
        }
        if (change.flags) {
          violations.push({
            release: current.tag,
            rule: "STABLE_FLAGS_CHANGED",
            message: `Stable kfunc changed its flags in ${current.tag}: ${change.flags.before.join("|")} → ${change.flags.after.join("|")}.`,
          });
        }
      }
      if (!current.presence && state === "STABLE") {
        violations.push({
          release: current.tag,
          rule: "STABLE_REMOVED_UNDEPRECATED",
          message: `Stable kfunc disappeared in ${current.tag} without being deprecated first.`,
        });
      }
      if (
        !current.presence &&
        state === "DEPRECATED" &&
        removalEarliest &&
        compareTags(current.tag, removalEarliest) < 0
      ) {
        violations.push({
          release: current.tag,
          rule: "REMOVED_BEFORE_SCHEDULE",
          message: `Deprecated kfunc removed in ${current.tag}, before its earliest removal release ${removalEarliest}.`,
        });
      }
    }
    previous = current.presence ? { ...current, presence: current.presence } : null;
    if (!current.presence) withFlags = null;
    else if (current.evidence.knowsFlags) withFlags = { ...current, presence: current.presence };
  }
  return violations;
}
