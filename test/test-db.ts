// A fresh database per test file: a database of its own on the PostgreSQL server when
// DATABASE_URL is set (created here, dropped after), otherwise an in-memory embedded one.
// The app's own lib/db handle is pointed at it, acting as the app's role (kfunc_app), so data
// functions are tested as they run.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { APP_ROLE, type Database, openDatabase } from "../lib/db/connect";
import { readEnv } from "../lib/db/env";
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
      // Migrate as the owner first: the app's handle acts as kfunc_app, which the migrations create.
      const owner = await openDatabase({ env: { ...readEnv(), databaseUrl: url.toString() } });
      await migrate(owner.raw);
      await owner.close();
    } else {
      process.env.KFUNC_DATA_DIR = "memory://";
      // One in-memory database per handle: migrate it, then hand it to the app acting as kfunc_app,
      // as lib/db/client.ts would.
      const memory = await openDatabase({
        env: { ...readEnv(), databaseUrl: undefined, dataDir: "memory://" },
      });
      await migrate(memory.raw);
      await memory.raw.exec(`SET ROLE "${APP_ROLE}"`);
      (globalThis as { kfuncDatabase?: Promise<Database> }).kfuncDatabase = Promise.resolve(memory);
    }
    const { getDatabase } = await import("../lib/db/client");
    db = await getDatabase();
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
