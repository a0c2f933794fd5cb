// Brings a database up to date: applies committed migrations, then loads the shipped catalog
// data. Used by `npm start` before the server takes the embedded database over.
import { openDatabase } from "../lib/db/connect";
import { migrate } from "../lib/db/migrate";
import { loadCatalogData } from "../lib/ingest/load-catalog";

export async function setUpDatabase(options: { seed: boolean; log?: (line: string) => void }) {
  const log = options.log ?? ((line: string) => console.error(line));
  const db = await openDatabase({ role: "database set-up (migrate and seed)" });
  try {
    const result = await migrate(db.raw);
    log(
      `migrations (${db.kind}, ${db.location}): ${result.applied.length} applied, ${result.alreadyApplied} already applied`,
    );
    if (options.seed) {
      const summary = await loadCatalogData(db.prisma, undefined, (line) => log(`  ${line}`));
      log(`catalog data: ${summary.releases} known releases, ${summary.ingested.length} ingested`);
    }
  } finally {
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  setUpDatabase({ seed: !process.argv.includes("--no-seed") }).catch((error) => {
    console.error(`database set-up failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
