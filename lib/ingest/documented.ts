// Documented upstream facts (a deprecation announced in a commit, a removal no ingested tree
// shows) recorded as DOCUMENTED events, each with its source. Idempotent by dedupe key. What
// they do to a kfunc's state is decided by the lifecycle rules when the catalog is recomputed.

import type { Prisma } from "../generated/prisma/client";
import type { DocumentedEvent } from "./registry";

type Tx = Prisma.TransactionClient;

export async function recordDocumentedEvents(tx: Tx, events: readonly DocumentedEvent[]): Promise<number> {
  let added = 0;
  for (const event of events) {
    const release = await tx.release.findUnique({ where: { tag: event.release } });
    if (!release) throw new Error(`documented event for ${event.kfunc}: unknown release ${event.release}`);
    const kfunc = await ensureKfunc(tx, event.kfunc, event.subsystem);
    const dedupeKey = `${event.kfunc}:doc:${event.kind.toLowerCase()}:${event.release}`;
    const existing = await tx.lifecycleEvent.findFirst({ where: { dedupeKey, retractedAt: null } });
    if (existing) continue;
    await tx.lifecycleEvent.create({
      data: {
        kfuncId: kfunc.id,
        kind: event.kind,
        origin: "DOCUMENTED",
        toState: event.toState,
        releaseId: release.id,
        occurredAt: event.occurredAt ? new Date(`${event.occurredAt}T00:00:00Z`) : release.releasedOn,
        actor: "docs",
        rationale: event.rationale,
        sourceUrl: event.sourceUrl,
        detail: {
          confidence: event.confidence,
          ...(event.commit ? { commit: event.commit } : {}),
          ...(event.removalEarliestAsWritten
            ? { removalEarliestAsWritten: event.removalEarliestAsWritten }
            : {}),
          ...(event.replacement ? { replacement: event.replacement } : {}),
          ...(event.removalEarliest ? { removalEarliest: event.removalEarliest } : {}),
          ...(event.removalAnnounced === false ? { removalAnnounced: false } : {}),
        },
        dedupeKey,
      },
    });
    // The replacement is a kfunc of its own, even when no ingested release has it yet. The
    // state, schedule and replacement follow from the event when the catalog is recomputed,
    // through the lifecycle rules (lib/ingest/derive.ts).
    if (event.replacement) await ensureKfunc(tx, event.replacement, event.subsystem ?? kfunc.subsystem);
    if (event.removalEarliest && !(await tx.release.findUnique({ where: { tag: event.removalEarliest } }))) {
      throw new Error(
        `documented event for ${event.kfunc}: unknown removal release ${event.removalEarliest}`,
      );
    }
    added++;
  }
  return added;
}

async function ensureKfunc(tx: Tx, name: string, subsystem: string | null) {
  const found = await tx.kfunc.findUnique({ where: { name } });
  if (found) return found;
  return tx.kfunc.create({ data: { name, subsystem: subsystem ?? "unknown" } });
}
