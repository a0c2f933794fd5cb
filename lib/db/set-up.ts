// Brings an open database up to date: applies committed migrations, then (when asked) loads the
// catalog data (the shipped data/, or the directory KFUNC_CATALOG_DIR names), which changes
// nothing when the database already holds it. `npm start`, `npm run db:*` and the CLI's `check`
// on a fresh clone come through here.
import path from "node:path";
import { loadCatalogData } from "../ingest/load-catalog";
import type { Database } from "./connect";
import { readEnv } from "./env";
import { migrate } from "./migrate";

export async function bringUpToDate(
  db: Database,
  options: { seed: boolean; log?: (line: string) => void },
): Promise<void> {
  const log = options.log ?? ((line: string) => console.error(line));
  const result = await migrate(db.raw);
  log(
    `migrations (${db.kind}, ${db.location}): ${result.applied.length} applied, ${result.alreadyApplied} already applied`,
  );
  if (!options.seed) return;
  const { catalogDir } = readEnv();
  const summary = await loadCatalogData(db.prisma, catalogDir, (line) => log(`  ${line}`));
  log(
    `catalog data (${path.relative(process.cwd(), catalogDir) || "."}): ${summary.releases} known releases, ${summary.ingested.length} ingested`,
  );
}
