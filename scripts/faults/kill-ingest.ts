// `npm run fault:kill-ingest`: `kfunc ingest` killed with SIGKILL at random points, on the embedded
// database and on PostgreSQL (DATABASE_URL's server, else a throwaway cluster, else skipped).
// Each round starts from the same seeded catalog (the end-to-end fixtures), runs
//   kfunc ingest --release v6.12 --tree <a Linux 6.12 tree> --force
// (the cached Debian tree when scripts/fetch-kernel-sources.sh fetched it, else a fixture tree),
// kills it after a random delay within the time an uncut run takes, and checks that every catalog
// table (row count and checksum) is exactly as before, or, when the kill came after the commit
// (while the process closed the database), holds the whole ingest (an uncut run's row counts). Then it runs the same ingest again, uncut:
// it must succeed, the embedded database's lock left by the killed process must not stand in its
// way, and the tables must hold what an uncut run gives (same row counts).
// ROUNDS (default 8) and SEED (default 1) choose how many kills and where.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type TableSum, tableSums } from "../../lib/backup/checksum";
import { TABLES } from "../../lib/backup/format";
import { openDatabase } from "../../lib/db/connect";
import { readEnv } from "../../lib/db/env";
import { canMakeThrowawayPostgres, makeThrowawayPostgres } from "../../test/faults/throwaway-postgres";

const root = process.cwd();
const ROUNDS = Number(process.env.ROUNDS ?? 8);
let seed = Number(process.env.SEED ?? 1);
const random = () => {
  // mulberry32: the same delays for the same SEED.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const catalog = path.join(root, "e2e", "fixtures", "catalog");
const cachedTree = path.join(
  process.env.KFUNC_CACHE ?? path.join(os.homedir(), ".cache", "kfunc-catalog"),
  "kernel-src",
  "linux-6.12",
);
const tree = existsSync(cachedTree)
  ? cachedTree
  : path.join(root, "lib", "kernel", "extract", "fixtures", "era-6.9");

type Target = { dataDir: string } | { url: string };
type Sums = Record<string, TableSum>;

function childEnv(target: Target): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KFUNC_CATALOG_DIR: catalog };
  delete env.DATABASE_URL;
  delete env.KFUNC_DATA_DIR;
  if ("url" in target) env.DATABASE_URL = target.url;
  else env.KFUNC_DATA_DIR = target.dataDir;
  return env;
}

async function sums(target: Target): Promise<Sums> {
  const env =
    "url" in target
      ? { ...readEnv(), databaseUrl: target.url }
      : { ...readEnv(), databaseUrl: undefined, dataDir: target.dataDir };
  const db = await openDatabase({ env, role: "fault:kill-ingest (checksums)" });
  try {
    return await tableSums(db.raw, TABLES);
  } finally {
    await db.close();
  }
}

const INGEST = [
  "bin/kfunc",
  "ingest",
  "--release",
  "v6.12",
  "--tree",
  tree,
  "--origin",
  "kill test",
  "--force",
];

/** Runs the ingest; kills it after `killAfterMs` unless it ends first. */
function ingest(
  target: Target,
  killAfterMs?: number,
): Promise<{ code: number | null; killed: boolean; ms: number; stderr: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, INGEST, {
      cwd: root,
      env: childEnv(target),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    let killed = false;
    const timer =
      killAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            killed = child.kill("SIGKILL");
          }, killAfterMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, killed: killed && code === null, ms: Date.now() - started, stderr });
    });
  });
}

const counts = (s: Sums) => Object.fromEntries(Object.entries(s).map(([t, v]) => [t, v.rows]));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

interface Kind {
  name: string;
  pristine: () => Promise<Target>;
  copy: (pristine: Target, round: number) => Promise<Target>;
  cleanUp: () => Promise<void>;
}

