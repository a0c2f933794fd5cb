import "server-only";
import { versioned } from "../cache/versioned";
import { type CatalogRow, toCatalogRow } from "../catalog/get-catalog";
import { getPrisma } from "../db/client";
import { dateOnly, type KfuncEvent, toKfuncEvent } from "../events/event";
import { deriveKfunc, humanStateEvent } from "../ingest/derive";
import type { KfuncSetMembership } from "../kernel/types";
import { type Availability, kfuncAvailability, type ReleaseAvailability } from "../matrix/cells";
import { evidenceOf, type ReleaseEvidence } from "../releases/evidence";
import { ingestedOnly, type KnownReleaseRow, readKnownReleases } from "../releases/known-releases";
import { compareReleaseTags } from "../releases/version";

// One kfunc with everything the kfunc page and the API show: per-release data, the releases it
// is absent from, and its history.

export interface KfuncPresence {
  release: string;
  releasedOn: string | null;
  sourceKind: string;
  /** What the release this row comes from can prove (lib/releases/evidence.ts). */
  evidence: ReleaseEvidence;
  origin: string;
  prototype: string | null;
  flags: string[];
  progTypes: string[];
  guards: string[];
  btfTags: string[];
  /** "vmlinux" or module names, where a build of the release has it; empty when unknown. */
  seenIn: string[];
  sourceFile: string | null;
  sourceLine: number | null;
  sets: KfuncSetMembership[];
}

export interface KfuncDetail extends CatalogRow {
  summary: string | null;
  replacement: string | null;
  /** kfuncs that name this one as their replacement (old names, deprecated aliases). */
  replaces: string[];
  deprecatedIn: string | null;
  removalEarliest: string | null;
  /** The removal release as upstream wrote it, when that differs (sched_ext's "v6.23" is v7.3). */
  removalEarliestAsWritten: string | null;
  presences: KfuncPresence[];
  /** Ingested releases where it is absent. */
  absentFrom: string[];
  /** Those of absentFrom read from BTF: one build's config, so "not built", not "removed". */
  notInBuild: string[];
  /** Every known release, as the matrix reads it: present, inferred, not yet, absent … */
  availability: ReleaseAvailability[];
  /** Documented facts (or decisions) that changed no state: the rules or the observations refused them. */
  conflicts: { kind: string; release: string | null; message: string }[];
  events: KfuncEvent[];
}

async function readKfunc(name: string): Promise<KfuncDetail | null> {
  const prisma = await getPrisma();
  const kfunc = await prisma.kfunc.findUnique({
    where: { name },
    include: {
      firstSeen: { select: { tag: true } },
      lastSeen: { select: { tag: true } },
      replacement: { select: { name: true } },
      replaces: { select: { name: true }, orderBy: { name: "asc" } },
      deprecatedIn: { select: { tag: true } },
      removalEarliest: { select: { tag: true } },
      presences: { include: { release: true, ingestion: { select: { sourceKind: true, origin: true } } } },
      events: { where: { retractedAt: null }, include: { release: { select: { tag: true } } } },
    },
  });
  if (!kfunc) return null;
  const known = await readKnownReleases(prisma);
  const presences: KfuncPresence[] = kfunc.presences
    .map((p) => ({
      release: p.release.tag,
      releasedOn: dateOnly(p.release.releasedOn),
      sourceKind: p.ingestion.sourceKind,
      evidence: evidenceOf(p.ingestion.sourceKind),
      origin: p.ingestion.origin,
      prototype: p.prototype,
      flags: p.flags,
      progTypes: p.progTypes,
      guards: p.guards,
      btfTags: p.btfTags,
      seenIn: p.seenIn,
      sourceFile: p.sourceFile,
      sourceLine: p.sourceLine,
      sets: (p.sets ?? []) as unknown as KfuncPresence["sets"],
    }))
    .sort((a, b) => compareReleaseTags(a.release, b.release));
  const events: KfuncEvent[] = kfunc.events
    .map(toKfuncEvent)
    // Newest first: by release, then by when it was recorded.
    .sort(
      (a, b) =>
        (a.release && b.release
          ? compareReleaseTags(b.release, a.release)
          : a.release
            ? 1
            : b.release
              ? -1
              : 0) ||
        b.recordedAt.localeCompare(a.recordedAt) ||
        b.id - a.id,
    );
  // Every known release as the matrix reads it; the absences below are read off it.
  const availability = kfuncAvailability(
    known.map((r) => ({ tag: r.tag, evidence: r.ingestion?.evidence ?? null })),
    new Map(presences.map((p) => [p.release, p.seenIn])),
    events,
  );
  return {
    ...toCatalogRow(kfunc),
    summary: kfunc.summary,
    replacement: kfunc.replacement?.name ?? null,
    replaces: kfunc.replaces.map((k) => k.name),
    deprecatedIn: kfunc.deprecatedIn?.tag ?? null,
    removalEarliest: kfunc.removalEarliest?.tag ?? null,
    removalEarliestAsWritten: asWritten(events, kfunc.deprecatedIn?.tag ?? null),
    presences,
    absentFrom: availability.filter((a) => ABSENT.has(a.availability)).map((a) => a.release),
    notInBuild: availability.filter((a) => a.availability === "not-in-build").map((a) => a.release),
    availability,
    conflicts: conflictsOf(kfunc.name, presences, events, known),
    events,
  };
}

/** What the deprecation in force wrote for its removal release, when it differs from the real one. */
function asWritten(events: readonly KfuncEvent[], deprecatedIn: string | null): string | null {
  if (!deprecatedIn) return null;
  const deprecation = events.find((e) => e.kind === "DEPRECATED" && e.release === deprecatedIn);
  const written = (deprecation?.detail as { removalEarliestAsWritten?: unknown } | null)
    ?.removalEarliestAsWritten;
  return typeof written === "string" ? written : null;
}

/** An ingested release without the kfunc: before it appeared, after it went, or not in that build. */
const ABSENT = new Set<Availability>(["not-yet", "absent", "not-in-build"]);

/** Whether the catalog knows a kfunc by this name: one indexed lookup, for a 404 before streaming. */
async function readKfuncExists(name: string): Promise<boolean> {
  const prisma = await getPrisma();
  return (await prisma.kfunc.count({ where: { name } })) > 0;
}

/** The derivation run again for this one kfunc: what it refused is what the page calls a conflict. */
function conflictsOf(
  name: string,
  presences: readonly KfuncPresence[],
  events: readonly KfuncEvent[],
  known: readonly KnownReleaseRow[],
): KfuncDetail["conflicts"] {
  const byTag = new Map(presences.map((p) => [p.release, p]));
  const views = ingestedOnly(known).map((r) => {
    const p = byTag.get(r.tag);
    return {
      tag: r.tag,
      evidence: r.ingestion.evidence,
      presence: p ? { prototype: p.prototype, flags: p.flags, progTypes: p.progTypes } : null,
    };
  });
  const human = events.flatMap((e) => humanStateEvent({ ...e, recordedAt: Date.parse(e.recordedAt) }));
  return deriveKfunc(
    name,
    views,
    human,
    known.map((r) => r.tag),
  ).refused.map((r) => ({
    kind: r.event.kind,
    release: r.event.release,
    message: r.problems.map((p) => p.message).join(" "),
  }));
}

// Cached by Next under the catalog's version (lib/cache/versioned.ts): they change only when it does.
export const getKfunc = versioned("getKfunc", readKfunc);
export const kfuncExists = versioned("kfuncExists", readKfuncExists);
