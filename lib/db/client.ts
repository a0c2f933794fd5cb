import "server-only";
import type { PrismaClient } from "../generated/prisma/client";
import { type Database, openDatabase } from "./connect";
import { DatabaseUnavailableError, isDatabaseUnavailable } from "./unavailable";

// The web server's one database handle. Data functions under lib/ are its only callers.
// Cached on globalThis so that dev-mode reloads do not open the embedded database twice.
const cache = globalThis as unknown as { kfuncDatabase?: Promise<Database> };

/** Rethrows "could not reach the database" as DatabaseUnavailableError: a 503, a page that says so. */
function unavailableOr(error: unknown): never {
  throw isDatabaseUnavailable(error) && !(error instanceof DatabaseUnavailableError)
    ? new DatabaseUnavailableError(error)
    : error;
}

function withUnavailableErrors(prisma: PrismaClient): PrismaClient {
  // Every query, model or raw, on the client and inside transactions. Same client type to callers.
  return prisma.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          unavailableOr(error);
        }
      },
    },
  }) as unknown as PrismaClient;
}

export function getDatabase(): Promise<Database> {
  // A page prerendered by `next build` would open (and lock) the embedded database from a build
  // worker and bake stale data into HTML: every data page must be dynamic.
  if (process.env.NEXT_PHASE === "phase-production-build") {
    throw new Error(
      'The catalog database is not read during `next build`: mark the page `dynamic = "force-dynamic"`.',
    );
  }
  cache.kfuncDatabase ??= openDatabase({ role: "the web server", asAppRole: true }).then(
    (db) => ({ ...db, prisma: withUnavailableErrors(db.prisma) }),
    (error) => {
      // Not cached: the next request tries again (the server may be back by then).
      cache.kfuncDatabase = undefined;
      unavailableOr(error);
    },
  );
  return cache.kfuncDatabase;
}

export async function getPrisma() {
  return (await getDatabase()).prisma;
}