async function run(kind: Kind): Promise<boolean> {
  const pristine = await kind.pristine();
  const before = await sums(pristine);
  const reference = await kind.copy(pristine, 0);
  const uncut = await ingest(reference);
  if (uncut.code !== 0) throw new Error(`the uncut ingest failed:\n${uncut.stderr}`);
  const expected = counts(await sums(reference));
  console.log(`${kind.name}: an uncut ingest of ${path.basename(tree)} takes ${uncut.ms} ms`);
  let ok = true;
  for (let round = 1; round <= ROUNDS; round++) {
    const target = await kind.copy(pristine, round);
    const delay = Math.round(150 + random() * uncut.ms);
    const cut = await ingest(target, delay);
    const after = await sums(target);
    const unchanged = same(after, before);
    // Killed after its commit (while closing the database): the whole ingest, never a part.
    const complete = !unchanged && same(counts(after), expected);
    const again = await ingest(target);
    const rerun = again.code === 0 && same(counts(await sums(target)), expected);
    const verdict = !cut.killed
      ? "finished before the kill"
      : unchanged
        ? "as before"
        : complete
          ? "the whole ingest (killed after its commit)"
          : "CHANGED PART-WAY";
    console.log(
      `  round ${round}: SIGKILL after ${String(delay).padStart(5)} ms → ${verdict}; next run ${again.code === 0 ? "succeeded" : `FAILED (${again.stderr.trim().split("\n").pop()})`}${rerun ? "" : " with other row counts"} in ${again.ms} ms`,
    );
    if ((cut.killed && !unchanged && !complete) || !rerun) ok = false;
  }
  await kind.cleanUp();
  return ok;
}

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "kfunc-kill-"));
  const setUp = (target: Target) => {
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", "--conditions=react-server", "scripts/db-setup.ts"],
      {
        cwd: root,
        env: childEnv(target),
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    if (result.status !== 0) throw new Error("migrate and seed failed");
  };
  const embedded: Kind = {
    name: "embedded database",
    async pristine() {
      const target = { dataDir: path.join(tmp, "pristine") };
      setUp(target);
      return target;
    },
    async copy(pristine, round) {
      const dataDir = path.join(tmp, `round-${round}`);
      cpSync((pristine as { dataDir: string }).dataDir, dataDir, { recursive: true });
      return { dataDir };
    },
    async cleanUp() {},
  };
  let ok = true;
  try {
    ok = (await run(embedded)) && ok;
    const cluster = process.env.DATABASE_URL
      ? null
      : canMakeThrowawayPostgres()
        ? await makeThrowawayPostgres()
        : null;
    const adminUrl = process.env.DATABASE_URL ?? cluster?.url;
    if (!adminUrl) console.log("PostgreSQL: skipped (no DATABASE_URL and no PostgreSQL binaries)");
    else {
      const made: string[] = [];
      const sql = async (statement: string) => {
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        try {
          await admin.query(statement);
        } finally {
          await admin.end();
        }
      };
      const urlOf = (db: string) => {
        const url = new URL(adminUrl);
        url.pathname = `/${db}`;
        return url.toString();
      };
      const prefix = `kfunc_kill_${process.pid}`;
      ok =
        (await run({
          name: "PostgreSQL",
          async pristine() {
            await sql(`CREATE DATABASE ${prefix}_pristine`);
            made.push(`${prefix}_pristine`);
            const target = { url: urlOf(`${prefix}_pristine`) };
            setUp(target);
            return target;
          },
          async copy(_, round) {
            const name = `${prefix}_${round}`;
            await sql(`CREATE DATABASE ${name} TEMPLATE ${prefix}_pristine`);
            made.push(name);
            return { url: urlOf(name) };
          },
          async cleanUp() {
            for (const db of made) await sql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
            cluster?.destroy();
          },
        })) && ok;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(ok ? "PASS" : "FAIL");
  if (!ok) process.exitCode = 1;
}

main().catch((error) => {
  console.error(`fault:kill-ingest failed: ${(error as Error).message}`);
  process.exit(1);
});
