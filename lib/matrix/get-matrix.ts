import "server-only";
import { versioned } from "../cache/versioned";
import type { CatalogQuery } from "../catalog/query";
import { catalogOrder, catalogWhere } from "../catalog/where";
import { getPrisma } from "../db/client";
import type { LifecycleState } from "../lifecycle/states";
import { readKnownReleases } from "../releases/known-releases";
import { type MatrixCell, type MatrixColumn, matrixCells } from "./cells";

export interface MatrixRow {
  name: string;
  state: LifecycleState;
  subsystem: string;
  cells: MatrixCell[];
}

export interface MatrixPage {
  columns: MatrixColumn[];
  rows: MatrixRow[];
  total: number;
}

/**
 * One page of the availability matrix: the catalog's filtered, sorted kfuncs as rows, the known
 * releases as columns (all of them, or only ingested ones). Only the page's rows are read, so the
 * page stays small however large the catalog grows.
 */
async function readMatrix(query: CatalogQuery, onlyIngested: boolean): Promise<MatrixPage> {
  const prisma = await getPrisma();
  const releases = await readKnownReleases(prisma);
  const columns: MatrixColumn[] = releases
    .map((r) => ({ tag: r.tag, evidence: r.ingestion?.evidence ?? null }))
    .filter((c) => !onlyIngested || c.evidence);
  const tagOf = new Map(releases.map((r) => [r.id, r.tag]));
  const releaseId = query.release ? (releases.find((r) => r.tag === query.release)?.id ?? null) : null;
  const where = catalogWhere(query, releaseId, true);
  const [kfuncs, total] = await Promise.all([
    prisma.kfunc.findMany({
      where,
      orderBy: catalogOrder(query),
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      select: {
        name: true,
        state: true,
        subsystem: true,
        // Release ids, not joined tags: the tags come from the releases read above.
        presences: { select: { seenIn: true, releaseId: true } },
        events: { where: { retractedAt: null }, select: { kind: true, toState: true, releaseId: true } },
      },
    }),
    prisma.kfunc.count({ where }),
  ]);
  return {
    columns,
    total,
    rows: kfuncs.map((k) => ({
      name: k.name,
      state: k.state,
      subsystem: k.subsystem,
      cells: matrixCells(
        columns,
        new Map(k.presences.map((p) => [tagOf.get(p.releaseId) ?? "", p.seenIn])),
        k.events.map((e) => ({
          kind: e.kind,
          release: e.releaseId === null ? null : (tagOf.get(e.releaseId) ?? null),
          toState: e.toState,
        })),
      ),
    })),
  };
}

// Cached by Next under the catalog's version (lib/cache/versioned.ts): they change only when it does.
export const getMatrix = versioned("getMatrix", readMatrix);
