// Derives one kfunc's lifecycle events and current state from what the ingested releases show
// and the human events (documented facts, maintainer decisions) recorded for it. Pure.
//
// Ingested releases are sparse (6.1, 6.12, a running 6.18 …): "introduced in v6.12" means first
// seen in v6.12, and the event says the earliest release it may have arrived in. Every state
// change a human event asks for goes through the lifecycle rules (lib/lifecycle/rules.ts); one
// the rules refuse leaves the state alone and is reported.

import {
  type Actor,
  checkReschedule,
  checkTransition,
  findPolicyViolations,
  type ReleaseObservation,
  type TransitionProblem,
} from "../lifecycle/rules";
import type { LifecycleState } from "../lifecycle/states";
import { comparePresence } from "../releases/compare";
import { compareReleaseTags } from "../releases/version";

export type DerivedKind =
  | "INTRODUCED"
  | "REMOVED"
  | "REINTRODUCED"
  | "SIGNATURE_CHANGED"
  | "FLAGS_CHANGED"
  | "PROG_TYPES_CHANGED"
  | "POLICY_VIOLATION";

/** What one ingested release holds for the kfunc (absent when `presence` is null). */
export type ReleaseView = ReleaseObservation;

/** A non-derived event that moves the state (promotion, deprecation, documented removal …). */
export interface HumanStateEvent {
  /** As recorded: DEPRECATED, REMOVED, RENAMED, PROMOTED … */
  kind: string;
  release: string | null;
  /** Orders events within one release; decisions without a release apply after all releases. */
  at: number;
  toState: LifecycleState;
  actor: Exclude<Actor, "ingest">;
  rationale: string | null;
  /** Links behind the event (the commit of a documented fact, a decision's evidence). */
  evidence: string[];
  /** Deprecations: the earliest release the kfunc may be removed in. */
  removalEarliest: string | null;
  /** Documented deprecations: false when upstream named no removal release (lib/lifecycle/rules.ts). */
  removalAnnounced?: boolean;
  /** Deprecations and renames: the kfunc to use instead. */
  replacement: string | null;
}

/** A stored documented fact or decision that moves the state, as the derivation reads it. */
export function humanStateEvent(e: {
  kind: string;
  origin: string;
  toState: LifecycleState | null;
  release: string | null;
  /** When it was recorded (ms): orders events within one release. */
  recordedAt: number;
  rationale: string | null;
  sourceUrl: string | null;
  detail: unknown;
}): HumanStateEvent[] {
  if (e.origin === "INGEST" || !e.toState) return [];
  const detail = (e.detail ?? {}) as {
    removalEarliest?: string;
    removalAnnounced?: boolean;
    replacement?: string;
    links?: string[];
  };
  return [
    {
      kind: e.kind,
      release: e.release,
      at: e.recordedAt,
      toState: e.toState,
      actor: e.origin === "DOCUMENTED" ? "docs" : "maintainer",
      rationale: e.rationale,
      // A decision carries the proposal's links; a documented fact, its source.
      evidence: detail.links?.length ? detail.links : e.sourceUrl ? [e.sourceUrl] : [],
      removalEarliest: detail.removalEarliest ?? null,
      ...(detail.removalAnnounced === false ? { removalAnnounced: false } : {}),
      replacement: detail.replacement ?? null,
    },
  ];
}

export interface DerivedEvent {
  kind: DerivedKind;
  release: string;
  fromState: LifecycleState | null;
  toState: LifecycleState | null;
  /** Identity of the fact, so that recomputing never duplicates it. */
  key: string;
  rationale: string;
  detail: Record<string, unknown>;
}

/** A human event whose state change the lifecycle rules refuse at its place in the history. */
export interface RefusedEvent {
  event: HumanStateEvent;
  from: LifecycleState;
  problems: TransitionProblem[];
}

export interface Derivation {
  events: DerivedEvent[];
  state: LifecycleState;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Presence in the newest release where the kfunc is present. */
  latest: ReleaseView["presence"];
  /** The deprecation in force: its release, earliest removal and replacement. */
  deprecation: { release: string | null; removalEarliest: string | null } | null;
  /** The newest replacement a human event named (a deprecation or a rename). */
  replacement: string | null;
  /** The kfunc came back after its rename or removal: no replacement applies any more. */
  replacementEnded: boolean;
  refused: RefusedEvent[];
}

/**
 * @param releases every ingested release, any order
 * @param human state-changing events not produced by ingestion
 * @param knownTags every known release tag (ingested or not), to name the window of a change
 */
