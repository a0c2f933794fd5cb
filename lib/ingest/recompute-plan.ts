// The pure middle of recomputing: given every ingested release, presence row, kfunc and active
// event, what must change: events to append, events to retract, kfunc snapshots to rewrite.
// History stays append-only: an event that no longer holds is retracted, never deleted.

import type { LifecycleState } from "../lifecycle/states";
import type { ReleaseEvidence } from "../releases/evidence";
import { sameList } from "../util/lists";
import { type DerivedEvent, deriveKfunc, humanStateEvent, type RefusedEvent } from "./derive";

export interface PlanRelease {
  id: number;
  tag: string;
  releasedOn: Date | null;
  /** null for a release that was never ingested. */
  evidence: ReleaseEvidence | null;
}

export interface PlanKfunc {
  id: number;
  name: string;
  state: LifecycleState;
  prototype: string | null;
  flags: string[];
  progTypes: string[];
  firstSeenId: number | null;
  lastSeenId: number | null;
  replacementId: number | null;
  deprecatedInId: number | null;
  removalEarliestId: number | null;
}

export interface PlanPresence {
  kfuncId: number;
  releaseId: number;
  prototype: string | null;
  flags: string[];
  progTypes: string[];
}

export interface PlanEvent {
  id: number;
  kfuncId: number;
  kind: string;
  origin: "INGEST" | "DOCUMENTED" | "DECISION";
  fromState: LifecycleState | null;
  toState: LifecycleState | null;
  releaseId: number | null;
  recordedAt: Date;
  dedupeKey: string | null;
  actor: string;
  rationale: string | null;
  sourceUrl: string | null;
  detail: unknown;
}

export interface RecomputeInput {
  releases: PlanRelease[];
  kfuncs: PlanKfunc[];
  presences: PlanPresence[];
  /** Active (non-retracted) events. */
  events: PlanEvent[];
}

export interface NewEvent {
  kfuncId: number;
  kind: DerivedEvent["kind"];
  fromState: LifecycleState | null;
  toState: LifecycleState | null;
  releaseId: number | null;
  occurredAt: Date | null;
  rationale: string;
  detail: Record<string, unknown>;
  dedupeKey: string;
}

export type KfuncSnapshot = Omit<PlanKfunc, "name">;

export interface IngestTotals {
  byRelease: Map<string, { added: number; removed: number; changed: number }>;
  violations: number;
  /** Human events the lifecycle rules refuse where they stand in the history. */
  refused: (RefusedEvent & { kfunc: string })[];
}

export interface RecomputePlan {
  insert: NewEvent[];
  retract: number[];
  /** Kfuncs whose catalog snapshot changes, with the whole new snapshot. */
  update: KfuncSnapshot[];
  totals: IngestTotals;
}

