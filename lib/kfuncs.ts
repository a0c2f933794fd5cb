import "server-only";
import type { CatalogQuery } from "./catalog-params";
import { getPrisma } from "./db";
import type { Prisma } from "./generated/prisma/client";
import { LIFECYCLE_STATES, type LifecycleState } from "./lifecycle";
import { compareReleaseTags } from "./version";

// Data functions for kfuncs: the only readers of the kfunc tables for pages, API and CLI.
// They return plain serializable shapes (no Prisma rows, no Dates) and throw on failure.

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

/** Program-type filter: a set registered for UNSPEC serves every program type. */
export function catalogWhere(
  query: CatalogQuery,
  releaseId: number | null,
  withState: boolean,
): Prisma.KfuncWhereInput {
  const and: Prisma.KfuncWhereInput[] = [];
  if (withState && query.state) and.push({ state: query.state });
  if (query.subsystem) and.push({ subsystem: query.subsystem });
  if (query.flag) and.push({ flags: { has: query.flag } });
  if (query.progType) {
    and.push({ OR: [{ progTypes: { has: query.progType } }, { progTypes: { has: "UNSPEC" } }] });
  }
  if (query.release) and.push({ presences: { some: { releaseId: releaseId ?? -1 } } });
  if (query.q) {
    and.push({
      OR: [
        { name: { contains: query.q, mode: "insensitive" } },
        { prototype: { contains: query.q, mode: "insensitive" } },
      ],
    });
  }
  return { AND: and };
}

