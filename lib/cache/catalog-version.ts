import "server-only";
import { cache } from "react";
import { getPrisma } from "../db/client";

// Every committed change to what the pages show (an ingest, a decision, a proposal, a dependent,
// an acknowledgement) moves this number on: triggers on the catalog and governance tables bump
// the one row of catalog_version when the writing transaction commits (migration
// 20261202104123_catalog_version). It is part of every cache key (lib/cache/versioned.ts), so a
// write made through one app process is seen by every other at once, with no message between them.

/** The catalog's current version, read once per request (one primary-key lookup). */
export const getCatalogVersion = cache(async (): Promise<string> => {
  const prisma = await getPrisma();
  const rows = await prisma.$queryRaw<{ version: string }[]>`
    SELECT "version"::text AS "version" FROM "catalog_version" WHERE "id" = 1`;
  return rows[0]?.version ?? "0";
});