export function deriveKfunc(
  name: string,
  releases: readonly ReleaseView[],
  human: readonly HumanStateEvent[],
  knownTags: readonly string[],
): Derivation {
  const ordered = [...releases].sort((a, b) => compareReleaseTags(a.tag, b.tag));
  const tags = [...knownTags].sort(compareReleaseTags);
  const nextKnown = (tag: string) => tags.find((t) => compareReleaseTags(t, tag) > 0) ?? null;
  const humanOrdered = [...human].sort(
    (a, b) =>
      (a.release && b.release
        ? compareReleaseTags(a.release, b.release)
        : a.release
          ? -1
          : b.release
            ? 1
            : 0) || a.at - b.at,
  );

  const events: DerivedEvent[] = [];
  const refused: RefusedEvent[] = [];
  let state: LifecycleState | null = null;
  let deprecation: Derivation["deprecation"] = null;
  let replacement: string | null = null;
  let replacementEnded = false;
  /** Back after a rename or removal (or a withdrawn deprecation): the old replacement no longer applies. */
  const endReplacement = () => {
    replacement = null;
    replacementEnded = true;
  };
  const stateByTag = new Map<string, LifecycleState>();
  let humanIndex = 0;
  const presentIn = new Set(ordered.filter((v) => v.presence).map((v) => v.tag));
  const applyHuman = (event: HumanStateEvent) => {
    if (event.replacement) {
      replacement = event.replacement;
      replacementEnded = false;
    }
    // Every kfunc starts unstable; a fact that confirms the current state changes nothing.
    const from = state ?? "UNSTABLE";
    // The observation wins: a removal documented for a release that is seen to have the kfunc
    // did not happen there.
    if (event.toState === "REMOVED" && event.release && presentIn.has(event.release)) {
      refused.push({
        event,
        from,
        problems: [
          {
            field: "release",
            message: `Documented as removed in ${event.release}, but the ingested ${event.release} has it: the observation wins.`,
          },
        ],
      });
      return;
    }
    if (from === event.toState) {
      // A second deprecation of a deprecated kfunc is a new schedule (a maintainer's reschedule).
      if (event.toState === "DEPRECATED" && deprecation && event.removalEarliest) {
        const problems = checkReschedule({
          actor: event.actor,
          deprecatedIn: deprecation.release,
          removalEarliest: event.removalEarliest,
          rationale: event.rationale,
        });
        if (problems.length) {
          refused.push({ event, from, problems });
          return;
        }
        deprecation = { release: deprecation.release, removalEarliest: event.removalEarliest };
      }
      state = event.toState;
      return;
    }
    const check = checkTransition({
      from,
      to: event.toState,
      actor: event.actor,
      rationale: event.rationale,
      evidence: event.evidence,
      release: event.release,
      removalEarliest: event.removalEarliest,
      removalAnnounced: event.removalAnnounced,
      replacement: event.replacement,
    });
    if (!check.ok) {
      refused.push({ event, from, problems: check.problems });
      return;
    }
    state = event.toState;
    if (check.kind === "DEPRECATED") {
      deprecation = { release: event.release, removalEarliest: event.removalEarliest };
    } else if (check.kind === "UNDEPRECATED" || check.kind === "REINTRODUCED") {
      deprecation = null;
      if (!event.replacement) endReplacement();
    }
  };
  const applyHumanUpTo = (tag: string | null) => {
    while (humanIndex < humanOrdered.length) {
      const event = humanOrdered[humanIndex];
      if (!event) break;
      if (tag !== null && (event.release === null || compareReleaseTags(event.release, tag) > 0)) break;
      applyHuman(event);
      humanIndex++;
    }
  };

  let lastPresent: ReleaseView | null = null;
  // The newest earlier release that has it and knows flags: BTF releases between two source
  // releases hide a flag change from a comparison of neighbours, so flags are compared with this.
  let lastWithFlags: ReleaseView | null = null;
  let lastSeenSource: ReleaseView | null = null; // the previous release that says anything
  let firstSeen: string | null = null;
  for (const view of ordered) {
    applyHumanUpTo(view.tag);
    const present = view.presence;
    if (present) {
      const since = lastSeenSource ? nextKnown(lastSeenSource.tag) : null;
      if (state === null) {
        firstSeen = view.tag;
        events.push({
          kind: "INTRODUCED",
          release: view.tag,
          fromState: null,
          toState: "UNSTABLE",
          key: `introduced:${view.tag}`,
          rationale: since
            ? `First seen in ${view.tag}; absent from ${lastSeenSource?.tag}, so it arrived in ${since === view.tag ? view.tag : `${since}…${view.tag}`}.`
            : `First seen in ${view.tag}, the oldest ingested release that has it.`,
          detail: { earliestPossible: since, firstIngested: !lastSeenSource },
        });
        state = "UNSTABLE";
      } else if (state === "REMOVED") {
        events.push({
          kind: "REINTRODUCED",
          release: view.tag,
          fromState: "REMOVED",
          toState: "UNSTABLE",
          key: `reintroduced:${view.tag}`,
          rationale: `Present again in ${view.tag} after being removed.`,
          detail: {},
        });
        state = "UNSTABLE";
        deprecation = null;
        endReplacement();
        // Back after a removal: its flags are compared from here on, not with those it had before.
        lastWithFlags = null;
      } else if (lastPresent) {
        events.push(...changesBetween(lastPresent, view, lastWithFlags));
      }
      firstSeen ??= view.tag;
      lastPresent = view;
      if (view.evidence.knowsFlags) lastWithFlags = view;
    } else if (view.evidence.provesAbsence && lastPresent && state !== "REMOVED" && state !== null) {
      const since = nextKnown(lastPresent.tag);
      events.push({
        kind: "REMOVED",
        release: view.tag,
        fromState: state,
        toState: "REMOVED",
        key: `removed:${view.tag}`,
        rationale:
          since && since !== view.tag
            ? `Present in ${lastPresent.tag}, absent from the ${view.tag} source tree: removed in ${since}…${view.tag}.`
            : `Present in ${lastPresent.tag}, absent from the ${view.tag} source tree.`,
        detail: { lastPresent: lastPresent.tag, earliestPossible: since },
      });
      state = "REMOVED";
      lastWithFlags = null;
    }
    if (view.presence || view.evidence.provesAbsence) lastSeenSource = view;
    if (state) stateByTag.set(view.tag, state);
  }
  applyHumanUpTo(null);

  const removalEarliest = (deprecation as Derivation["deprecation"])?.removalEarliest ?? null;
  for (const violation of findPolicyViolations(
    ordered,
    (tag) => stateByTag.get(tag) ?? "UNSTABLE",
    removalEarliest,
  )) {
    events.push({
      kind: "POLICY_VIOLATION",
      release: violation.release,
      fromState: null,
      toState: null,
      key: `violation:${violation.rule}:${violation.release}`,
      rationale: violation.message,
      detail: { rule: violation.rule },
    });
  }

  // Assigned inside closures above, which TypeScript's narrowing does not see.
  const finalState = state as LifecycleState | null;
  return {
    events: events.map((e) => ({ ...e, key: `${name}:${e.key}` })),
    state: finalState ?? "UNSTABLE",
    firstSeen,
    lastSeen: lastPresent?.tag ?? null,
    latest: lastPresent?.presence ?? null,
    deprecation: finalState === "DEPRECATED" || finalState === "REMOVED" ? deprecation : null,
    replacement,
    replacementEnded,
    refused,
  };
}

