// `kfunc export` and `kfunc import` as a user runs them (real processes of bin/kfunc), on the
// embedded database and on PostgreSQL (a database of its own on DATABASE_URL's server, else a
// throwaway cluster, else that half is skipped): a catalog with governance history round-trips
// with every table's row count and checksum unchanged, across the two kinds of database too; no
// secret leaves; a truncated, corrupt or foreign file and a non-empty target are refused, and
// nothing changes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableSums } from "../../lib/backup/checksum";
import { TABLES } from "../../lib/backup/format";
import { type Database, openDatabase } from "../../lib/db/connect";
import { readEnv } from "../../lib/db/env";
import { addGovernanceRows, SECRET_MARKERS } from "./governance-rows";
import {
  canMakeThrowawayPostgres,
  makeThrowawayPostgres,
  type ThrowawayPostgres,
} from "./throwaway-postgres";

const root = path.resolve(import.meta.dirname, "../..");
const catalog = path.join(root, "e2e", "fixtures", "catalog");
let tmp: string;

type Target = { dataDir: string } | { url: string };
const envOf = (target: Target) =>
  "url" in target
    ? { DATABASE_URL: target.url, KFUNC_DATA_DIR: "" }
    : { DATABASE_URL: "", KFUNC_DATA_DIR: target.dataDir };

function childEnv(target: Target): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...envOf(target), KFUNC_CATALOG_DIR: catalog };
  for (const [k, v] of Object.entries(env)) if (v === "") delete env[k];
  return env;
}

