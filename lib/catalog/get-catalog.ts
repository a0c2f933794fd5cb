import "server-only";
import { versioned } from "../cache/versioned";
import { getPrisma } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import { LIFECYCLE_STATES, type LifecycleState } from "../lifecycle/states";
import { kfuncAvailability, type ReleaseAvailability } from "../matrix/cells";
import { readKnownReleases } from "../releases/known-releases";
import { compareReleaseTags } from "../releases/version";
import type { CatalogFilterOptions, CatalogQuery } from "./query";
import { catalogOrder, catalogWhere } from "./where";

// Data functions for the catalog: the filtered, sorted, paginated list, its exports and the
// values each filter can take. Plain serializable shapes (no Prisma rows, no Dates); they throw
// on failure.

export interface CatalogRow {
  name: string;
  state: LifecycleState;
  subsystem: string;
  prototype: string | null;
  flags: string[];
  progTypes: string[];
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface CatalogPage {
  rows: CatalogRow[];
  total: number;
  /** Counts per state under every filter except the state filter itself. */
  stateCounts: Record<LifecycleState, number>;
}

const CATALOG_SELECT = {
  name: true,
  state: true,
  subsystem: true,
  prototype: true,
  flags: true,
  progTypes: true,
  firstSeen: { select: { tag: true } },
  lastSeen: { select: { tag: true } },
} satisfies Prisma.KfuncSelect;

/** A kfunc row as the catalog (and the kfunc page's summary) shows it. */
export function toCatalogRow(r: Prisma.KfuncGetPayload<{ select: typeof CATALOG_SELECT }>): CatalogRow {
  return {
    name: r.name,
    state: r.state,
    subsystem: r.subsystem,
    prototype: r.prototype,
    flags: r.flags,
    progTypes: r.progTypes,
    firstSeen: r.firstSeen?.tag ?? null,
    lastSeen: r.lastSeen?.tag ?? null,
  };
}

async function releaseIdOf(tag: string | undefined): Promise<number | null> {
  if (!tag) return null;
  const prisma = await getPrisma();
  return (await prisma.release.findUnique({ where: { tag }, select: { id: true } }))?.id ?? null;
}

async function readCatalog(query: CatalogQuery): Promise<CatalogPage> {
  const prisma = await getPrisma();
  const releaseId = await releaseIdOf(query.release);
  const where = catalogWhere(query, releaseId, true);
  const [rows, total, grouped] = await Promise.all([
    prisma.kfunc.findMany({
      where,
      orderBy: catalogOrder(query),
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      select: CATALOG_SELECT,
    }),
    prisma.kfunc.count({ where }),
    prisma.kfunc.groupBy({
      by: ["state"],
      where: catalogWhere(query, releaseId, false),
      _count: { _all: true },
    }),
  ]);
  const stateCounts = Object.fromEntries(LIFECYCLE_STATES.map((s) => [s, 0])) as Record<
    LifecycleState,
    number
  >;
  for (const g of grouped) stateCounts[g.state] = g._count._all;
  return { rows: rows.map(toCatalogRow), total, stateCounts };
}

/** A row of the exports: the catalog row and its availability in every known release. */
export interface CatalogExportRow extends CatalogRow {
  availability: ReleaseAvailability[];
}

/**
 * Every row of a filtered, sorted view, all pages: what the CSV and JSON exports hold, each with
 * its availability read as the matrix reads it. Presences and events are read in bulk for all the
 * rows at once, never one query per kfunc; presences come grouped, one row per kfunc (20,000
 * kfuncs × 60 releases are 850,000 presence rows, four times slower one by one through Prisma).
 */
export async function getCatalogExport(query: CatalogQuery): Promise<CatalogExportRow[]> {
  const prisma = await getPrisma();
  const known = await readKnownReleases(prisma);
  const tagOf = new Map(known.map((r) => [r.id, r.tag]));
  const columns = known.map((r) => ({ tag: r.tag, evidence: r.ingestion?.evidence ?? null }));
  const releaseId = query.release ? (known.find((r) => r.tag === query.release)?.id ?? null) : null;
  const rows = await prisma.kfunc.findMany({
    where: catalogWhere(query, releaseId, true),
    orderBy: catalogOrder(query),
    select: {
      id: true,
      ...CATALOG_SELECT,
      events: { where: { retractedAt: null }, select: { kind: true, toState: true, releaseId: true } },
    },
  });
  const ids = rows.map((r) => r.id);
  const presences = await prisma.$queryRaw<
    { kfunc_id: number; release_ids: number[]; seen_in: string[][] }[]
  >`
    SELECT kfunc_id, array_agg(release_id ORDER BY release_id) AS release_ids,
           json_agg(seen_in ORDER BY release_id) AS seen_in
    FROM kfunc_release WHERE kfunc_id = ANY(${ids}) GROUP BY kfunc_id`;
  const presentIn = new Map(
    presences.map((p) => [
      p.kfunc_id,
      new Map(p.release_ids.map((id, i) => [tagOf.get(id) ?? "", p.seen_in[i] ?? []])),
    ]),
  );
  return rows.map(({ id, events, ...row }) => ({
    ...toCatalogRow(row),
    availability: kfuncAvailability(
      columns,
      presentIn.get(id) ?? new Map(),
      events.map((e) => ({
        kind: e.kind,
        release: e.releaseId === null ? null : (tagOf.get(e.releaseId) ?? null),
        toState: e.toState,
      })),
    ),
  }));
}

async function readStateCounts(): Promise<Record<LifecycleState, number>> {
  const prisma = await getPrisma();
  const grouped = await prisma.kfunc.groupBy({ by: ["state"], _count: { _all: true } });
  const counts = Object.fromEntries(LIFECYCLE_STATES.map((s) => [s, 0])) as Record<LifecycleState, number>;
  for (const g of grouped) counts[g.state] = g._count._all;
  return counts;
}

/** The values each catalog filter can take, read from the data. */
async function readCatalogFilterOptions(): Promise<CatalogFilterOptions> {
  const prisma = await getPrisma();
  const [subsystems, progTypes, flags, releases] = await Promise.all([
    // In the database: Prisma's `distinct` reads every row and drops the repeats itself.
    prisma.$queryRaw<{ v: string }[]>`SELECT DISTINCT subsystem AS v FROM kfunc ORDER BY v`,
    prisma.$queryRaw<{ v: string }[]>`SELECT DISTINCT unnest(prog_types) AS v FROM kfunc ORDER BY v`,
    prisma.$queryRaw<{ v: string }[]>`SELECT DISTINCT unnest(flags) AS v FROM kfunc ORDER BY v`,
    prisma.release.findMany({ where: { ingestions: { some: {} } }, select: { tag: true } }),
  ]);
  return {
    subsystems: subsystems.map((s) => s.v),
    progTypes: progTypes.map((p) => p.v),
    flags: flags.map((f) => f.v),
    releases: releases.map((r) => r.tag).sort(compareReleaseTags),
  };
}

// Cached by Next under the catalog's version (lib/cache/versioned.ts): they change only when it does.
export const getCatalog = versioned("getCatalog", readCatalog);
export const getStateCounts = versioned("getStateCounts", readStateCounts);
export const getCatalogFilterOptions = versioned("getCatalogFilterOptions", readCatalogFilterOptions);
