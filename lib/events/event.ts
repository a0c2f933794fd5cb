import type { Prisma } from "../generated/prisma/client";
import type { LifecycleState } from "../lifecycle/states";

// The serialized shape of one lifecycle event, shared by the kfunc page, the release pages, the
// API and the feeds: plain data, dates as ISO strings.

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
