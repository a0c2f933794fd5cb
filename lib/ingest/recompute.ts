// Recomputes every derived lifecycle event and each kfunc's catalog snapshot (state, current
// prototype, flags, program types, first and last release seen) from the ingested releases and
// the human events. History stays append-only: events that no longer hold are retracted, new
// ones appended, unchanged ones left alone.

import type { Prisma } from "../generated/prisma/client";
import type { LifecycleState } from "../lifecycle";
import { compareReleaseTags } from "../version";
import { type DerivedEvent, deriveKfunc, type HumanStateEvent, type ReleaseView } from "./derive";
import { provesAbsence } from "./snapshot";

type Tx = Prisma.TransactionClient;

export interface IngestTotals {
  byRelease: Map<string, { added: number; removed: number; changed: number }>;
  violations: number;
}

export async function recomputeDerived(tx: Tx): Promise<IngestTotals> {
  const releases = await tx.release.findMany({
    select: {
      id: true,
      tag: true,
      releasedOn: true,
      ingestions: {
        select: { sourceKind: true },
        orderBy: [{ ingestedAt: "desc" }, { id: "desc" }],
        take: 1,
      },
    },
  });
  releases.sort((a, b) => compareReleaseTags(a.tag, b.tag));
  const knownTags = releases.map((r) => r.tag);
  const byId = new Map(releases.map((r) => [r.id, r]));
  const byTag = new Map(releases.map((r) => [r.tag, r]));
  const ingested = releases.filter((r) => r.ingestions.length > 0);

  const [kfuncs, presences, events] = await Promise.all([
    tx.kfunc.findMany({
      select: {
        id: true,
        name: true,
        state: true,
        prototype: true,
        flags: true,
        progTypes: true,
        firstSeenId: true,
        lastSeenId: true,
        removalEarliest: { select: { tag: true } },
      },
    }),
    tx.kfuncRelease.findMany({
      select: { kfuncId: true, releaseId: true, prototype: true, flags: true, progTypes: true },
    }),
    tx.lifecycleEvent.findMany({
      where: { retractedAt: null },
      select: {
        id: true,
        kfuncId: true,
        kind: true,
        origin: true,
        toState: true,
        fromState: true,
        releaseId: true,
        recordedAt: true,
        dedupeKey: true,
        rationale: true,
        detail: true,
      },
      orderBy: { id: "asc" },
    }),
  ]);

  const presenceByKfunc = new Map<number, Map<number, (typeof presences)[number]>>();
  for (const p of presences) {
    const m = presenceByKfunc.get(p.kfuncId) ?? new Map();
    m.set(p.releaseId, p);
    presenceByKfunc.set(p.kfuncId, m);
  }
  const eventsByKfunc = new Map<number, typeof events>();
  for (const e of events) {
    const list = eventsByKfunc.get(e.kfuncId) ?? [];
    list.push(e);
    eventsByKfunc.set(e.kfuncId, list);
  }

  const toInsert: Prisma.LifecycleEventCreateManyInput[] = [];
  const toRetract: number[] = [];
  const totals: IngestTotals = { byRelease: new Map(), violations: 0 };
  const changedKfuncsByRelease = new Map<string, Set<number>>();

  for (const kfunc of kfuncs) {
    const present = presenceByKfunc.get(kfunc.id) ?? new Map();
    const views: ReleaseView[] = ingested.map((r) => {
      const p = present.get(r.id);
      return {
        tag: r.tag,
        provesAbsence: provesAbsence(r.ingestions[0]?.sourceKind ?? "BTF"),
        presence: p ? { prototype: p.prototype, flags: p.flags, progTypes: p.progTypes } : null,
      };
    });
    const mine = eventsByKfunc.get(kfunc.id) ?? [];
    const human: HumanStateEvent[] = mine
      .filter((e) => e.origin !== "INGEST" && e.toState)
      .map((e) => ({
        release: e.releaseId ? (byId.get(e.releaseId)?.tag ?? null) : null,
        at: e.recordedAt.getTime(),
        toState: e.toState as LifecycleState,
      }));
    const derivation = deriveKfunc(kfunc.name, views, human, kfunc.removalEarliest?.tag ?? null, knownTags);

    // Diff wanted derived events against the active ones.
    const active = new Map(
      mine.filter((e) => e.origin === "INGEST" && e.dedupeKey).map((e) => [e.dedupeKey as string, e]),
    );
    for (const wanted of derivation.events) {
      const release = byTag.get(wanted.release);
      const current = active.get(wanted.key);
      if (current && sameEvent(current, wanted, release?.id ?? null)) {
        active.delete(wanted.key);
      } else {
        if (current) {
          toRetract.push(current.id);
          active.delete(wanted.key);
        }
        toInsert.push({
          kfuncId: kfunc.id,
          kind: wanted.kind,
          origin: "INGEST",
          fromState: wanted.fromState,
          toState: wanted.toState,
          releaseId: release?.id ?? null,
          occurredAt: release?.releasedOn ?? null,
          actor: "ingest",
          rationale: wanted.rationale,
          detail: wanted.detail as Prisma.InputJsonValue,
          dedupeKey: wanted.key,
        });
      }
      countEvent(totals, changedKfuncsByRelease, wanted, kfunc.id);
    }
    for (const stale of active.values()) toRetract.push(stale.id);

    const firstSeenId = derivation.firstSeen ? (byTag.get(derivation.firstSeen)?.id ?? null) : null;
    const lastSeenId = derivation.lastSeen ? (byTag.get(derivation.lastSeen)?.id ?? null) : null;
    const latest = derivation.latest;
    const next = {
      state: derivation.state,
      prototype: latest?.prototype ?? kfunc.prototype,
      // A BTF release knows no flags: keep those of the newest source release.
      flags: latest?.flags.length ? latest.flags : (newestWith(present, ingested, "flags") ?? kfunc.flags),
      progTypes: latest?.progTypes.length
        ? latest.progTypes
        : (newestWith(present, ingested, "progTypes") ?? kfunc.progTypes),
      firstSeenId,
      lastSeenId,
    };
    if (
      next.state !== kfunc.state ||
      next.prototype !== kfunc.prototype ||
      !sameList(next.flags, kfunc.flags) ||
      !sameList(next.progTypes, kfunc.progTypes) ||
      next.firstSeenId !== kfunc.firstSeenId ||
      next.lastSeenId !== kfunc.lastSeenId
    ) {
      await tx.kfunc.update({ where: { id: kfunc.id }, data: next });
    }
  }

  if (toRetract.length) {
    await tx.lifecycleEvent.updateMany({
      where: { id: { in: toRetract } },
      data: { retractedAt: new Date() },
    });
  }
  if (toInsert.length) await tx.lifecycleEvent.createMany({ data: toInsert });
  for (const [tag, set] of changedKfuncsByRelease) {
    const entry = totals.byRelease.get(tag) ?? { added: 0, removed: 0, changed: 0 };
    entry.changed = set.size;
    totals.byRelease.set(tag, entry);
  }
  return totals;
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

function newestWith(
  present: Map<number, { flags: string[]; progTypes: string[] }>,
  ingested: { id: number }[],
  field: "flags" | "progTypes",
): string[] | null {
  for (let i = ingested.length - 1; i >= 0; i--) {
    const p = present.get(ingested[i]?.id ?? -1);
    if (p?.[field].length) return p[field];
  }
  return null;
}

function sameEvent(
  current: {
    kind: string;
    fromState: string | null;
    toState: string | null;
    releaseId: number | null;
    rationale: string | null;
    detail: unknown;
  },
  wanted: DerivedEvent,
  releaseId: number | null,
) {
  return (
    current.kind === wanted.kind &&
    current.fromState === wanted.fromState &&
    current.toState === wanted.toState &&
    current.releaseId === releaseId &&
    current.rationale === wanted.rationale &&
    canonicalJson(current.detail ?? null) === canonicalJson(wanted.detail)
  );
}

function sameList(a: readonly string[], b: readonly string[]) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** JSON with keys sorted: jsonb stores keys in its own order, so compare canonically. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
