import type { z } from "zod";
import type { CatalogRow } from "../catalog/get-catalog";
import type { KfuncEvent } from "../events/event";
import { EventOrigin, SourceKind } from "../generated/prisma/enums";
import type { KfuncDetail } from "../kfunc/get-kfunc";
import type { KnownRelease, ReleaseChanges, ReleaseSummary } from "../releases/get-releases";
import { absoluteUrl } from "./http";
import { EVENT_KINDS } from "./params";
import type {
  EventBody,
  KfuncSummaryBody,
  kfuncDetailSchema,
  PresenceBody,
  ReleaseBody,
  releaseChangesSchema,
} from "./schemas";

// Explicit mapping from what the data functions return to the documented response bodies: every
// field is named here, so a new column in the database never reaches a client by accident.

/** Enum fields arrive from the data functions as plain strings; an unknown value is a server bug. */
function oneOf<T extends string>(values: readonly T[], value: string, what: string): T {
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new TypeError(`unexpected ${what} ${JSON.stringify(value)}`);
}
const SOURCE_KINDS = Object.values(SourceKind);
const EVENT_ORIGINS = Object.values(EventOrigin);

const kfuncUrl = (request: Request, name: string) =>
  absoluteUrl(request, `/api/v1/kfuncs/${encodeURIComponent(name)}`);

export function shapeKfuncSummary(request: Request, row: CatalogRow): KfuncSummaryBody {
  return {
    name: row.name,
    state: row.state,
    subsystem: row.subsystem,
    prototype: row.prototype,
    flags: row.flags,
    progTypes: row.progTypes,
    firstSeen: row.firstSeen,
    lastSeen: row.lastSeen,
    url: kfuncUrl(request, row.name),
  };
}

export function shapeEvent(kfunc: string, event: KfuncEvent): EventBody {
  return {
    id: event.id,
    kfunc,
    kind: oneOf(EVENT_KINDS, event.kind, "event kind"),
    origin: oneOf(EVENT_ORIGINS, event.origin, "event origin"),
    fromState: event.fromState,
    toState: event.toState,
    release: event.release,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.actor,
    rationale: event.rationale,
    sourceUrl: event.sourceUrl,
    detail: event.detail ?? null,
  };
}

export function shapeKfuncDetail(request: Request, kfunc: KfuncDetail): z.input<typeof kfuncDetailSchema> {
  const presences: PresenceBody[] = kfunc.presences.map((p) => ({
    release: p.release,
    releasedOn: p.releasedOn,
    sourceKind: oneOf(SOURCE_KINDS, p.sourceKind, "source kind"),
    origin: p.origin,
    prototype: p.prototype,
    flags: p.flags,
    progTypes: p.progTypes,
    guards: p.guards,
    btfTags: p.btfTags,
    seenIn: p.seenIn,
    sourceFile: p.sourceFile,
    sourceLine: p.sourceLine,
    sets: p.sets.map((s) => ({
      name: s.name,
      flags: s.flags,
      progTypes: s.progTypes,
      file: s.file,
      line: s.line,
      guards: s.guards,
      filtered: s.filtered,
    })),
  }));
  return {
    data: {
      ...shapeKfuncSummary(request, kfunc),
      summary: kfunc.summary,
      replacement: kfunc.replacement,
      deprecatedIn: kfunc.deprecatedIn,
      removalEarliest: kfunc.removalEarliest,
      presences,
      absentFrom: kfunc.absentFrom,
      availability: kfunc.availability,
      conflicts: kfunc.conflicts,
      events: kfunc.events.map((e) => shapeEvent(kfunc.name, e)),
      feed: absoluteUrl(request, `/feeds/kfuncs/${encodeURIComponent(kfunc.name)}.atom`),
    },
  };
}

const ingestionOf = (r: ReleaseSummary) => ({
  sourceKind: oneOf(SOURCE_KINDS, r.sourceKind, "source kind"),
  origin: r.origin,
  ingestedAt: r.ingestedAt,
  kfuncCount: r.kfuncCount,
});

const changesUrl = (request: Request, tag: string) =>
  absoluteUrl(request, `/api/v1/releases/${encodeURIComponent(tag)}/changes`);

/** Every known release, with the provenance of its newest ingestion when it was ingested. */
export function shapeReleases(
  request: Request,
  known: KnownRelease[],
  ingested: ReleaseSummary[],
): ReleaseBody[] {
  const byTag = new Map(ingested.map((r) => [r.tag, r]));
  return known.map((r) => {
    const summary = byTag.get(r.tag);
    return {
      tag: r.tag,
      releasedOn: r.releasedOn,
      ingested: r.ingested,
      ingestion: summary ? ingestionOf(summary) : null,
      changes: r.ingested ? changesUrl(request, r.tag) : null,
    };
  });
}

export function shapeReleaseChanges(changes: ReleaseChanges): z.input<typeof releaseChangesSchema> {
  const ref = (r: ReleaseSummary) => ({ tag: r.tag, releasedOn: r.releasedOn, ingestion: ingestionOf(r) });
  const facts = (p: ReleaseChanges["diff"]["added"][number]) => ({
    name: p.name,
    subsystem: p.subsystem,
    prototype: p.prototype,
    flags: p.flags,
    progTypes: p.progTypes,
  });
  return {
    data: {
      release: ref(changes.release),
      base: changes.base ? ref(changes.base) : null,
      added: changes.diff.added.map(facts),
      removed: changes.diff.removed.map(facts),
      changed: changes.diff.changed.map((c) => ({
        name: c.name,
        subsystem: c.subsystem,
        prototype: c.prototype ?? null,
        flags: c.flags ?? null,
        progTypes: c.progTypes ?? null,
      })),
      unchanged: changes.diff.unchanged,
    },
  };
}
