// Writes the next migration, offline: what `prisma migrate dev --create-only --name <name>` would
// write, computed by Prisma's WebAssembly schema engine (scripts/schema-engine.ts) against a
// throw-away in-memory database.
//
//   npx tsx scripts/migration-new.ts <snake_case_name>           # diff migrations → schema.prisma
//   npx tsx scripts/migration-new.ts <snake_case_name> --empty   # empty migration for hand-written SQL
//
// Writes prisma/migrations/<UTC YYYYMMDDHHMMSS>_<name>/migration.sql (and migration_lock.toml if it
// is missing). Refuses when schema.prisma and the migrations are already in sync, unless --empty.
// Triggers, functions and other SQL Prisma does not model are never part of the diff: use --empty
// and write them by hand.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createMigration, isEmptyMigration, MIGRATION_LOCK_TOML } from "./schema-engine";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
const SCHEMA_PATH = path.join(ROOT, "prisma", "schema.prisma");
const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

const USAGE = "usage: npx tsx scripts/migration-new.ts <snake_case_name> [--empty]";

async function main(argv: string[]): Promise<number> {
  const flags = argv.filter((a) => a.startsWith("-"));
  const names = argv.filter((a) => !a.startsWith("-"));
  const unknown = flags.filter((f) => f !== "--empty");
  if (flags.includes("--help") || flags.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  if (unknown.length > 0 || names.length !== 1) {
    console.error(unknown.length > 0 ? `unknown option ${unknown.join(" ")}\n${USAGE}` : USAGE);
    return 2;
  }
  const name = names[0] as string;
  const empty = flags.includes("--empty");
  if (!SNAKE_CASE.test(name) || name.length > 200) {
    console.error(
      `"${name}" is not a snake_case migration name (lower-case letters, digits and single underscores, ` +
        "starting with a letter), e.g. add_kfunc_summary",
    );
    return 2;
  }

  const started = performance.now();
  const created = await createMigration({
    migrationsDir: MIGRATIONS_DIR,
    schemaPath: SCHEMA_PATH,
    name,
    draft: empty,
  });
  const script = created.migrationScript;
  if (!empty && (script === null || isEmptyMigration(script))) {
    console.error("schema.prisma and migrations are in sync; nothing to write");
    return 1;
  }
  if (empty && script !== null && !isEmptyMigration(script)) {
    console.error(
      "--empty refused: schema.prisma and the migrations are not in sync. Write the pending schema " +
        `change first (npx tsx scripts/migration-new.ts <name>), then the hand-written one.\n\n${script}`,
    );
    return 1;
  }

  const dir = path.join(MIGRATIONS_DIR, created.generatedMigrationName);
  if (existsSync(dir)) {
    console.error(`${path.relative(ROOT, dir)} already exists`);
    return 1;
  }
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "migration.sql");
  writeFileSync(file, script ?? "-- This is an empty migration.", "utf8");
  const lock = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  if (!existsSync(lock)) writeFileSync(lock, MIGRATION_LOCK_TOML, "utf8");

  for (const w of created.warnings) console.warn(`warning: ${w}`);
  for (const s of created.unexecutableSteps) console.warn(`cannot run on a database with data: ${s}`);
  console.log(
    `wrote ${path.relative(ROOT, file)} (${((performance.now() - started) / 1000).toFixed(1)} s)` +
      (empty ? "; add your SQL to it" : "; review it before committing"),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
