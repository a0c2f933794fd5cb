import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

/**
 * Extensions every embedded database (and every throw-away shadow database) loads, so that the
 * migrations' CREATE EXTENSION statements work the same on PGlite as on a PostgreSQL server.
 * pg_trgm backs the catalog's substring search on names and prototypes.
 */
export const PGLITE_EXTENSIONS = { pg_trgm };
