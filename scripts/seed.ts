// `npm run db:seed`: migrates, then loads the shipped catalog data (idempotent).
import { setUpDatabase } from "./db-setup";

setUpDatabase({ seed: true }).catch((error) => {
  console.error(`seed failed: ${(error as Error).message}`);
  process.exit(1);
});