export function catalogOrder(query: CatalogQuery): Prisma.KfuncOrderByWithRelationInput[] {
  const dir = query.sort.direction;
  switch (query.sort.field) {
    case "state":
      return [{ state: dir }, { name: "asc" }];
    case "subsystem":
      return [{ subsystem: dir }, { name: "asc" }];
    // Release ids sort as versions (lib/ingest/registry.ts); never-seen kfuncs go last.
    case "firstSeen":
      return [{ firstSeenId: { sort: dir, nulls: "last" } }, { name: "asc" }];
    case "lastSeen":
      return [{ lastSeenId: { sort: dir, nulls: "last" } }, { name: "asc" }];
    default:
      return [{ name: dir }];
  }
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

function toCatalogRow(r: Prisma.KfuncGetPayload<{ select: typeof CATALOG_SELECT }>): CatalogRow {
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

export async function getCatalog(query: CatalogQuery): Promise<CatalogPage> {
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

/** Every row of a filtered, sorted view, all pages: what the CSV and JSON exports hold. */
export async function getCatalogExport(query: CatalogQuery): Promise<CatalogRow[]> {
  const prisma = await getPrisma();
  const rows = await prisma.kfunc.findMany({
    where: catalogWhere(query, await releaseIdOf(query.release), true),
    orderBy: catalogOrder(query),
    select: CATALOG_SELECT,
  });
  return rows.map(toCatalogRow);
}

export async function getStateCounts(): Promise<Record<LifecycleState, number>> {
  const prisma = await getPrisma();
  const grouped = await prisma.kfunc.groupBy({ by: ["state"], _count: { _all: true } });
  const counts = Object.fromEntries(LIFECYCLE_STATES.map((s) => [s, 0])) as Record<LifecycleState, number>;
  for (const g of grouped) counts[g.state] = g._count._all;
  return counts;
}

export interface CatalogFilterOptions {
  subsystems: string[];
  progTypes: string[];
  flags: string[];
  releases: string[];
}

// The filter values change only when a release is ingested; every catalog and matrix request
// needs them. Remembered per process, keyed by the newest ingestion.
let filterOptionsCache: { key: string; value: Promise<CatalogFilterOptions> } | null = null;

/** The values each catalog filter can take, read from the data. */
export async function getCatalogFilterOptions(): Promise<CatalogFilterOptions> {
  const prisma = await getPrisma();
  const newest = await prisma.ingestion.aggregate({ _max: { id: true }, _count: { _all: true } });
  const key = `${newest._max.id}:${newest._count._all}`;
  if (filterOptionsCache?.key !== key) {
    const value = readCatalogFilterOptions();
    filterOptionsCache = { key, value };
    value.catch(() => {
      if (filterOptionsCache?.value === value) filterOptionsCache = null;
    });
  }
  return filterOptionsCache.value;
}

async function readCatalogFilterOptions(): Promise<CatalogFilterOptions> {
  const prisma = await getPrisma();
  const [subsystems, progTypes, flags, releases] = await Promise.all([
    prisma.kfunc.findMany({
      distinct: ["subsystem"],
      select: { subsystem: true },
      orderBy: { subsystem: "asc" },
    }),
    prisma.$queryRaw<{ v: string }[]>`SELECT DISTINCT unnest(prog_types) AS v FROM kfunc ORDER BY v`,
    prisma.$queryRaw<{ v: string }[]>`SELECT DISTINCT unnest(flags) AS v FROM kfunc ORDER BY v`,
    prisma.release.findMany({ where: { ingestions: { some: {} } }, select: { tag: true } }),
  ]);
  return {
    subsystems: subsystems.map((s) => s.subsystem),
    progTypes: progTypes.map((p) => p.v),
    flags: flags.map((f) => f.v),
    releases: releases.map((r) => r.tag).sort(compareReleaseTags),
  };
}

export interface KfuncPresence {
  release: string;
  releasedOn: string | null;
  sourceKind: string;
  origin: string;
  prototype: string | null;
  flags: string[];
  progTypes: string[];
  guards: string[];
  btfTags: string[];
  sourceFile: string | null;
  sourceLine: number | null;
  sets: {
    name: string;
    flags: string[];
    progTypes: string[];
    file: string;
    line: number;
    guards: string[];
    filtered: boolean;
  }[];
}

export interface KfuncEvent {
  id: number;
  kind: string;
  origin: string;
  fromState: LifecycleState | null;
  toState: LifecycleState | null;
  release: string | null;
  occurredAt: string | null;
  recordedAt: string;
  actor: string;
  rationale: string | null;
  sourceUrl: string | null;
  detail: unknown;
}

export interface KfuncDetail extends CatalogRow {
  summary: string | null;
  replacement: string | null;
  /** kfuncs that name this one as their replacement (old names, deprecated aliases). */
  replaces: string[];
  deprecatedIn: string | null;
  removalEarliest: string | null;
  presences: KfuncPresence[];
  /** Ingested releases where it is absent. */
  absentFrom: string[];
  /** Those of absentFrom read from BTF: one build's config, so "not built", not "removed". */
  notInBuild: string[];
  events: KfuncEvent[];
}

export const dateOnly = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

type EventRow = Prisma.LifecycleEventGetPayload<{ include: { release: { select: { tag: true } } } }>;

/** The serialized shape of one lifecycle event, for pages, the API and the feeds. */
export function toKfuncEvent(
  e: Omit<EventRow, "kfuncId" | "releaseId" | "dedupeKey" | "retractedAt">,
): KfuncEvent {
  return {
    id: e.id,
    kind: e.kind,
    origin: e.origin,
    fromState: e.fromState,
    toState: e.toState,
    release: e.release?.tag ?? null,
    occurredAt: dateOnly(e.occurredAt),
    recordedAt: e.recordedAt.toISOString(),
    actor: e.actor,
    rationale: e.rationale,
    sourceUrl: e.sourceUrl,
    detail: e.detail,
  };
}

export async function getKfunc(name: string): Promise<KfuncDetail | null> {
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
  const ingested = await prisma.release.findMany({
    where: { ingestions: { some: {} } },
    select: {
      tag: true,
      ingestions: {
        select: { sourceKind: true },
        orderBy: [{ ingestedAt: "desc" }, { id: "desc" }],
        take: 1,
      },
    },
  });
  const presentTags = new Set(kfunc.presences.map((p) => p.release.tag));
  const presences: KfuncPresence[] = kfunc.presences
    .map((p) => ({
      release: p.release.tag,
      releasedOn: dateOnly(p.release.releasedOn),
      sourceKind: p.ingestion.sourceKind,
      origin: p.ingestion.origin,
      prototype: p.prototype,
      flags: p.flags,
      progTypes: p.progTypes,
      guards: p.guards,
      btfTags: p.btfTags,
      sourceFile: p.sourceFile,
      sourceLine: p.sourceLine,
      sets: (p.sets ?? []) as KfuncPresence["sets"],
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
  return {
    name: kfunc.name,
    state: kfunc.state,
    subsystem: kfunc.subsystem,
    prototype: kfunc.prototype,
    flags: kfunc.flags,
    progTypes: kfunc.progTypes,
    firstSeen: kfunc.firstSeen?.tag ?? null,
    lastSeen: kfunc.lastSeen?.tag ?? null,
    summary: kfunc.summary,
    replacement: kfunc.replacement?.name ?? null,
    replaces: kfunc.replaces.map((k) => k.name),
    deprecatedIn: kfunc.deprecatedIn?.tag ?? null,
    removalEarliest: kfunc.removalEarliest?.tag ?? null,
    presences,
    absentFrom: ingested
      .map((r) => r.tag)
      .filter((t) => !presentTags.has(t))
      .sort(compareReleaseTags),
    notInBuild: ingested
      .filter((r) => !presentTags.has(r.tag) && r.ingestions[0]?.sourceKind === "BTF")
      .map((r) => r.tag),
    events,
  };
}
