// Brings a database up to date: applies committed migrations, then loads the catalog data (the
// shipped data/, or the directory KFUNC_CATALOG_DIR names). Used by `npm start` before the server
// takes the embedded database over.
import path from "node:path";
import { openDatabase } from "../lib/db/connect";
import { readEnv } from "../lib/db/env";
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
      const { catalogDir } = readEnv();
      const summary = await loadCatalogData(db.prisma, catalogDir, (line) => log(`  ${line}`));
      log(
        `catalog data (${path.relative(process.cwd(), catalogDir) || "."}): ${summary.releases} known releases, ${summary.ingested.length} ingested`,
      );
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
