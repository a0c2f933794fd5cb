import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import type { CatalogFacts, KfuncFacts } from "../lib/check/facts";
import { MEMORY, readEnv } from "../lib/db/env";

// The catalog facts the CLI's check, probe and header commands read. On a fresh clone the
// embedded database is created and loaded first (half a minute, once). Opening the embedded
// database costs seconds, so the facts are also kept beside it in one JSON file, valid while
// neither the database nor the catalog data it was loaded from have changed (any committed write
// touches the write-ahead log, see newestMtime); a CI job then pays for reading one file.

// Raised whenever the saved shape changes (a cell gained `filtered`): an older file is rebuilt.
const FORMAT = 2;

interface Stamp {
  format: number;
  /** Newest modification time of any file of the embedded database. */
  database: number;
  /** Names, sizes and times of the catalog data files the database is loaded from. */
  data: string;
}

interface Cached {
  stamp: Stamp;
  columns: CatalogFacts["columns"];
  kfuncs: KfuncFacts[];
}

export async function readCatalogFacts(log: (line: string) => void): Promise<CatalogFacts> {
  const env = readEnv();
  const cacheFile = env.databaseUrl || env.dataDir === MEMORY ? null : `${env.dataDir}.facts.json`;
  const cached = cacheFile ? readCache(cacheFile) : null;
  const now = cacheFile ? stampOf(env.dataDir, env.catalogDir) : null;
  if (cached && now && sameStamp(cached.stamp, now)) return fromCache(cached);
  // The database code (PGlite, Prisma) loads only when the saved facts will not do.
  const [{ openDatabase }, { DatabaseBusyError }, { bringUpToDate }, { loadCheckFacts }] = await Promise.all([
    import("../lib/db/connect"),
    import("../lib/db/embedded-lock"),
    import("../lib/db/set-up"),
    import("../lib/check/facts"),
  ]);
  const fresh = !env.databaseUrl && !existsSync(path.join(env.dataDir, "PG_VERSION"));
  let db: Awaited<ReturnType<typeof openDatabase>>;
  try {
    db = await openDatabase({ role: "kfunc check" });
  } catch (error) {
    if (error instanceof DatabaseBusyError && cached) {
      log(
        `note: ${error.message.split(". ")[0]}; using the facts saved at its last change (pass --api URL for live data)`,
      );
      return fromCache(cached);
    }
    if (error instanceof DatabaseBusyError)
      throw new Error(`${error.message} Or ask it: --api http://127.0.0.1:3000`);
    throw error;
  }
  let facts: CatalogFacts;
  try {
    if (fresh) log("setting up the embedded catalog database (once; about half a minute)…");
    // The catalog data is loaded again only when it changed since the facts were saved (a pull);
    // a changed database alone (an ingest, a decision) needs no reload.
    const seed = !cached || !now || cached.stamp.data !== now.data;
    await bringUpToDate(db, { seed, log: fresh ? log : () => {} });
    facts = await loadCheckFacts(db.prisma);
  } finally {
    await db.close();
  }
  if (cacheFile) {
    writeCache(cacheFile, {
      stamp: stampOf(env.dataDir, env.catalogDir),
      columns: facts.columns,
      kfuncs: [...facts.kfuncs.values()],
    });
  }
  return facts;
}

function fromCache(cached: Cached): CatalogFacts {
  return { columns: cached.columns, kfuncs: new Map(cached.kfuncs.map((k) => [k.name, k])) };
}

function readCache(file: string): Cached | null {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Cached;
    return parsed.stamp?.format === FORMAT ? parsed : null;
  } catch {
    return null; // Missing or unreadable: rebuilt from the database.
  }
}

function writeCache(file: string, cached: Cached): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(cached));
  renameSync(temporary, file); // Readers see the old file or the new one, never half of one.
}

function sameStamp(a: Stamp, b: Stamp): boolean {
  return a.format === b.format && a.database === b.database && a.data === b.data;
}

function stampOf(dataDir: string, catalogDir: string): Stamp {
  return { format: FORMAT, database: newestMtime(dataDir), data: dataSignature(catalogDir) };
}

/**
 * When the database last changed. Every committed write goes to the write-ahead log first, and a
 * checkpoint rewrites global/pg_control, so their newest modification time moves with any change;
 * a thousand table files need not be looked at.
 */
function newestMtime(dir: string): number {
  const wal = path.join(dir, "pg_wal");
  if (!existsSync(wal)) return 0;
  let newest = 0;
  const files = [path.join(dir, "global", "pg_control"), ...readdirSync(wal).map((f) => path.join(wal, f))];
  for (const file of files) {
    try {
      newest = Math.max(newest, statSync(file).mtimeMs);
    } catch {
      // Recycled while we looked: the others still tell.
    }
  }
  return newest;
}

function dataSignature(catalogDir: string): string {
  const files = ["releases.json", "documented-events.json"].map((f) => path.join(catalogDir, f));
  const releases = path.join(catalogDir, "releases");
  if (existsSync(releases)) {
    for (const f of readdirSync(releases).sort()) files.push(path.join(releases, f));
  }
  return files
    .filter((f) => existsSync(f))
    .map((f) => {
      const s = statSync(f);
      return `${path.relative(catalogDir, f)}:${s.size}:${s.mtimeMs}`;
    })
    .join("|");
}
