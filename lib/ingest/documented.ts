// Documented upstream facts (a deprecation announced in a commit, a removal no ingested tree
// shows) recorded as DOCUMENTED events, each with its source. Idempotent by dedupe key.

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
        },
        dedupeKey,
      },
    });
    // A rename names the new kfunc: that is its replacement, as for a deprecation.
    if (event.kind === "RENAMED" && event.replacement) {
      const replacement = await ensureKfunc(tx, event.replacement, event.subsystem ?? kfunc.subsystem);
      await tx.kfunc.update({ where: { id: kfunc.id }, data: { replacementId: replacement.id } });
    }
    if (event.kind === "DEPRECATED") {
      const replacement = event.replacement
        ? await ensureKfunc(tx, event.replacement, event.subsystem ?? kfunc.subsystem)
        : null;
      const removal = event.removalEarliest
        ? await tx.release.findUnique({ where: { tag: event.removalEarliest } })
        : null;
      if (event.removalEarliest && !removal) {
        throw new Error(
          `documented event for ${event.kfunc}: unknown removal release ${event.removalEarliest}`,
        );
      }
      await tx.kfunc.update({
        where: { id: kfunc.id },
        data: {
          replacementId: replacement?.id ?? null,
          deprecatedInId: release.id,
          removalEarliestId: removal?.id ?? null,
        },
      });
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
