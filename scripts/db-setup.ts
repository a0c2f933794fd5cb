// Brings the configured database up to date (lib/db/set-up.ts): migrations, then the catalog data.
// Used by `npm start` before the server takes the embedded database over.
import { openDatabase } from "../lib/db/connect";
import { bringUpToDate } from "../lib/db/set-up";

export async function setUpDatabase(options: { seed: boolean; log?: (line: string) => void }) {
  const db = await openDatabase({ role: "database set-up (migrate and seed)" });
  try {
    await bringUpToDate(db, options);
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
