// A documented change and the change ingestion observed can be the same fact seen twice: bbr_main's
// new parameters are documented in v6.10 and observed between the v6.1 and v6.12 trees. The
// history shows them as one change with two sources. Pure.

import { compareReleaseTags } from "../releases/version";
import type { KfuncEvent } from "./event";

export interface HistoryEntry {
  /** The event shown: the documented one when both exist (it names the exact release). */
  event: KfuncEvent;
  /** The observation that confirms it, when ingestion saw the same change. */
  observed: KfuncEvent | null;
}

/** The kinds whose documented and observed forms can be one change. */
const SAME_KINDS: Record<string, readonly string[]> = {
  SIGNATURE_CHANGED: ["SIGNATURE_CHANGED"],
  FLAGS_CHANGED: ["FLAGS_CHANGED"],
  PROG_TYPES_CHANGED: ["PROG_TYPES_CHANGED"],
  REMOVED: ["REMOVED", "RENAMED"],
  INTRODUCED: ["INTRODUCED"],
};

/** The releases an observed change could have happened in: after `from`, up to `to`. */
function windowOf(e: KfuncEvent): { after: string | null; upTo: string } | null {
  if (!e.release) return null;
  const d = (e.detail ?? {}) as { since?: string; lastPresent?: string; earliestPossible?: string | null };
  if (e.kind === "REMOVED") return { after: d.lastPresent ?? null, upTo: e.release };
  if (e.kind === "INTRODUCED") {
    return d.earliestPossible ? { after: null, upTo: e.release } : null;
  }
  return d.since ? { after: d.since, upTo: e.release } : null;
}

/** Events newest first in, entries newest first out, each documented change paired with its observation. */
export function mergeSameChanges(events: readonly KfuncEvent[]): HistoryEntry[] {
  const paired = new Map<number, KfuncEvent>(); // documented id → observed event
  const used = new Set<number>();
  for (const observed of events) {
    if (observed.origin !== "INGEST") continue;
    const window = windowOf(observed);
    const kinds = SAME_KINDS[observed.kind];
    if (!window || !kinds) continue;
    const earliest = ((observed.detail ?? {}) as { earliestPossible?: string | null }).earliestPossible;
    const documented = events.find(
      (e) =>
        e.origin === "DOCUMENTED" &&
        !paired.has(e.id) &&
        kinds.includes(e.kind) &&
        e.release !== null &&
        compareReleaseTags(e.release, window.upTo) <= 0 &&
        (window.after
          ? compareReleaseTags(e.release, window.after) > 0
          : earliest
            ? compareReleaseTags(e.release, earliest) >= 0
            : false),
    );
    if (documented) {
      paired.set(documented.id, observed);
      used.add(observed.id);
    }
  }
  return events
    .filter((e) => !used.has(e.id))
    .map((event) => ({ event, observed: paired.get(event.id) ?? null }));
}
