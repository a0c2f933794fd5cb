import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { RawSql } from "./connect";
import { projectRoot } from "./env";

// Applies the committed migrations in prisma/migrations/<timestamp>_<name>/migration.sql and
// records them in `_prisma_migrations` exactly as Prisma's engine does, so that
// `prisma migrate status`/`deploy` on a machine that has the engine agree with what ran here.

export const MIGRATIONS_DIR = path.join(projectRoot(), "prisma", "migrations");

// Prisma's own DDL for its bookkeeping table.
const BOOKKEEPING_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

// Prisma takes this advisory lock while migrating; taking the same one keeps two migrators apart.
const PRISMA_ADVISORY_LOCK = 72707369;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((entry) => statSync(path.join(dir, entry)).isDirectory())
    .sort()
    .map((name) => {
      if (!/^\d{14}_[a-z0-9_]+$/.test(name)) {
        throw new Error(
          `prisma/migrations/${name}: expected a folder named <YYYYMMDDHHMMSS>_<snake_case_name>`,
        );
      }
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(raw: RawSql, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
  const migrations = listMigrations(dir);
  await raw.exec(BOOKKEEPING_DDL);
  await raw.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
  try {
    const rows = await raw.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r]));
    for (const row of rows) {
      if (!row.finished_at) {
        throw new Error(
          `Migration ${row.migration_name} started but never finished on this database; repair it by hand before migrating again.`,
        );
      }
    }
    const applied: string[] = [];
    for (const migration of migrations) {
      const previous = done.get(migration.name);
      if (previous) {
        if (previous.checksum !== migration.checksum) {
          throw new Error(
            `prisma/migrations/${migration.name}/migration.sql was modified after it was applied to this database. ` +
              "Never edit an applied migration: add a new one.",
          );
        }
        continue;
      }
      // One simple-query message: PostgreSQL runs it as a single implicit transaction, so a
      // failing statement leaves neither the schema change nor the bookkeeping row behind.
      const record = `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
        VALUES ('${randomUUID()}', '${migration.checksum}', '${migration.name}', now(), now(), 1);`;
      try {
        await raw.exec(`${migration.sql}\n;\n${record}`);
      } catch (error) {
        throw new Error(
          `prisma/migrations/${migration.name}/migration.sql failed: ${(error as Error).message}`,
        );
      }
      applied.push(migration.name);
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    await raw.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]);
  }
}
