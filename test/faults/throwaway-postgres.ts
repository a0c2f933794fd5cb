// A PostgreSQL cluster of its own, for fault tests that stop and restart the server: initdb into a
// temporary directory, on a free 127.0.0.1 port, as the postgres user when run as root (initdb
// refuses root). Never touches the machine's own cluster. null when no PostgreSQL binaries exist.
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface ThrowawayPostgres {
  /** postgresql://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  dir: string;
  start(): void;
  /** `pg_ctl stop -m fast`: connections are terminated, new ones refused. */
  stop(): void;
  /** Stops the server and deletes its directory. */
  destroy(): void;
  /** A URL for another database on this server. */
  urlOf(database: string): string;
  createDatabase(name: string): string;
}

export function postgresBinDir(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : null;
}

function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) return null;
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Whether a throwaway cluster can be made here: binaries, and a non-root user when run as root. */
export function canMakeThrowawayPostgres(): boolean {
  if (!postgresBinDir()) return false;
  if (process.getuid?.() === 0 && (!postgresUser() || spawnSync("runuser", ["--help"]).error)) return false;
  return true;
}

export async function makeThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("no PostgreSQL binaries under /usr/lib/postgresql");
  const user = postgresUser();
  const dir = mkdtempSync(path.join(os.tmpdir(), "kfunc-pg-"));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, "data");
  const port = await freePort();
  const run = (tool: string, args: string[]) => {
    const command = path.join(bin, tool);
    const [file, argv] = user ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
    execFileSync(file, argv, { stdio: ["ignore", "pipe", "pipe"], cwd: dir });
  };
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  let running = false;
  const cluster: ThrowawayPostgres = {
    url,
    port,
    dir,
    start() {
      run("pg_ctl", [
        "-D",
        data,
        "-l",
        path.join(dir, "server.log"),
        "-o",
        `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off`,
        "-w",
        "start",
      ]);
      running = true;
    },
    stop() {
      run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      running = false;
    },
    destroy() {
      if (running) {
        try {
          cluster.stop();
        } catch {}
      }
      rmSync(dir, { recursive: true, force: true });
    },
    urlOf(database) {
      return `postgresql://postgres@127.0.0.1:${port}/${database}`;
    },
    createDatabase(name) {
      run("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-c", `CREATE DATABASE ${name}`]);
      return cluster.urlOf(name);
    },
  };
  cluster.start();
  return cluster;
}
