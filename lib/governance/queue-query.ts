import "server-only";
import { z } from "zod";

// The /queue page's URL state: how many promotion candidates to list. Junk falls back to the
// default, so a bad link still shows the queue.

export const CANDIDATES_SHOWN = 25;

const schema = z.object({
  candidates: z
    .preprocess((v) => (Array.isArray(v) ? v[0] : v), z.literal("all").optional())
    .catch(undefined),
});

export interface QueueQuery {
  /** Every promotion candidate, not only the first CANDIDATES_SHOWN. */
  allCandidates: boolean;
}

export function parseQueueQuery(raw: Record<string, string | string[] | undefined>): QueueQuery {
  return { allCandidates: schema.parse(raw).candidates === "all" };
}