export function planRecompute(input: RecomputeInput): RecomputePlan {
  const releases = input.releases; // oldest first
  const knownTags = releases.map((r) => r.tag);
  const byId = new Map(releases.map((r) => [r.id, r]));
  const byTag = new Map(releases.map((r) => [r.tag, r]));
  const ingested = releases.filter(
    (r): r is PlanRelease & { evidence: ReleaseEvidence } => r.evidence !== null,
  );
  const kfuncIdByName = new Map(input.kfuncs.map((k) => [k.name, k.id]));
  const presenceByKfunc = groupBy(input.presences, (p) => p.kfuncId);
  const eventsByKfunc = groupBy(input.events, (e) => e.kfuncId);

  const plan: RecomputePlan = {
    insert: [],
    retract: [],
    update: [],
    totals: { byRelease: new Map(), violations: 0, refused: [] },
  };
  const changedKfuncsByRelease = new Map<string, Set<number>>();

  for (const kfunc of input.kfuncs) {
    const present = new Map((presenceByKfunc.get(kfunc.id) ?? []).map((p) => [p.releaseId, p]));
    const views = ingested.map((r) => {
      const p = present.get(r.id);
      return {
        tag: r.tag,
        evidence: r.evidence,
        presence: p ? { prototype: p.prototype, flags: p.flags, progTypes: p.progTypes } : null,
      };
    });
    const mine = eventsByKfunc.get(kfunc.id) ?? [];
    const human = mine.flatMap((e) =>
      humanStateEvent({
        ...e,
        release: e.releaseId ? (byId.get(e.releaseId)?.tag ?? null) : null,
        recordedAt: e.recordedAt.getTime(),
      }),
    );
    const derivation = deriveKfunc(kfunc.name, views, human, knownTags);
    plan.totals.refused.push(...derivation.refused.map((r) => ({ ...r, kfunc: kfunc.name })));

    // Wanted derived events against the active ones: keep equal ones, retract stale ones.
    const active = new Map(
      mine.filter((e) => e.origin === "INGEST" && e.dedupeKey).map((e) => [e.dedupeKey as string, e]),
    );
    for (const wanted of derivation.events) {
      const release = byTag.get(wanted.release) ?? null;
      const current = active.get(wanted.key);
      active.delete(wanted.key);
      if (!current || !sameEvent(current, wanted, release?.id ?? null)) {
        if (current) plan.retract.push(current.id);
        plan.insert.push({
          kfuncId: kfunc.id,
          kind: wanted.kind,
          fromState: wanted.fromState,
          toState: wanted.toState,
          releaseId: release?.id ?? null,
          occurredAt: release?.releasedOn ?? null,
          rationale: wanted.rationale,
          detail: wanted.detail,
          dedupeKey: wanted.key,
        });
      }
      countEvent(plan.totals, changedKfuncsByRelease, wanted, kfunc.id);
    }
    for (const stale of active.values()) plan.retract.push(stale.id);

    const latest = derivation.latest;
    const newestWith = (field: "flags" | "progTypes") => {
      for (let i = ingested.length - 1; i >= 0; i--) {
        const p = present.get(ingested[i]?.id ?? -1);
        if (p?.[field].length) return p[field];
      }
      return null;
    };
    const tagId = (tag: string | null | undefined) => (tag ? (byTag.get(tag)?.id ?? null) : null);
    const next: KfuncSnapshot = {
      id: kfunc.id,
      state: derivation.state,
      prototype: latest?.prototype ?? kfunc.prototype,
      // A BTF release knows no flags: keep those of the newest source release.
      flags: latest?.flags.length ? latest.flags : (newestWith("flags") ?? kfunc.flags),
      progTypes: latest?.progTypes.length ? latest.progTypes : (newestWith("progTypes") ?? kfunc.progTypes),
      firstSeenId: tagId(derivation.firstSeen),
      lastSeenId: tagId(derivation.lastSeen),
      replacementId: derivation.replacement
        ? (kfuncIdByName.get(derivation.replacement) ?? kfunc.replacementId)
        : derivation.replacementEnded
          ? null
          : kfunc.replacementId,
      deprecatedInId: tagId(derivation.deprecation?.release),
      removalEarliestId: tagId(derivation.deprecation?.removalEarliest),
    };
    if (!sameSnapshot(next, kfunc)) plan.update.push(next);
  }

  for (const [tag, set] of changedKfuncsByRelease) {
    const entry = plan.totals.byRelease.get(tag) ?? { added: 0, removed: 0, changed: 0 };
    entry.changed = set.size;
    plan.totals.byRelease.set(tag, entry);
  }
  return plan;
}

function countEvent(
  totals: IngestTotals,
  changed: Map<string, Set<number>>,
  event: DerivedEvent,
  kfuncId: number,
) {
  const entry = totals.byRelease.get(event.release) ?? { added: 0, removed: 0, changed: 0 };
  totals.byRelease.set(event.release, entry);
  if (event.kind === "INTRODUCED" || event.kind === "REINTRODUCED") entry.added++;
  else if (event.kind === "REMOVED") entry.removed++;
  else if (event.kind === "POLICY_VIOLATION") totals.violations++;
  else {
    const set = changed.get(event.release) ?? new Set<number>();
    set.add(kfuncId);
    changed.set(event.release, set);
  }
}

function sameSnapshot(a: KfuncSnapshot, b: PlanKfunc): boolean {
  return (
    a.state === b.state &&
    a.prototype === b.prototype &&
    sameList(a.flags, b.flags) &&
    sameList(a.progTypes, b.progTypes) &&
    a.firstSeenId === b.firstSeenId &&
    a.lastSeenId === b.lastSeenId &&
    a.replacementId === b.replacementId &&
    a.deprecatedInId === b.deprecatedInId &&
    a.removalEarliestId === b.removalEarliestId
  );
}

function sameEvent(current: PlanEvent, wanted: DerivedEvent, releaseId: number | null) {
  return (
    current.kind === wanted.kind &&
    current.fromState === wanted.fromState &&
    current.toState === wanted.toState &&
    current.releaseId === releaseId &&
    current.rationale === wanted.rationale &&
    canonicalJson(current.detail ?? null) === canonicalJson(wanted.detail)
  );
}

/** JSON with keys sorted: jsonb stores keys in its own order, so compare canonically. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
