// The maintainers' queue, as plain data: how deprecations are grouped and which are overdue, how
// long a kfunc has been deprecated, and how promotion candidates are scored and ranked. Pure: the
// data function (get-queue.ts) reads the database and hands the rows here; the page, the feed and
// the tests read what comes back.

import type { KfuncEvent } from "../events/event";
import type { LifecycleState } from "../lifecycle/states";
import { comparePresence, type PresenceFacts } from "../releases/compare";
import type { ReleaseEvidence } from "../releases/evidence";
import { compareReleaseTags } from "../releases/version";
import type { ProposalKind } from "./proposals";

// ── The shapes the page and the feed read ──────────────────────────────────────────────────────

export interface QueueProposal {
  id: number;
  kfunc: string;
  kfuncState: LifecycleState;
  kind: ProposalKind;
  kindLabel: string;
  author: string;
  rationale: string;
  evidence: string[];
  replacement: string | null;
  release: string | null;
  removalEarliest: string | null;
  /** ISO date-time */
  createdAt: string;
  comments: number;
  dependents: number;
  /** What the catalog's data says about the kfunc, next to what the proposal claims. */
  data: {
    presentIn: string[];
    prototypeChanges: string[];
    flagChanges: string[];
    violations: number;
  };
}

export interface QueueViolation {
  id: number;
  kfunc: string;
  kfuncState: LifecycleState;
  release: string | null;
  message: string;
  rule: string | null;
  /** ISO date-time */
  recordedAt: string;
  ack: { note: string; by: string; at: string } | null;
}

export interface Queue {
  newestIngested: string | null;
  ingested: number;
  proposals: QueueProposal[];
  deprecations: DeprecationGroup[];
  violations: QueueViolation[];
  candidates: { total: number; rows: PromotionCandidate[] };
}

export type QueueFeedItem =
  | { type: "proposal"; proposal: QueueProposal }
  | {
      type: "decision";
      id: number;
      proposalId: number;
      kfunc: string;
      kindLabel: string;
      outcome: "APPROVED" | "REJECTED";
      reason: string;
      decider: string;
      decidedAt: string;
    }
  | { type: "deprecation"; event: KfuncEvent & { kfunc: string } }
  | { type: "violation"; event: KfuncEvent & { kfunc: string }; ack: QueueViolation["ack"] };

// ── Deprecations ───────────────────────────────────────────────────────────────────────────────

/** A known release, oldest first in every list handed here. */
export interface QueueRelease {
  tag: string;
  /** YYYY-MM-DD, when known. */
  releasedOn: string | null;
  ingested: boolean;
}

export interface DeprecationInput {
  name: string;
  replacement: string | null;
  deprecatedIn: string | null;
  removalEarliest: string | null;
  /** YYYY-MM-DD: when it was deprecated (the release date, or the event's date), if known. */
  deprecatedOn: string | null;
  /** The newest ingested release the kfunc is present in; null when none has it. */
  newestIn: string | null;
  dependents: number;
}

export interface DeprecationAge {
  /** Known releases after the deprecation release, up to the newest ingested one. */
  releases: number;
  /** Whole days from the deprecation to `now`; null when the date is not known. */
  days: number | null;
}

export interface QueuedDeprecation extends DeprecationInput {
  age: DeprecationAge;
  /**
   * The newest ingested release, at or after the removal release, that still has the kfunc: its
   * removal is due and it is still there. Null when not overdue.
   */
  overdueIn: string | null;
}

export interface DeprecationGroup {
  /** The earliest removal release; null for the kfuncs without one. */
  removal: string | null;
  title: string;
  /** Every deprecated kfunc of the group, and how many of them are overdue. */
  count: number;
  overdue: number;
  /** The group's kfuncs in order: all of them, or the first few (firstDeprecations). */
  items: QueuedDeprecation[];
}

const DAY = 86_400_000;
/** localeCompare's order, from one collator instead of one per comparison (queues sort thousands). */
const byName = new Intl.Collator().compare;

/** Known releases after `deprecatedIn`, up to the newest ingested one. */
function releasesSince(deprecatedIn: string | null, releases: readonly QueueRelease[]): number {
  const newestIngested = releases.filter((r) => r.ingested).at(-1)?.tag ?? null;
  if (!deprecatedIn || newestIngested === null) return 0;
  return releases.filter(
    (r) => compareReleaseTags(r.tag, deprecatedIn) > 0 && compareReleaseTags(r.tag, newestIngested) <= 0,
  ).length;
}

