// Derives one kfunc's lifecycle events and current state from what the ingested releases show
// and the human events (documented facts, maintainer decisions) recorded for it. Pure.
//
// Ingested releases are sparse (6.1, 6.12, a running 6.18 …): "introduced in v6.12" means first
// seen in v6.12, and the event says the earliest release it may have arrived in.

import { signatureKey } from "../kernel/prototype";
import { findPolicyViolations, type LifecycleState, type ReleaseObservation } from "../lifecycle";
import { compareReleaseTags } from "../version";

export type DerivedKind =
  | "INTRODUCED"
  | "REMOVED"
  | "REINTRODUCED"
  | "SIGNATURE_CHANGED"
  | "FLAGS_CHANGED"
  | "PROG_TYPES_CHANGED"
  | "POLICY_VIOLATION";

/** What one ingested release holds for the kfunc (absent when `presence` is null). */
export interface ReleaseView {
  tag: string;
  /** A source release proves absence; a BTF release is one config and proves only presence. */
  provesAbsence: boolean;
  presence: { prototype: string | null; flags: string[]; progTypes: string[] } | null;
}

/** A non-derived event that moves the state (promotion, deprecation, documented removal …). */
export interface HumanStateEvent {
  release: string | null;
  /** Orders events within one release; decisions without a release apply after all releases. */
  at: number;
  toState: LifecycleState | null;
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

export interface Derivation {
  events: DerivedEvent[];
  state: LifecycleState;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Presence in the newest release where the kfunc is present. */
  latest: ReleaseView["presence"];
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
  removalEarliest: string | null,
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
  let state: LifecycleState | null = null;
  const stateByTag = new Map<string, LifecycleState>();
  let humanIndex = 0;
  const applyHumanUpTo = (tag: string | null) => {
    while (humanIndex < humanOrdered.length) {
      const event = humanOrdered[humanIndex];
      if (!event) break;
      if (tag !== null && (event.release === null || compareReleaseTags(event.release, tag) > 0)) break;
      if (event.toState) state = event.toState;
      humanIndex++;
    }
  };

  let lastPresent: ReleaseView | null = null;
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
      } else if (lastPresent?.presence) {
        events.push(...changesBetween(lastPresent, view));
      }
      firstSeen ??= view.tag;
      lastPresent = view;
    } else if (view.provesAbsence && lastPresent && state !== "REMOVED" && state !== null) {
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
    }
    if (view.presence || view.provesAbsence) lastSeenSource = view;
    if (state) stateByTag.set(view.tag, state);
  }
  applyHumanUpTo(null);

  const observations: ReleaseObservation[] = ordered.map((view) => ({
    tag: view.tag,
    provesAbsence: view.provesAbsence,
    present: view.presence !== null,
    prototype: view.presence?.prototype ?? null,
    flags: view.provesAbsence ? view.presence?.flags : undefined,
  }));
  for (const violation of findPolicyViolations(
    observations,
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

  return {
    events: events.map((e) => ({ ...e, key: `${name}:${e.key}` })),
    state: state ?? "UNSTABLE",
    firstSeen,
    lastSeen: lastPresent?.tag ?? null,
    latest: lastPresent?.presence ?? null,
  };
}

function changesBetween(before: ReleaseView, after: ReleaseView): DerivedEvent[] {
  const a = before.presence;
  const b = after.presence;
  if (!a || !b) return [];
  const out: DerivedEvent[] = [];
  const span = `${before.tag} → ${after.tag}`;
  if (a.prototype && b.prototype && signatureKey(a.prototype) !== signatureKey(b.prototype)) {
    out.push({
      kind: "SIGNATURE_CHANGED",
      release: after.tag,
      fromState: null,
      toState: null,
      key: `signature:${after.tag}`,
      rationale: `Prototype changed between ${span}.`,
      detail: { before: a.prototype, after: b.prototype, since: before.tag },
    });
  }
  // A BTF release has no flags or program types: only source-to-source comparisons count.
  if (before.provesAbsence && after.provesAbsence) {
    if (!sameSet(a.flags, b.flags)) {
      out.push({
        kind: "FLAGS_CHANGED",
        release: after.tag,
        fromState: null,
        toState: null,
        key: `flags:${after.tag}`,
        rationale: `KF flags changed between ${span}.`,
        detail: { before: a.flags, after: b.flags, since: before.tag },
      });
    }
    if (!sameSet(a.progTypes, b.progTypes)) {
      out.push({
        kind: "PROG_TYPES_CHANGED",
        release: after.tag,
        fromState: null,
        toState: null,
        key: `progtypes:${after.tag}`,
        rationale: `Program types changed between ${span}.`,
        detail: { before: a.progTypes, after: b.progTypes, since: before.tag },
      });
    }
  }
  return out;
}

function sameSet(a: readonly string[], b: readonly string[]) {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((x) => set.has(x));
}
