// Runs `prisma generate` offline. Prisma's CLI refuses to start unless it can find a native
// schema engine, which it downloads from a host these machines cannot reach. `generate` never
// uses that engine, so any existing file satisfies the check. Migrations do not go through the
// CLI here: see scripts/migrate.ts.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
const prisma = `${root}node_modules/prisma/build/index.js`;
if (!existsSync(prisma)) {
  console.error("prisma is not installed; run `npm ci` first");
  process.exit(1);
}
const result = spawnSync(process.execPath, [prisma, "generate"], { cwd: root, env, stdio: "inherit" });
process.exit(result.status ?? 1);