function daysSince(isoDate: string | null, now: Date): number | null {
  const since = isoDate ? Date.parse(`${isoDate}T00:00:00Z`) : Number.NaN;
  return Number.isNaN(since) ? null : Math.max(0, Math.floor((now.getTime() - since) / DAY));
}

/** The newest ingested release that has the kfunc, when it is at or after `removal`; else null. */
export function overdueIn(removal: string | null, newestIn: string | null): string | null {
  if (!removal || !newestIn) return null;
  return compareReleaseTags(newestIn, removal) >= 0 ? newestIn : null;
}

/**
 * "Pending removal in vX.Y" groups, soonest removal first, and a last group for the deprecated
 * kfuncs with no removal release. Within a group: overdue first, then the most dependents (the
 * largest blast radius), then by name.
 */
export function groupDeprecations(
  items: readonly DeprecationInput[],
  releases: readonly QueueRelease[],
  now: Date,
): DeprecationGroup[] {
  const groups = new Map<string | null, QueuedDeprecation[]>();
  // Counted once per deprecation release, not once per kfunc: a queue holds thousands of them.
  const since = new Map<string | null, number>();
  const releasesSinceOnce = (tag: string | null) => {
    let n = since.get(tag);
    if (n === undefined) {
      n = releasesSince(tag, releases);
      since.set(tag, n);
    }
    return n;
  };
  for (const item of items) {
    const queued: QueuedDeprecation = {
      ...item,
      age: { releases: releasesSinceOnce(item.deprecatedIn), days: daysSince(item.deprecatedOn, now) },
      overdueIn: overdueIn(item.removalEarliest, item.newestIn),
    };
    const list = groups.get(item.removalEarliest) ?? [];
    list.push(queued);
    groups.set(item.removalEarliest, list);
  }
  const keys = [...groups.keys()].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : compareReleaseTags(a, b),
  );
  return keys.map((removal) => {
    const list = (groups.get(removal) ?? []).sort(
      (a, b) =>
        Number(b.overdueIn !== null) - Number(a.overdueIn !== null) ||
        b.dependents - a.dependents ||
        byName(a.name, b.name),
    );
    return {
      removal,
      title: removal ? `Pending removal in ${removal}` : "No removal release announced",
      count: list.length,
      overdue: list.filter((i) => i.overdueIn).length,
      items: list,
    };
  });
}

/** The groups with each deprecation's age in days counted at `now` (the rest does not move with it). */
export function withDaysAt(groups: readonly DeprecationGroup[], now: Date): DeprecationGroup[] {
  return groups.map((group) => ({
    ...group,
    items: group.items.map((item) => ({
      ...item,
      age: { ...item.age, days: daysSince(item.deprecatedOn, now) },
    })),
  }));
}

/**
 * The first `limit` deprecated kfuncs across the groups, in the queue's order; a group keeps its
 * count and overdue figures, and a group with none of them left is dropped.
 */
export function firstDeprecations(groups: readonly DeprecationGroup[], limit: number): DeprecationGroup[] {
  let left = limit;
  const shown: DeprecationGroup[] = [];
  for (const group of groups) {
    if (left <= 0) break;
    shown.push({ ...group, items: group.items.slice(0, left) });
    left -= group.items.length;
  }
  return shown;
}

/** "3 weeks", "5 months", "2 years": how long, in words a reader takes in at a glance. */
export function durationWords(days: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (days < 14) return plural(days, "day");
  if (days < 61) return plural(Math.floor(days / 7), "week");
  if (days < 730) return plural(Math.floor(days / 30.44), "month");
  return plural(Math.floor(days / 365.25), "year");
}

/** "4 releases and 9 months ago", "2 weeks ago (the newest release)", "3 releases ago". */
export function ageWords(age: DeprecationAge): string {
  const releases = `${age.releases} release${age.releases === 1 ? "" : "s"}`;
  if (age.days === null) return age.releases ? `${releases} ago` : "in the newest release";
  const time = age.days < 1 ? "today" : durationWords(age.days);
  if (!age.releases) return age.days < 1 ? "today (the newest release)" : `${time} ago (the newest release)`;
  return `${releases} and ${time} ago`;
}

/** "today", "3 days ago", "5 months ago": how long before `now` an ISO date-time was. */
export function agoWords(iso: string, now: Date): string {
  const days = Math.floor((now.getTime() - Date.parse(iso)) / DAY);
  return days <= 0 ? "today" : `${durationWords(days)} ago`;
}

