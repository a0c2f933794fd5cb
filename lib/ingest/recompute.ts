// Recomputes every derived lifecycle event and each kfunc's catalog snapshot (state, current
// prototype, flags, program types, first and last release seen, deprecation schedule) from the
// ingested releases and the human events: load everything, plan the changes (pure,
// recompute-plan.ts), then apply the plan in a few bulk statements.

import type { Prisma } from "../generated/prisma/client";
import { readKnownReleases } from "../releases/known-releases";
import { type IngestTotals, planRecompute, type RecomputeInput, type RecomputePlan } from "./recompute-plan";

type Tx = Prisma.TransactionClient;

export type { IngestTotals } from "./recompute-plan";

/**
 * The advisory lock every recompute takes first (ingests, decisions, loading the shipped data):
 * on a server database they take turns instead of planning over each other's half-written work.
 */
export async function lockCatalog(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(4242001)");
}

export async function recomputeDerived(tx: Tx): Promise<IngestTotals> {
  return (await recomputeAndCount(tx)).totals;
}

/** The same, saying how many events it appended and retracted and how many kfuncs it rewrote. */
export async function recomputeAndCount(
  tx: Tx,
): Promise<{ totals: IngestTotals; appended: number; retracted: number; rewritten: number }> {
  const plan = planRecompute(await loadRecomputeInput(tx));
  await applyPlan(tx, plan);
  return {
    totals: plan.totals,
    appended: plan.insert.length,
    retracted: plan.retract.length,
    rewritten: plan.update.length,
  };
}

async function loadRecomputeInput(tx: Tx): Promise<RecomputeInput> {
  const [releases, kfuncs, presences, events] = await Promise.all([
    readKnownReleases(tx),
    tx.kfunc.findMany({
      select: {
        id: true,
        name: true,
        state: true,
        prototype: true,
        flags: true,
        progTypes: true,
        firstSeenId: true,
        lastSeenId: true,
        replacementId: true,
        deprecatedInId: true,
        removalEarliestId: true,
      },
      orderBy: { id: "asc" },
    }),
    tx.kfuncRelease.findMany({
      select: { kfuncId: true, releaseId: true, prototype: true, flags: true, progTypes: true },
    }),
    tx.lifecycleEvent.findMany({
      where: { retractedAt: null },
      select: {
        id: true,
        kfuncId: true,
        kind: true,
        origin: true,
        toState: true,
        fromState: true,
        releaseId: true,
        recordedAt: true,
        dedupeKey: true,
        actor: true,
        rationale: true,
        sourceUrl: true,
        detail: true,
      },
      orderBy: { id: "asc" },
    }),
  ]);
  return {
    releases: releases.map((r) => ({
      id: r.id,
      tag: r.tag,
      releasedOn: r.releasedOn,
      evidence: r.ingestion?.evidence ?? null,
    })),
    kfuncs,
    presences,
    events,
  };
}

async function applyPlan(tx: Tx, plan: RecomputePlan): Promise<void> {
  if (plan.retract.length) {
    await tx.lifecycleEvent.updateMany({
      where: { id: { in: plan.retract } },
      data: { retractedAt: new Date() },
    });
  }
  if (plan.insert.length) {
    await tx.lifecycleEvent.createMany({
      data: plan.insert.map((e) => ({
        ...e,
        origin: "INGEST" as const,
        actor: "ingest",
        detail: e.detail as Prisma.InputJsonValue,
      })),
    });
  }
  // One statement for every changed kfunc (up to 20,000 at bench scale), in chunks that keep
  // the parameter under a few megabytes.
  for (let i = 0; i < plan.update.length; i += 5000) {
    const chunk = plan.update.slice(i, i + 5000);
    await tx.$executeRaw`
      UPDATE kfunc AS k SET
        state = u.state::"LifecycleState",
        prototype = u.prototype,
        flags = u.flags,
        prog_types = u."progTypes",
        first_seen_id = u."firstSeenId",
        last_seen_id = u."lastSeenId",
        replacement_id = u."replacementId",
        deprecated_in_id = u."deprecatedInId",
        removal_earliest_id = u."removalEarliestId",
        updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS u(
        id int, state text, prototype text, flags text[], "progTypes" text[],
        "firstSeenId" int, "lastSeenId" int, "replacementId" int, "deprecatedInId" int,
        "removalEarliestId" int)
      WHERE k.id = u.id`;
  }
}
