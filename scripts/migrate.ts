// `npm run db:migrate`: applies committed migrations to DATABASE_URL or the embedded database.
import { setUpDatabase } from "./db-setup";

setUpDatabase({ seed: false }).catch((error) => {
  console.error(`migrate failed: ${(error as Error).message}`);
  process.exit(1);
});