// ── Promotion candidates ───────────────────────────────────────────────────────────────────────

/** One ingested release, as a kfunc's run is read from it. */
export interface RunRelease {
  tag: string;
  evidence: ReleaseEvidence;
  /** What the release holds for the kfunc; null when it lacks it. */
  presence: PresenceFacts | null;
}

export interface UnchangedRun {
  /** Ingested releases, counting back from the newest, that have the kfunc unchanged. */
  releases: number;
  /** The oldest release of the run. */
  since: string | null;
}

/**
 * How many ingested releases, counting back from the newest, have the kfunc with the same
 * prototype and KF flags (as lib/releases/compare.ts judges a change). A BTF build that lacks
 * the kfunc may only have configured it out: it neither counts nor ends the run. A source
 * release that lacks it ends the run. Flags are compared between releases that know them (source
 * releases), across any BTF releases in between, so a flag change hidden by BTF gaps still ends it.
 */
export function unchangedRun(releases: readonly RunRelease[]): UnchangedRun {
  const newestFirst = [...releases].sort((a, b) => compareReleaseTags(b.tag, a.tag));
  let count = 0;
  let since: string | null = null;
  let newer: RunRelease | null = null;
  let newerWithFlags: RunRelease | null = null;
  for (const release of newestFirst) {
    const presence = release.presence;
    if (!presence) {
      if (release.evidence.provesAbsence) break;
      continue;
    }
    if (newer?.presence) {
      const sides = { before: release, after: newer };
      if (comparePresence(presence, newer.presence, sides).prototype) break;
    }
    if (newerWithFlags?.presence && release.evidence.knowsFlags) {
      const sides = { before: release, after: newerWithFlags };
      if (comparePresence(presence, newerWithFlags.presence, sides).flags) break;
    }
    count++;
    since = release.tag;
    newer = release;
    if (release.evidence.knowsFlags) newerWithFlags = release;
  }
  return { releases: count, since };
}

export interface CandidateInput {
  name: string;
  /** The release it was first seen in. */
  firstSeen: string | null;
  run: UnchangedRun;
  dependents: number;
  /** An open promotion proposal for it, if any. */
  openProposal: number | null;
}

export interface PromotionCandidate extends CandidateInput {
  score: number;
}

/**
 * The kfuncs net/bpf/test_run.c defines for the BPF selftests (bpf_kfunc_call_test1, …): no program
 * outside the selftests should use them, so they are never promotion candidates.
 */
export function isSelftestKfunc(name: string): boolean {
  return name.startsWith("bpf_kfunc_call_");
}

/** A registered project weighs as much as this many releases of unchanged presence. */
export const DEPENDENT_WEIGHT = 2;
/** A kfunc must have held still for this many ingested releases to be a candidate at all. */
export const MIN_UNCHANGED_RELEASES = 2;

/** score = releases unchanged + DEPENDENT_WEIGHT × registered dependents. */
export function candidateScore(run: UnchangedRun, dependents: number): number {
  return run.releases + DEPENDENT_WEIGHT * dependents;
}

/**
 * Unstable kfuncs that held still for at least MIN_UNCHANGED_RELEASES, highest score first; ties
 * go to more dependents, then the longer unchanged run, then the older first release, then name.
 */
export function rankCandidates(inputs: readonly CandidateInput[]): PromotionCandidate[] {
  return inputs
    .filter((c) => c.run.releases >= MIN_UNCHANGED_RELEASES && !isSelftestKfunc(c.name))
    .map((c) => ({ ...c, score: candidateScore(c.run, c.dependents) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.dependents - a.dependents ||
        b.run.releases - a.run.releases ||
        compareOptionalTags(a.firstSeen, b.firstSeen) ||
        byName(a.name, b.name),
    );
}

function compareOptionalTags(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compareReleaseTags(a, b);
}

/** Newest release first; no release last. */
function newestReleaseFirst(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compareReleaseTags(b, a);
}

// ── Violations ─────────────────────────────────────────────────────────────────────────────────

export interface ViolationOrderFacts {
  id: number;
  release: string | null;
  acknowledged: boolean;
}

/** Unacknowledged first, then the newest release first, then the newest recorded first. */
export function compareViolations(a: ViolationOrderFacts, b: ViolationOrderFacts): number {
  return (
    Number(a.acknowledged) - Number(b.acknowledged) || newestReleaseFirst(a.release, b.release) || b.id - a.id
  );
}
