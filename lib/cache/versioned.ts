import "server-only";
import { unstable_cache } from "next/cache";
import { getCatalogVersion, getIngestionsKey } from "./catalog-version";
import { CATALOG_TAG } from "./invalidate";

/**
 * A catalog read, cached by Next (its data cache, in memory: next.config.ts) under its name, the
 * catalog's version and its arguments, and tagged `catalog`. The version makes the key change
 * the moment any process commits a write; the tag lets the writing process drop its old entries.
 * The result is stored as JSON: a cached read must return plain data (no Dates, Maps or Sets).
 *
 * Outside a Next server (unit tests calling a route handler or a data function) it just reads.
 * A cached read must not call another: Next reads through a nested entry without caching it.
 * Entries over 2 MB of JSON are not cached at all (Next's limit): keep each read's result small.
 */
export function versioned<A extends unknown[], R>(
  name: string,
  read: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    if (!process.env.NEXT_RUNTIME) return read(...args);
    const version = await getCatalogVersion();
    return unstable_cache(read, [name, version], { tags: [CATALOG_TAG] })(...args);
  };
}

/**
 * A read of what only an ingest changes (presence rows), cached under the newest ingestion
 * instead of the catalog's version: a decision or a proposal moves the version on but leaves
 * this entry in place. Every ingest adds an ingestion row in the transaction that rewrites the
 * release's presences, so the key changes with them. Tagged `catalog` like every cached read.
 */
export function cachedUntilIngest<A extends unknown[], R>(
  name: string,
  read: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    if (!process.env.NEXT_RUNTIME) return read(...args);
    const ingestions = await getIngestionsKey();
    return unstable_cache(read, [name, ingestions], { tags: [CATALOG_TAG] })(...args);
  };
}
