// No server-only marker and no static import of Next: the command line writes through the same
// functions (ingest, accounts) and must not load Next's server to do so.

/** The tag every cached catalog read carries (lib/cache/versioned.ts). */
export const CATALOG_TAG = "catalog";
/** The tag of the reads cached until the next ingest (`cachedUntilIngest`): a decision keeps them. */
export const INGEST_TAG = "ingestions";

/**
 * Called at the end of every successful write that changes what the pages show. The cache keys
 * already carry the catalog's version, which the database bumps when the write commits
 * (lib/cache/catalog-version.ts), so every process misses its old entries at once; this drops the
 * writing process's old entries from memory now instead of leaving them to age out. Outside a
 * Next server (the command line, tests) there is no Next cache, and nothing to do.
 */
export async function catalogChanged(options: { ingested?: boolean } = {}): Promise<void> {
  if (!process.env.NEXT_RUNTIME) return;
  const { revalidateTag } = await import("next/cache");
  try {
    revalidateTag(CATALOG_TAG, { expire: 0 });
    // An ingest also ends what was cached until the next ingest (its keys moved on as well).
    if (options.ingested) revalidateTag(INGEST_TAG, { expire: 0 });
  } catch {
    // Not inside a request or an action (work the server started by itself): the version covers it.
  }
}

/** `write.then(afterCatalogChange)`: passes the write's result on once the cache has heard of it. */
export async function afterCatalogChange<T>(result: T): Promise<T> {
  await catalogChanged();
  return result;
}
