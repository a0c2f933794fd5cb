// Fails when prisma/schema.prisma and the committed migrations in prisma/migrations drift apart:
// Prisma's schema engine (WebAssembly, see scripts/schema-engine.ts) applies every migration to a
// fresh in-memory PGlite and diffs the result against the datamodel. A non-empty diff is the SQL
// the next migration needs; write it with `npx tsx scripts/migration-new.ts <name>`.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  diffMigrationsToSchema,
  type EngineSession,
  freshPGlite,
  openEngineSession,
} from "../scripts/schema-engine";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
const SCHEMA_PATH = path.join(ROOT, "prisma", "schema.prisma");

describe("schema.prisma vs prisma/migrations", () => {
  let session: EngineSession;
  let tmp: string | undefined;

  beforeAll(async () => {
    session = await openEngineSession();
  });

  afterAll(async () => {
    await session?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("are in sync (no migration is missing)", async () => {
    const sql = await diffMigrationsToSchema({
      migrationsDir: MIGRATIONS_DIR,
      schemaPath: SCHEMA_PATH,
      session,
    });
    if (sql !== "") {
      expect.fail(
        "prisma/schema.prisma and prisma/migrations have drifted apart. Applying every committed " +
          "migration does not produce the schema's datamodel; the missing migration would be:\n\n" +
          `${sql}\n` +
          "Write it with `npx tsx scripts/migration-new.ts <snake_case_name>` (never edit an applied migration).",
      );
    }
  });

  it("the check fails when the schema has a change no migration carries", async () => {
    tmp = mkdtempSync(path.join(tmpdir(), "drift-check-"));
    const schema = readFileSync(SCHEMA_PATH, "utf8");
    const firstModel = /^model (\w+) \{\n/m.exec(schema);
    expect(firstModel, "schema.prisma has no model to add a column to").not.toBeNull();
    const withColumn = schema.replace(
      firstModel?.[0] ?? "",
      `${firstModel?.[0]}  driftCanaryColumn String? @map("drift_canary_column")\n`,
    );
    const tampered = `${withColumn}\nmodel DriftCanary {\n  id   Int    @id @default(autoincrement())\n  note String\n\n  @@map("drift_canary")\n}\n`;
    const tamperedPath = path.join(tmp, "schema.prisma");
    writeFileSync(tamperedPath, tampered);

    const sql = await diffMigrationsToSchema({
      migrationsDir: MIGRATIONS_DIR,
      schemaPath: tamperedPath,
      session,
    });
    expect(sql).not.toBe("");
    expect(sql).toContain('CREATE TABLE "drift_canary"');
    expect(sql).toMatch(/ALTER TABLE "\w+" ADD COLUMN\s+"drift_canary_column" TEXT;/);
  });
});

describe("committed migrations: lifecycle_event is append-only", () => {
  let db: PGlite;

  beforeAll(async () => {
    db = await freshPGlite();
    const names = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    for (const name of names) {
      await db.exec(readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8"));
    }
    await db.exec(`INSERT INTO "kfunc" ("id", "name", "subsystem", "updated_at")
                   VALUES (1, 'bpf_drift_test', 'kernel/bpf', now())`);
  });

  afterAll(async () => {
    await db?.close();
  });

  async function insertEvent(): Promise<number> {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO "lifecycle_event" ("kfunc_id", "kind", "origin", "actor", "detail")
       SELECT "id", 'INTRODUCED', 'INGEST', 'ingest', '{"before": null}' FROM "kfunc" WHERE "name" = 'bpf_drift_test'
       RETURNING "id"`,
    );
    return rows[0]?.id as number;
  }

  it("refuses TRUNCATE, of the table or through a cascade from kfunc, and keeps every event", async () => {
    await insertEvent();
    const count = async () =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "lifecycle_event"`)).rows[0]?.n;
    const before = await count();
    // Plain TRUNCATE is refused first by the foreign key from violation_ack; with CASCADE, the trigger.
    await expect(db.exec(`TRUNCATE "lifecycle_event"`)).rejects.toThrow(
      /append-only: TRUNCATE would erase the history|referenced in a foreign key/,
    );
    await expect(db.exec(`TRUNCATE "lifecycle_event" CASCADE`)).rejects.toThrow(
      /append-only: TRUNCATE would erase the history/,
    );
    await expect(db.exec(`TRUNCATE "kfunc" CASCADE`)).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await count()).toBe(before);
  });

  it("refuses DELETE", async () => {
    const id = await insertEvent();
    await expect(db.query(`DELETE FROM "lifecycle_event" WHERE "id" = $1`, [id])).rejects.toThrow(
      /append-only: cannot delete event/,
    );
  });

  it("refuses an UPDATE of any other column, even together with retracted_at", async () => {
    const id = await insertEvent();
    await expect(
      db.query(`UPDATE "lifecycle_event" SET "actor" = 'someone' WHERE "id" = $1`, [id]),
    ).rejects.toThrow(/append-only: cannot update event/);
    await expect(
      db.query(`UPDATE "lifecycle_event" SET "detail" = '{}', "retracted_at" = now() WHERE "id" = $1`, [id]),
    ).rejects.toThrow(/append-only/);
  });

  it("allows retracting once (retracted_at NULL → a value), and nothing after that", async () => {
    const id = await insertEvent();
    const ok = await db.query(`UPDATE "lifecycle_event" SET "retracted_at" = now() WHERE "id" = $1`, [id]);
    expect(ok.affectedRows).toBe(1);
    await expect(
      db.query(`UPDATE "lifecycle_event" SET "retracted_at" = NULL WHERE "id" = $1`, [id]),
    ).rejects.toThrow(/already retracted/);
    await expect(
      db.query(`UPDATE "lifecycle_event" SET "retracted_at" = now() + interval '1 day' WHERE "id" = $1`, [
        id,
      ]),
    ).rejects.toThrow(/already retracted/);
  });
});
