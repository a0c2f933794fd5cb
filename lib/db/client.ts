import "server-only";
import { type Database, openDatabase } from "./connect";

// The web server's one database handle. Data functions under lib/ are its only callers.
// Cached on globalThis so that dev-mode reloads do not open the embedded database twice.
const cache = globalThis as unknown as { kfuncDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  // A page prerendered by `next build` would open (and lock) the embedded database from a build
  // worker and bake stale data into HTML: every data page must be dynamic.
  if (process.env.NEXT_PHASE === "phase-production-build") {
    throw new Error(
      'The catalog database is not read during `next build`: mark the page `dynamic = "force-dynamic"`.',
    );
  }
  cache.kfuncDatabase ??= openDatabase({ role: "the web server", asAppRole: true }).catch((error) => {
    cache.kfuncDatabase = undefined;
    throw error;
  });
  return cache.kfuncDatabase;
}

export async function getPrisma() {
  return (await getDatabase()).prisma;
}
