import "server-only";
import { getPrisma } from "./db";
import { diffReleases, type PresenceFacts, type ReleaseDiff } from "./diff/release-diff";
import { type KfuncEvent, toKfuncEvent } from "./kfuncs";
import { compareReleaseTags } from "./version";

export interface ReleaseSummary {
  tag: string;
  releasedOn: string | null;
  sourceKind: string;
  origin: string;
  ingestedAt: string;
  kfuncCount: number;
}

/** Ingested releases, oldest first, with the provenance of their newest ingestion. */
export async function getReleaseOverview(): Promise<ReleaseSummary[]> {
  const prisma = await getPrisma();
  const releases = await prisma.release.findMany({
    where: { ingestions: { some: {} } },
    include: { ingestions: { orderBy: [{ ingestedAt: "desc" }, { id: "desc" }], take: 1 } },
  });
  return releases
    .map((r) => {
      const latest = r.ingestions[0];
      return {
        tag: r.tag,
        releasedOn: r.releasedOn ? r.releasedOn.toISOString().slice(0, 10) : null,
        sourceKind: latest?.sourceKind ?? "",
        origin: latest?.origin ?? "",
        ingestedAt: latest?.ingestedAt.toISOString() ?? "",
        kfuncCount: latest?.kfuncCount ?? 0,
      };
    })
    .sort((a, b) => compareReleaseTags(a.tag, b.tag));
}

export interface KnownRelease {
  tag: string;
  releasedOn: string | null;
  ingested: boolean;
}

/** Every release the catalog knows, oldest first. */
export async function getKnownReleases(): Promise<KnownRelease[]> {
  const prisma = await getPrisma();
  const rows = await prisma.release.findMany({
    orderBy: { id: "asc" },
    select: { tag: true, releasedOn: true, _count: { select: { ingestions: true } } },
  });
  return rows.map((r) => ({
    tag: r.tag,
    releasedOn: r.releasedOn ? r.releasedOn.toISOString().slice(0, 10) : null,
    ingested: r._count.ingestions > 0,
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

async function presenceFacts(releaseTag: string): Promise<PresenceFacts[]> {
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

/**
 * What was added, removed and changed in `tag` against `vs` (default: the previous ingested
 * release). null when `tag` is not an ingested release; throws RangeError when `vs` is not one.
 */
export async function getReleaseChanges(tag: string, vs?: string): Promise<ReleaseChanges | null> {
  const ingested = await getReleaseOverview();
  const release = ingested.find((r) => r.tag === tag);
  if (!release) return null;
  let base: ReleaseSummary | null;
  if (vs) {
    base = ingested.find((r) => r.tag === vs) ?? null;
    if (!base) throw new RangeError(`${vs} is not an ingested release`);
  } else {
    base = [...ingested].reverse().find((r) => compareReleaseTags(r.tag, tag) < 0) ?? null;
  }
  const [target, before] = await Promise.all([
    presenceFacts(tag),
    base ? presenceFacts(base.tag) : Promise.resolve([]),
  ]);
  const compareFlags = release.sourceKind !== "BTF" && base?.sourceKind !== "BTF";
  return {
    release,
    base,
    diff: diffReleases(before, target, compareFlags),
    ingested: ingested.map((r) => r.tag).filter((t) => t !== tag),
  };
}

export interface ReleaseEvent extends KfuncEvent {
  kfunc: string;
}

/** Lifecycle events placed in one release (documented and derived), by kfunc name. */
export async function getEventsInRelease(tag: string): Promise<ReleaseEvent[]> {
  const prisma = await getPrisma();
  const rows = await prisma.lifecycleEvent.findMany({
    where: { release: { tag }, retractedAt: null },
    include: { release: { select: { tag: true } }, kfunc: { select: { name: true } } },
    orderBy: [{ kfunc: { name: "asc" } }, { id: "asc" }],
  });
  return rows.map((e) => ({ ...toKfuncEvent(e), kfunc: e.kfunc.name }));
}
