import "server-only";
import { z } from "zod";

// The /queue page's URL state: which sections list every row instead of the first few
// (`?proposals=all`, `?deprecations=all`, `?violations=all`, `?candidates=all`). Junk falls back to
// the default, so a bad link still shows the queue.

export const QUEUE_SECTIONS = ["proposals", "deprecations", "violations", "candidates"] as const;
export type QueueSectionId = (typeof QUEUE_SECTIONS)[number];

/**
 * How many rows each section lists until its "Show all" is followed: a queue of thousands (a
 * catalog of 20,000 kfuncs has 3,000 deprecated) would otherwise be a page of megabytes.
 */
export const SHOWN: Record<QueueSectionId, number> = {
  proposals: 25,
  deprecations: 50,
  violations: 25,
  candidates: 25,
};
export const CANDIDATES_SHOWN = SHOWN.candidates;

const all = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.literal("all").optional()).catch(undefined);
const schema = z.object(Object.fromEntries(QUEUE_SECTIONS.map((s) => [s, all])));

export interface QueueQuery {
  /** The sections that list every row, not only the first SHOWN[section]. */
  showAll: Record<QueueSectionId, boolean>;
}

export function parseQueueQuery(raw: Record<string, string | string[] | undefined>): QueueQuery {
  const parsed = schema.parse(raw) as Record<string, unknown>;
  return {
    showAll: Object.fromEntries(QUEUE_SECTIONS.map((s) => [s, parsed[s] === "all"])) as Record<
      QueueSectionId,
      boolean
    >,
  };
}

/** How many rows of a section to list under this query; undefined for all of them. */
export function shownIn(query: QueueQuery, section: QueueSectionId): number | undefined {
  return query.showAll[section] ? undefined : SHOWN[section];
}