/**
 * What changed from the previous release that has the kfunc (`before`) to `after`: the prototype
 * against `before`; flags and program types against `withFlags`, the newest earlier release that
 * knows them, when `before` is a BTF build that does not (a change hidden behind BTF releases is
 * still a change, placed in the span between the two that know).
 */
function changesBetween(
  before: ReleaseView,
  after: ReleaseView,
  withFlags: ReleaseView | null,
): DerivedEvent[] {
  if (!before.presence || !after.presence) return [];
  const event = (
    kind: DerivedKind,
    key: string,
    what: string,
    since: ReleaseView,
    detail: object,
  ): DerivedEvent => ({
    kind,
    release: after.tag,
    fromState: null,
    toState: null,
    key: `${key}:${after.tag}`,
    rationale: `${what} changed between ${since.tag} → ${after.tag}.`,
    detail: { ...detail, since: since.tag },
  });
  const change = comparePresence(before.presence, after.presence, { before, after });
  const flagsSince = !before.evidence.knowsFlags && withFlags?.presence ? withFlags : before;
  const flagChange =
    flagsSince === before || !flagsSince.presence
      ? change
      : comparePresence(flagsSince.presence, after.presence, { before: flagsSince, after });
  const out: DerivedEvent[] = [];
  if (change.prototype)
    out.push(event("SIGNATURE_CHANGED", "signature", "Prototype", before, change.prototype));
  if (flagChange.flags) out.push(event("FLAGS_CHANGED", "flags", "KF flags", flagsSince, flagChange.flags));
  if (flagChange.progTypes)
    out.push(event("PROG_TYPES_CHANGED", "progtypes", "Program types", flagsSince, flagChange.progTypes));
  return out;
}
