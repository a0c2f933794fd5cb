// A fresh database per test file: a database of its own on the PostgreSQL server when
// DATABASE_URL is set (created here, dropped after), otherwise an in-memory embedded one.
// The app's own lib/db handle is pointed at it, so data functions are tested as they run.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import type { Database } from "../lib/db/connect";
import { migrate } from "../lib/db/migrate";

export function setUpTestDatabase(): { get: () => Database } {
  let db: Database | undefined;
  let dropUrl: { admin: string; name: string } | undefined;
  beforeAll(async () => {
    const serverUrl = process.env.DATABASE_URL;
    if (serverUrl) {
      const name = `kfunc_test_${randomBytes(5).toString("hex")}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      process.env.DATABASE_URL = url.toString();
      dropUrl = { admin: serverUrl, name };
    } else {
      process.env.KFUNC_DATA_DIR = "memory://";
    }
    const { getDatabase } = await import("../lib/db/client");
    db = await getDatabase();
    await migrate(db.raw);
  });
  afterAll(async () => {
    await db?.close();
    if (dropUrl) {
      process.env.DATABASE_URL = dropUrl.admin;
      const admin = new pg.Client({ connectionString: dropUrl.admin });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dropUrl.name} WITH (FORCE)`);
      await admin.end();
    }
  });
  return {
    get: () => {
      if (!db) throw new Error("test database not ready");
      return db;
    },
  };
}
