// Writes one release snapshot into the catalog and recomputes every derived event, in one
// transaction: a failure or a kill midway leaves the database as it was, and ingesting the same
// input twice changes nothing the second time.

import { afterCatalogChange } from "../cache/invalidate";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { NEWEST_INGESTION_FIRST } from "../releases/known-releases";
import { type IngestTotals, lockCatalog, recomputeDerived } from "./recompute";
import { replacementProblem } from "./replace-policy";
import { contentHash, type ReleaseSnapshot, subsystemOfKfunc } from "./snapshot";

export const TOOL_VERSION = "kfunc-catalog-ingest/1";

export class UnknownReleaseError extends Error {
  constructor(tag: string, known: string[]) {
    super(
      `Unknown release "${tag}". Known releases: ${known.join(", ")}. ` +
        "Releases come from data/releases.json; use a mainline tag such as v6.12.",
    );
    this.name = "UnknownReleaseError";
  }
}

export interface IngestSummary {
  release: string;
  unchanged: boolean;
  /** Set when the input was skipped because a newer ingestion replaced it: that one's origin. */
  keptNewer?: string | null;
  kfuncs: number;
  added: number;
  removed: number;
  changed: number;
  violations: number;
}

type Tx = Prisma.TransactionClient;

/** Transactions long enough for a whole release; the default 5 s is meant for web requests. */
export const LONG_TRANSACTION = { maxWait: 60_000, timeout: 600_000 } as const;

export class ReplaceRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReplaceRefusedError";
  }
}

export interface IngestOptions {
  /** Write even data of another kind, or from another kernel version, than the release holds. */
  force?: boolean;
  /** How the caller says `force`, for the refusal's message (default "--force"). */
  override?: string;
  /**
   * Skip data this release was already given once (by content): how the shipped data loads at
   * every start without undoing a later, deliberate ingest.
   */
  onlyIfNew?: boolean;
}

export async function ingestSnapshot(
  prisma: PrismaClient,
  snapshot: ReleaseSnapshot,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  return prisma
    .$transaction((tx) => ingestInTransaction(tx, snapshot, options), LONG_TRANSACTION)
    .then(afterCatalogChange);
}

export async function ingestInTransaction(
  tx: Tx,
  snapshot: ReleaseSnapshot,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  // Two ingesters on one server database take turns; the embedded database has one owner anyway.
  await lockCatalog(tx);
  const release = await tx.release.findUnique({ where: { tag: snapshot.release } });
  if (!release) {
    const known = await tx.release.findMany({
      select: { tag: true },
      orderBy: [{ major: "asc" }, { minor: "asc" }],
    });
    throw new UnknownReleaseError(
      snapshot.release,
      known.map((r) => r.tag),
    );
  }
  const hash = contentHash(snapshot);
  const previous = await tx.ingestion.findFirst({
    where: { releaseId: release.id },
    orderBy: NEWEST_INGESTION_FIRST,
  });
  // Shipped data already loaded once, then replaced by a deliberate ingest, stays replaced.
  const seenBefore =
    options.onlyIfNew && previous && previous.contentHash !== hash
      ? await tx.ingestion.findFirst({
          where: { releaseId: release.id, contentHash: hash },
          select: { id: true },
        })
      : null;
  if (previous && (previous.contentHash === hash || seenBefore)) {
    const violations = await tx.lifecycleEvent.count({
      where: { kind: "POLICY_VIOLATION", retractedAt: null },
    });
    return {
      release: release.tag,
      unchanged: true,
      keptNewer: seenBefore ? previous.origin : null,
      kfuncs: previous.kfuncCount,
      added: previous.added,
      removed: previous.removed,
      changed: previous.changed,
      violations,
    };
  }

  const problem = options.force
    ? null
    : replacementProblem(release.tag, previous, snapshot, options.override);
  if (problem) throw new ReplaceRefusedError(problem);

  const ingestion = await tx.ingestion.create({
    data: {
      releaseId: release.id,
      sourceKind: snapshot.sourceKind,
      origin: snapshot.origin,
      sourceRef: snapshot.sourceRef,
      contentHash: hash,
      toolVersion: TOOL_VERSION,
      kfuncCount: snapshot.kfuncs.length,
    },
  });

  const ids = await upsertKfuncs(tx, snapshot);
  await tx.kfuncRelease.deleteMany({ where: { releaseId: release.id } });
  await tx.kfuncRelease.createMany({
    data: snapshot.kfuncs.map((k) => ({
      kfuncId: ids.get(k.name) as number,
      releaseId: release.id,
      ingestionId: ingestion.id,
      prototype: k.prototype,
      flags: k.flags,
      progTypes: k.progTypes,
      sets: k.sets as unknown as Prisma.InputJsonValue,
      sourceFile: k.definedIn?.file ?? k.sets[0]?.file ?? null,
      sourceLine: k.definedIn?.line ?? k.sets[0]?.line ?? null,
      guards: k.guards,
      btfTags: k.btfTags,
      seenIn: k.seenIn ?? [],
    })),
  });

  const totals: IngestTotals = await recomputeDerived(tx);
  const mine = totals.byRelease.get(release.tag) ?? { added: 0, removed: 0, changed: 0 };
  await tx.ingestion.update({ where: { id: ingestion.id }, data: mine });
  return {
    release: release.tag,
    unchanged: false,
    kfuncs: snapshot.kfuncs.length,
    ...mine,
    violations: totals.violations,
  };
}

async function upsertKfuncs(tx: Tx, snapshot: ReleaseSnapshot): Promise<Map<string, number>> {
  const names = snapshot.kfuncs.map((k) => k.name);
  const existing = await tx.kfunc.findMany({
    where: { name: { in: names } },
    select: { id: true, name: true, subsystem: true },
  });
  const known = new Map(existing.map((k) => [k.name, k]));
  const missing = snapshot.kfuncs.filter((k) => !known.has(k.name));
  if (missing.length) {
    await tx.kfunc.createMany({
      data: missing.map((k) => ({ name: k.name, subsystem: subsystemOfKfunc(k) })),
    });
  }
  // A kfunc first seen in BTF has no path; a source release later tells where it lives.
  for (const k of snapshot.kfuncs) {
    const row = known.get(k.name);
    const subsystem = subsystemOfKfunc(k);
    if (row && row.subsystem === "unknown" && subsystem !== "unknown") {
      await tx.kfunc.update({ where: { id: row.id }, data: { subsystem } });
    }
  }
  const all = await tx.kfunc.findMany({ where: { name: { in: names } }, select: { id: true, name: true } });
  return new Map(all.map((k) => [k.name, k.id]));
}
