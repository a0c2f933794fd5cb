import { statfsSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../generated/prisma/client";
import { acquireEmbeddedLock } from "./embedded-lock";
import { type Env, MEMORY, readEnv } from "./env";
import { PGLITE_EXTENSIONS } from "./pglite-extensions";

/** Raw SQL access beside Prisma, for migrations (multi-statement scripts) and bulk work. */
export interface RawSql {
  /** Runs a script of one or more statements, no parameters. */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  kind: "embedded" | "server";
  /** Where the data lives, for messages: a directory or a URL without its password. */
  location: string;
  prisma: PrismaClient;
  raw: RawSql;
  close(): Promise<void>;
}

export interface OpenOptions {
  env?: Env;
  /** Who opens the embedded database, shown to a second process that is refused. */
  role?: string;
  /**
   * Act as APP_ROLE on every connection: the web server and the API do, so that what they run
   * cannot truncate, alter or drop a table, or rewrite history. Migrations and the CLI do not.
   */
  asAppRole?: boolean;
}

/** The role the running app acts as; created by the governance migration, owns no tables. */
export const APP_ROLE = "kfunc_app";
const SET_APP_ROLE = `SET ROLE "${APP_ROLE}"`;

function appRoleError(location: string, error: Error): Error {
  return new Error(
    `Could not act as the database role ${APP_ROLE} on ${location} (${error.message}). ` +
      "The governance migration creates it: run `npm run db:migrate`, and on a server where the app logs in " +
      `as a role of its own, GRANT ${APP_ROLE} TO that role.`,
  );
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const env = options.env ?? readEnv();
  const asAppRole = options.asAppRole ?? false;
  if (env.databaseUrl) return openServer(env.databaseUrl, asAppRole);
  // KFUNC_DATA_DIR=memory:// gives a throw-away in-memory database (tests, benchmarks).
  return openEmbedded(env.dataDir, options.role ?? "a kfunc-catalog process", asAppRole);
}

function redact(url: string) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

async function openServer(url: string, asAppRole: boolean): Promise<Database> {
  // A server that does not answer (a host gone, not a refused port) fails a request after 10 s
  // instead of holding it forever (pg's default).
  // Every connection starts as the app's role: a startup parameter, so no query can run before it.
  const role = asAppRole ? { options: `-c role=${APP_ROLE}` } : {};
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000, ...role });
  if (asAppRole) {
    // Fail at open, with a message, rather than on the first page.
    const probe = await pool.connect().catch(async (error: Error) => {
      await pool.end().catch(() => {});
      if (/role|permission denied/i.test(error.message)) throw appRoleError(redact(url), error);
      throw new Error(`Could not connect to ${redact(url)}: ${error.message}`, { cause: error });
    });
    probe.release();
  }
  // A connection the server drops while idle (a restart, a terminated backend, a dropped test
  // database) is an 'error' event on the pool; unheard, it would end the process. The pool
  // replaces the client; a query on a broken connection still fails where it runs.
  let closing = false;
  pool.on("error", (error) => {
    if (!closing)
      console.error(`database: an idle connection was lost (${error.message}); the pool will reconnect`);
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  // Raw SQL goes through one session of its own, so that session-level state (advisory locks
  // taken by the migrator) stays on the connection that took it.
  // A session that failed to connect, or whose connection was lost (an 'error' or 'end' event: a
  // server restart), is forgotten, so the next raw query opens a new one instead of failing forever.
  let session: Promise<pg.Client> | undefined;
  const getSession = () => {
    if (session) return session;
    const opening: Promise<pg.Client> = (async () => {
      const client = new pg.Client({ connectionString: url, ...role });
      const forget = () => {
        if (session === opening) session = undefined;
      };
      client.on("error", forget);
      client.on("end", forget);
      try {
        await client.connect();
      } catch (error) {
        forget();
        await client.end().catch(() => {});
        throw error;
      }
      return client;
    })();
    session = opening;
    return opening;
  };
  return {
    kind: "server",
    location: redact(url),
    prisma,
    raw: {
      async exec(sql) {
        await (await getSession()).query(sql);
      },
      async query(sql, params) {
        return (await (await getSession()).query(sql, params as unknown[])).rows;
      },
    },
    async close() {
      closing = true;
      await prisma.$disconnect();
      if (session) await session.then((client) => client.end()).catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}

/** What to do when the embedded database's directory cannot be written: said at start-up, plainly. */
function dataDirProblem(dataDir: string, error: unknown): Error | null {
  const code =
    (error as NodeJS.ErrnoException)?.code ??
    /\b(EACCES|EPERM|EROFS|ENOSPC|EDQUOT)\b/.exec(String(error))?.[1];
  const where = `the embedded database at ${dataDir}`;
  const fix =
    "Choose a writable directory with KFUNC_DATA_DIR, or set DATABASE_URL to use a PostgreSQL server.";
  switch (code) {
    case "EACCES":
    case "EPERM":
      return new Error(`Cannot write ${where} (or its lock beside it): permission denied. ${fix}`, {
        cause: error,
      });
    case "EROFS":
      return new Error(`Cannot write ${where}: the file system is read-only. ${fix}`, { cause: error });
    case "ENOSPC":
    case "EDQUOT":
      return new Error(
        `Cannot write ${where}: the disk is full. Free some space and start again (nothing committed is lost), or ${fix.charAt(0).toLowerCase()}${fix.slice(1)}`,
        { cause: error },
      );
    default: {
      // PGlite reports a full disk at start-up without a code ("failed to initialize"): look.
      const free = freeBytes(dataDir);
      return free !== null && free < LOW_DISK_BYTES
        ? dataDirProblem(dataDir, Object.assign(new Error(String(error)), { code: "ENOSPC" }))
        : null;
    }
  }
}

const LOW_DISK_BYTES = 16 * 1024 * 1024;

/** Free bytes on the file system that holds dataDir (or its nearest existing parent). */
function freeBytes(dataDir: string): number | null {
  for (let dir = dataDir; ; dir = path.dirname(dir)) {
    try {
      const stats = statfsSync(dir);
      return stats.bavail * stats.bsize;
    } catch {
      if (path.dirname(dir) === dir) return null;
    }
  }
}

async function openEmbedded(dataDir: string, role: string, asAppRole: boolean): Promise<Database> {
  let lock: Awaited<ReturnType<typeof acquireEmbeddedLock>> | null = null;
  try {
    lock = dataDir === MEMORY ? null : acquireEmbeddedLock(dataDir, role);
  } catch (error) {
    throw dataDirProblem(dataDir, error) ?? error;
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir, { extensions: PGLITE_EXTENSIONS });
  } catch (error) {
    await lock?.release();
    throw (
      dataDirProblem(dataDir, error) ??
      new Error(`Could not open the embedded database at ${dataDir}: ${(error as Error).message}`, {
        cause: error,
      })
    );
  }
  if (asAppRole) {
    try {
      await client.exec(SET_APP_ROLE);
    } catch (error) {
      await client.close().catch(() => {});
      await lock?.release();
      throw appRoleError(dataDir, error as Error);
    }
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  return {
    kind: "embedded",
    location: dataDir,
    prisma,
    raw: {
      async exec(sql) {
        await client.exec(sql);
      },
      async query(sql, params) {
        return (await client.query(sql, params as unknown[])).rows as never[];
      },
    },
    async close() {
      await prisma.$disconnect();
      // The adapter's dispose does not close PGlite; without this, scripts never exit.
      if (!client.closed) await client.close();
      await lock?.release();
    },
  };
}