function kfunc(target: Target, ...args: string[]) {
  const result = spawnSync(process.execPath, ["bin/kfunc", ...args], {
    cwd: root,
    env: childEnv(target),
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function withDb<T>(target: Target, work: (db: Database) => Promise<T>): Promise<T> {
  const env =
    "url" in target
      ? { ...readEnv(), databaseUrl: target.url }
      : { ...readEnv(), databaseUrl: undefined, dataDir: target.dataDir };
  const db = await openDatabase({ env, role: "the backup test" });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

const sums = (target: Target) => withDb(target, (db) => tableSums(db.raw, TABLES));

/** A seeded catalog (the end-to-end fixtures) with governance rows, as `npm start` would leave it. */
async function seeded(target: Target) {
  const setUp = spawnSync(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "scripts/db-setup.ts"],
    { cwd: root, env: childEnv(target), encoding: "utf8" },
  );
  expect(setUp.status, setUp.stderr).toBe(0);
  await withDb(target, (db) => addGovernanceRows(db.raw));
}

function expectRefused(run: ReturnType<typeof kfunc>, message: RegExp) {
  expect(run.code, run.stderr).toBe(1);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).toMatch(/nothing was changed/);
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

const empty = Object.fromEntries(
  TABLES.map((t) => [t, { rows: 0, checksum: "d41d8cd98f00b204e9800998ecf8427e" }]),
);

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "kfunc-backup-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("kfunc export and import on the embedded database", () => {
  const source = () => ({ dataDir: path.join(tmp, "source") });
  const file = () => path.join(tmp, "catalog.jsonl");
  let before: Awaited<ReturnType<typeof sums>>;

  beforeAll(async () => {
    await seeded(source());
    before = await sums(source());
  }, 180_000);

  it("exports everything but secrets", async () => {
    const run = kfunc(source(), "export", file());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^exported \d+ rows from embedded database/);
    const text = readFileSync(file(), "utf8");
    for (const marker of SECRET_MARKERS) expect(text).not.toContain(marker);
    expect(text.split("\n")[0]).toMatch(/"format":"kfunc-catalog-backup","version":1/);
    expect(text).toContain("without secrets");
    for (const table of [
      "proposal",
      "decision",
      "violation_ack",
      "audit_log",
      "dependent",
      "proposal_comment",
    ])
      expect(before[table]?.rows, table).toBeGreaterThan(0);
    // The export read the database and changed nothing.
    expect(await sums(source())).toEqual(before);
  });

  it("imports into an empty database with every table's count and checksum unchanged", async () => {
    const target = { dataDir: path.join(tmp, "restored") };
    const run = kfunc(target, "import", file());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/every table's checksum matches the file/);
    expect(await sums(target)).toEqual(before);
    // New ids follow the restored ones; the append-only history is still append-only.
    await withDb(target, async (db) => {
      const [made] = await db.raw.query<{ id: number }>(
        "INSERT INTO audit_log (actor, via, action) VALUES ('t', 'cli', 'x') RETURNING id",
      );
      expect(made?.id).toBeGreaterThan(before.audit_log?.rows ?? 0);
      await expect(db.raw.query("DELETE FROM decision")).rejects.toThrow(/append-only/);
      const [{ n } = { n: -1 }] = await db.raw.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM auth_account",
      );
      expect(n).toBe(0);
    });
  });

  it("refuses a database that is not empty", () => {
    expectRefused(kfunc(source(), "import", file()), /is not empty \(release: \d+ rows/);
  });

  it.each([
    ["truncated", (t: string) => t.slice(0, Math.floor(t.length * 0.6)), /ends early|not JSON/],
    [
      "missing its end line",
      (t: string) => t.split("\n").slice(0, -2).join("\n"),
      /ends early \(truncated\?\): expected the end line/,
    ],
    [
      "with a changed value",
      (t: string) => t.replace('"role":"maintainer"', '"role":"admin"'),
      /table app_user: the restored rows do not match/,
    ],
    [
      "with a line that is not JSON",
      (t: string) => t.replace(/\n\{"table":"kfunc",/, '\n{"table":"kfunc",,'),
      /line \d+: not JSON/,
    ],
    [
      "of another format version",
      (t: string) => t.replace('"version":1', '"version":2'),
      /line 1: backup format version 2/,
    ],
    ["that is not a backup", () => '{"hello": "world"}\n', /line 1: not a kfunc catalog backup/],
    [
      "with an unknown column",
      (t: string) => t.replace('"role":"maintainer"', '"role":"maintainer","x":1'),
      /unknown columns x/,
    ],
  ])("refuses a file %s, and the database stays empty", async (name, corrupt, message) => {
    const bad = path.join(tmp, `bad-${name.replace(/\W+/g, "-")}.jsonl`);
    writeFileSync(bad, corrupt(readFileSync(file(), "utf8")));
    // One empty database for every refusal: each must leave it as empty as it found it.
    const target = { dataDir: path.join(tmp, "empty") };
    expectRefused(kfunc(target, "import", bad), message);
    expect(await sums(target)).toEqual(empty);
  });

  it("refuses a missing file", () => {
    expectRefused(
      kfunc({ dataDir: path.join(tmp, "none") }, "import", path.join(tmp, "nope.jsonl")),
      /no such file/,
    );
  });
});

describe.skipIf(!process.env.DATABASE_URL && !canMakeThrowawayPostgres())(
  "kfunc export and import on PostgreSQL, and across",
  () => {
    let cluster: ThrowawayPostgres | undefined;
    let adminUrl: string;
    const made: string[] = [];
    const database = async (name: string) => {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      const db = `kfunc_backup_${name}_${process.pid}`;
      await admin.query(`CREATE DATABASE ${db}`);
      await admin.end();
      made.push(db);
      const url = new URL(adminUrl);
      url.pathname = `/${db}`;
      return { url: url.toString() };
    };
    beforeAll(async () => {
      if (process.env.DATABASE_URL) adminUrl = process.env.DATABASE_URL;
      else {
        cluster = await makeThrowawayPostgres();
        adminUrl = cluster.url;
      }
    }, 120_000);
    afterAll(async () => {
      if (cluster) cluster.destroy();
      else {
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        for (const db of made) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
        await admin.end();
      }
    });

    it("round-trips server → server, server → embedded and embedded → server", async () => {
      const source = await database("source");
      await seeded(source);
      const before = await sums(source);
      const file = path.join(tmp, "server.jsonl");
      expect(kfunc(source, "export", file).code).toBe(0);

      const restored = await database("restored");
      const run = kfunc(restored, "import", file);
      expect(run.code, run.stderr).toBe(0);
      expect(await sums(restored)).toEqual(before);

      const embedded = { dataDir: path.join(tmp, "from-server") };
      expect(kfunc(embedded, "import", file).code).toBe(0);
      expect(await sums(embedded)).toEqual(before);

      const back = path.join(tmp, "from-embedded.jsonl");
      expect(kfunc(embedded, "export", back).code).toBe(0);
      const again = await database("again");
      expect(kfunc(again, "import", back).code).toBe(0);
      expect(await sums(again)).toEqual(before);

      expectRefused(kfunc(restored, "import", file), /is not empty/);
      const truncated = path.join(tmp, "server-truncated.jsonl");
      writeFileSync(truncated, readFileSync(file, "utf8").slice(0, 3000));
      const fresh = await database("fresh");
      expectRefused(kfunc(fresh, "import", truncated), /ends early|not JSON/);
      expect(await sums(fresh)).toEqual(Object.fromEntries(TABLES.map((t) => [t, empty[t]])));
    }, 180_000);
  },
);
