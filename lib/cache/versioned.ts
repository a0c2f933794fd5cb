import "server-only";
import { unstable_cache } from "next/cache";
import { getCatalogVersion, getIngestionsKey } from "./catalog-version";
import { CATALOG_TAG, INGEST_TAG } from "./invalidate";

type Read<A extends unknown[], R> = (...args: A) => Promise<R>;

/**
 * A read cached by Next (its data cache, in memory: next.config.ts) under its name, a key read
 * from the database on each call, and its arguments, and tagged: the tag lets the writing process
 * drop its old entries (lib/cache/invalidate.ts). The result is stored as JSON: a cached read must return
 * plain data (no Dates, Maps or Sets).
 *
 * Outside a Next server (unit tests calling a route handler or a data function) it just reads.
 * A cached read must not call another: Next reads through a nested entry without caching it.
 * Entries over 2 MB of JSON are not cached at all (Next's limit): keep each read's result small.
 */
function cachedUnder<A extends unknown[], R>(
  name: string,
  read: Read<A, R>,
  key: () => Promise<string>,
  tag: string,
): Read<A, R> {
  return async (...args: A) => {
    if (!process.env.NEXT_RUNTIME) return read(...args);
    return unstable_cache(read, [name, await key()], { tags: [tag] })(...args);
  };
}

/**
 * A catalog read, cached under the catalog's version: the key changes the moment any process
 * commits a write.
 */
export function versioned<A extends unknown[], R>(name: string, read: Read<A, R>): Read<A, R> {
  return cachedUnder(name, read, getCatalogVersion, CATALOG_TAG);
}

/**
 * A read of what only an ingest changes (presence rows), cached under the ingestions instead of
 * the catalog's version: a decision or a proposal moves the version on but leaves this entry in
 * place. Every ingest adds an ingestion row in the transaction that rewrites the release's
 * presences, so the key changes with them. Tagged `ingestions`, not `catalog`: every write
 * revalidates `catalog`, which would drop this entry on a decision in the process that made it.
 */
export function cachedUntilIngest<A extends unknown[], R>(name: string, read: Read<A, R>): Read<A, R> {
  return cachedUnder(name, read, getIngestionsKey, INGEST_TAG);
}
