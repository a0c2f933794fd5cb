import { cache } from "react";
import { getDatabase, getPrisma } from "../db/client";

// Every committed change to what the pages show (an ingest, a decision, a proposal, a dependent,
// an acknowledgement) moves this number on: triggers on the catalog and governance tables bump
// the one row of catalog_version when the writing transaction commits (migration
// 20261202104123_catalog_version). It is part of every cache key (lib/cache/versioned.ts and the
// cached pages of proxy.ts), so a write made through one app process is seen by every other at
// once, with no message between them.

/**
 * The catalog's current version: one primary-key lookup on every request. On the embedded database
 * it skips Prisma (a query through it costs about twice as much there); on a server it goes through
 * the pool, as every other read does.
 */
export async function readCatalogVersion(): Promise<string> {
  const db = await getDatabase();
  const rows =
    db.kind === "embedded"
      ? await db.raw.query<{ version: string }>(VERSION_SQL)
      : await db.prisma.$queryRawUnsafe<{ version: string }[]>(VERSION_SQL);
  return rows[0]?.version ?? "0";
}

const VERSION_SQL = `SELECT "version"::text AS "version" FROM "catalog_version" WHERE "id" = 1`;

/** The same, read once per rendering. */
export const getCatalogVersion = cache(readCatalogVersion);

/** How many ingestions there are and the newest one's id: changes with every ingest. */
export const getIngestionsKey = cache(async (): Promise<string> => {
  const prisma = await getPrisma();
  const rows = await prisma.$queryRawUnsafe<{ key: string }[]>(
    `SELECT count(*) || ':' || coalesce(max("id"), 0) AS "key" FROM "ingestion"`,
  );
  return rows[0]?.key ?? "0:0";
});
