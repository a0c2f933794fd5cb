import "server-only";
import { versioned } from "../cache/versioned";
import { getPrisma } from "../db/client";
import { type KfuncEvent, toKfuncEvent } from "../events/event";
import { diffReleases, type KfuncFacts, type ReleaseDiff } from "./diff";
import { evidenceOf, type ReleaseEvidence } from "./evidence";
import { ingestedOnly, NEWEST_INGESTION_FIRST, readKnownReleases } from "./known-releases";
import { compareReleaseTags } from "./version";

// Data functions for releases: which are known and ingested, and what changed between two.

export interface ReleaseSummary {
  tag: string;
  releasedOn: string | null;
  sourceKind: string;
  origin: string;
  ingestedAt: string;
  kfuncCount: number;
  /** What this release can prove (lib/releases/evidence.ts). */
  evidence: ReleaseEvidence;
}

const dateOnly = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** Ingested releases, oldest first, with the provenance of their newest ingestion. */
async function readReleaseOverview(): Promise<ReleaseSummary[]> {
  const releases = ingestedOnly(await readKnownReleases(await getPrisma()));
  return releases.map((r) => ({
    tag: r.tag,
    releasedOn: dateOnly(r.releasedOn),
    sourceKind: r.ingestion.sourceKind,
    origin: r.ingestion.origin,
    ingestedAt: r.ingestion.ingestedAt.toISOString(),
    kfuncCount: r.ingestion.kfuncCount,
    evidence: r.ingestion.evidence,
  }));
}

export interface KnownRelease {
  tag: string;
  releasedOn: string | null;
  ingested: boolean;
}

/** Every release the catalog knows, oldest first. */
async function readKnownReleaseList(): Promise<KnownRelease[]> {
  const releases = await readKnownReleases(await getPrisma());
  return releases.map((r) => ({
    tag: r.tag,
    releasedOn: dateOnly(r.releasedOn),
    ingested: r.ingestion !== null,
  }));
}

export interface ReleaseChanges {
  release: ReleaseSummary;
  /** The release compared against: the previous ingested one unless chosen; null for the oldest. */
  base: ReleaseSummary | null;
  diff: ReleaseDiff;
  /** Other ingested releases, for the "compare with" choice. */
  ingested: string[];
}

export type ReleaseChangesResult =
  | { found: true; changes: ReleaseChanges }
  /** `tag` is not an ingested release. */
  | { found: false; problem: "release" }
  /** `vs` is not an ingested release. */
  | { found: false; problem: "base" };

async function kfuncFacts(releaseTag: string): Promise<KfuncFacts[]> {
  const prisma = await getPrisma();
  const rows = await prisma.kfuncRelease.findMany({
    where: { release: { tag: releaseTag } },
    select: {
      prototype: true,
      flags: true,
      progTypes: true,
      kfunc: { select: { name: true, subsystem: true } },
    },
  });
  return rows.map((r) => ({
    name: r.kfunc.name,
    subsystem: r.kfunc.subsystem,
    prototype: r.prototype,
    flags: r.flags,
    progTypes: r.progTypes,
  }));
}

/** What was added, removed and changed in `tag` against `vs` (default: the previous ingested release). */
async function readReleaseChanges(tag: string, vs?: string): Promise<ReleaseChangesResult> {
  const ingested = await readReleaseOverview();
  const release = ingested.find((r) => r.tag === tag);
  if (!release) return { found: false, problem: "release" };
  const base = vs
    ? ingested.find((r) => r.tag === vs)
    : ([...ingested].reverse().find((r) => compareReleaseTags(r.tag, tag) < 0) ?? null);
  if (base === undefined) return { found: false, problem: "base" };
  const [target, before] = await Promise.all([kfuncFacts(tag), base ? kfuncFacts(base.tag) : []]);
  const diff = diffReleases(
    { tag: base?.tag ?? release.tag, kfuncs: before, evidence: base?.evidence ?? release.evidence },
    { tag: release.tag, kfuncs: target, evidence: release.evidence },
  );
  return {
    found: true,
    changes: { release, base, diff, ingested: ingested.map((r) => r.tag).filter((t) => t !== tag) },
  };
}

export interface ReleaseEvent extends KfuncEvent {
  kfunc: string;
}

/** Lifecycle events placed in one release (documented and derived), by kfunc name. */
async function readEventsInRelease(tag: string): Promise<ReleaseEvent[]> {
  const prisma = await getPrisma();
  const rows = await prisma.lifecycleEvent.findMany({
    where: { release: { tag }, retractedAt: null },
    include: { release: { select: { tag: true } }, kfunc: { select: { name: true } } },
    orderBy: [{ kfunc: { name: "asc" } }, { id: "asc" }],
  });
  return rows.map((e) => ({ ...toKfuncEvent(e), kfunc: e.kfunc.name }));
}

/** What an ingested release can prove, or null when `tag` was never ingested. */
async function readReleaseEvidence(tag: string): Promise<ReleaseEvidence | null> {
  const prisma = await getPrisma();
  const latest = await prisma.ingestion.findFirst({
    where: { release: { tag } },
    orderBy: NEWEST_INGESTION_FIRST,
    select: { sourceKind: true },
  });
  return latest ? evidenceOf(latest.sourceKind) : null;
}

/** Whether the catalog knows this release (ingested or not). */
async function readReleaseExists(tag: string): Promise<boolean> {
  const prisma = await getPrisma();
  return (await prisma.release.count({ where: { tag } })) > 0;
}

// Cached by Next under the catalog's version (lib/cache/versioned.ts): they change only when it does.
export const getReleaseOverview = versioned("getReleaseOverview", readReleaseOverview);
export const getKnownReleases = versioned("getKnownReleases", readKnownReleaseList);
export const getReleaseChanges = versioned("getReleaseChanges", readReleaseChanges);
export const getEventsInRelease = versioned("getEventsInRelease", readEventsInRelease);
export const getReleaseEvidence = versioned("getReleaseEvidence", readReleaseEvidence);
export const releaseExists = versioned("releaseExists", readReleaseExists);
