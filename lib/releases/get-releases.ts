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
  /**
   * The newest older release that knows KF flags and program types (a source release), when the
   * base is a BTF build that does not: the release to compare with to see those changes.
   */
  flagsBase: string | null;
}

export type ReleaseChangesResult =
  | { found: true; changes: ReleaseChanges }
  /** `tag` is not an ingested release. */
  | { found: false; problem: "release" }
  /** `vs` is not an ingested release. */
  | { found: false; problem: "base" };

interface PresencePairs {
  /** What each side holds for the kfuncs that differ textually or are on one side only. */
  target: KfuncFacts[];
  base: KfuncFacts[];
  /** Kfuncs in both with the same prototype, flags and program types, as stored. */
  identical: number;
}

/**
 * The two releases' presences side by side, in the database: the kfuncs stored identically in both
 * (most of them) are only counted, and the rest are read for the diff to judge. A textual match is
 * never a change under lib/releases/compare.ts, so counting them as unchanged is exact.
 */
async function readPresencePairs(targetTag: string, baseTag: string | null): Promise<PresencePairs> {
  const prisma = await getPrisma();
  const rows = await prisma.$queryRaw<
    {
      name: string | null;
      subsystem: string | null;
      side: "target" | "base" | "identical";
      prototype: string | null;
      flags: string[] | null;
      prog_types: string[] | null;
      identical: number | null;
    }[]
  >`
    WITH t AS (
      SELECT kr.kfunc_id, kr.prototype, kr.flags, kr.prog_types
      FROM kfunc_release kr JOIN release r ON r.id = kr.release_id WHERE r.tag = ${targetTag}
    ), b AS (
      SELECT kr.kfunc_id, kr.prototype, kr.flags, kr.prog_types
      FROM kfunc_release kr JOIN release r ON r.id = kr.release_id WHERE r.tag = ${baseTag}
    ), pairs AS (
      SELECT coalesce(t.kfunc_id, b.kfunc_id) AS kfunc_id,
             t.kfunc_id IS NOT NULL AND b.kfunc_id IS NOT NULL
               AND t.prototype IS NOT DISTINCT FROM b.prototype
               AND t.flags IS NOT DISTINCT FROM b.flags
               AND t.prog_types IS NOT DISTINCT FROM b.prog_types AS identical,
             t.kfunc_id IS NOT NULL AS in_target, t.prototype AS t_prototype, t.flags AS t_flags,
             t.prog_types AS t_prog_types,
             b.kfunc_id IS NOT NULL AS in_base, b.prototype AS b_prototype, b.flags AS b_flags,
             b.prog_types AS b_prog_types
      FROM t FULL JOIN b USING (kfunc_id)
    )
    SELECT k.name, k.subsystem, 'target' AS side, p.t_prototype AS prototype, p.t_flags AS flags,
           p.t_prog_types AS prog_types, NULL::int AS identical
    FROM pairs p JOIN kfunc k ON k.id = p.kfunc_id WHERE NOT p.identical AND p.in_target
    UNION ALL
    SELECT k.name, k.subsystem, 'base', p.b_prototype, p.b_flags, p.b_prog_types, NULL
    FROM pairs p JOIN kfunc k ON k.id = p.kfunc_id WHERE NOT p.identical AND p.in_base
    UNION ALL
    SELECT NULL, NULL, 'identical', NULL, NULL, NULL, count(*)::int FROM pairs WHERE identical`;
  const pairs: PresencePairs = { target: [], base: [], identical: 0 };
  for (const row of rows) {
    if (row.side === "identical") pairs.identical = row.identical ?? 0;
    else
      pairs[row.side].push({
        name: row.name ?? "",
        subsystem: row.subsystem ?? "",
        prototype: row.prototype,
        flags: row.flags ?? [],
        progTypes: row.prog_types ?? [],
      });
  }
  return pairs;
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
  const pairs = await readPresencePairs(tag, base?.tag ?? null);
  const diff = diffReleases(
    { tag: base?.tag ?? release.tag, kfuncs: pairs.base, evidence: base?.evidence ?? release.evidence },
    { tag: release.tag, kfuncs: pairs.target, evidence: release.evidence },
  );
  return {
    found: true,
    changes: {
      release,
      base,
      diff: { ...diff, unchanged: diff.unchanged + pairs.identical },
      ingested: ingested.map((r) => r.tag).filter((t) => t !== tag),
      flagsBase:
        base &&
        !base.evidence.knowsFlags &&
        release.evidence.knowsFlags &&
        compareReleaseTags(base.tag, tag) < 0
          ? ([...ingested].reverse().find((r) => r.evidence.knowsFlags && compareReleaseTags(r.tag, tag) < 0)
              ?.tag ?? null)
          : null,
    },
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
