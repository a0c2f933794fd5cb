import "server-only";
import { versioned } from "../cache/versioned";
import { getPrisma } from "../db/client";
import type { EventKind, Prisma } from "../generated/prisma/client";
import { type KfuncEvent, toKfuncEvent } from "./event";

// Data functions for lifecycle events across all kfuncs: the API's event list and the Atom feeds.
// Plain serializable shapes (no Prisma rows, no Dates); retracted events are never shown.

export interface EventQuery {
  /** Only this kfunc's events. */
  kfunc?: string;
  kind?: EventKind;
  /** Only events recorded at or after this instant. */
  since?: Date;
  page: number;
  pageSize: number;
}

export interface CatalogEvent extends KfuncEvent {
  kfunc: string;
}

export interface EventPage {
  rows: CatalogEvent[];
  total: number;
}

/**
 * Non-retracted lifecycle events, newest first (by recordedAt, then id).
 * null when `kfunc` names no kfunc the catalog knows.
 */
async function readEvents(query: EventQuery): Promise<EventPage | null> {
  const prisma = await getPrisma();
  let kfuncId: number | undefined;
  if (query.kfunc !== undefined) {
    const kfunc = await prisma.kfunc.findUnique({ where: { name: query.kfunc }, select: { id: true } });
    if (!kfunc) return null;
    kfuncId = kfunc.id;
  }
  const where: Prisma.LifecycleEventWhereInput = {
    retractedAt: null,
    ...(kfuncId !== undefined ? { kfuncId } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.since ? { recordedAt: { gte: query.since } } : {}),
  };
  const [rows, total] = await Promise.all([
    prisma.lifecycleEvent.findMany({
      where,
      orderBy: [{ recordedAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      include: { kfunc: { select: { name: true } }, release: { select: { tag: true } } },
    }),
    prisma.lifecycleEvent.count({ where }),
  ]);
  return {
    rows: rows.map((e) => ({ ...toKfuncEvent(e), kfunc: e.kfunc.name })),
    total,
  };
}

/** The newest state changes that matter to a user (removals, renames, deprecations, promotions), newest release first. */
async function readLatestStateChanges(limit = 8): Promise<CatalogEvent[]> {
  const prisma = await getPrisma();
  const rows = await prisma.lifecycleEvent.findMany({
    where: {
      retractedAt: null,
      kind: { in: ["REMOVED", "RENAMED", "DEPRECATED", "PROMOTED"] },
      releaseId: { not: null },
    },
    orderBy: [{ releaseId: "desc" }, { kfunc: { name: "asc" } }, { id: "desc" }],
    take: limit,
    include: { kfunc: { select: { name: true } }, release: { select: { tag: true } } },
  });
  return rows.map((e) => ({ ...toKfuncEvent(e), kfunc: e.kfunc.name }));
}

// Cached by Next under the catalog's version (lib/cache/versioned.ts): they change only when it does.
export const getEvents = versioned("getEvents", readEvents);
export const getLatestStateChanges = versioned("getLatestStateChanges", readLatestStateChanges);
