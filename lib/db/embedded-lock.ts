import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import lockfile from "proper-lockfile";

// PGlite does not lock its data directory, and two processes writing one directory lose data.
// Whoever opens the embedded database first owns it until it exits; anyone else gets this error.
export class DatabaseBusyError extends Error {
  constructor(dataDir: string, owner: string) {
    super(
      `The embedded database at ${dataDir} is in use by ${owner}. ` +
        "Only one process may open it: stop that process first, or set DATABASE_URL to use a PostgreSQL server.",
    );
    this.name = "DatabaseBusyError";
  }
}

export interface EmbeddedLock {
  release(): Promise<void>;
}

function ownerFile(dataDir: string) {
  return `${dataDir}.owner`;
}

function readOwner(dataDir: string): { text: string; pid: number | null } {
  try {
    const text = readFileSync(ownerFile(dataDir), "utf8").trim();
    const pid = /\(pid (\d+)\)/.exec(text)?.[1];
    return { text: text || "another process", pid: pid ? Number(pid) : null };
  } catch {
    return { text: "another process", pid: null };
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryLock(dataDir: string): (() => void) | "locked" {
  try {
    // A lock is stale when its owner stopped refreshing it for 10 s (crashed or killed -9).
    return lockfile.lockSync(dataDir, { stale: 10_000, update: 3_000, realpath: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") return "locked";
    throw error;
  }
}

export function acquireEmbeddedLock(dataDir: string, role: string): EmbeddedLock {
  mkdirSync(dataDir, { recursive: true });
  let release = tryLock(dataDir);
  if (release === "locked") {
    const owner = readOwner(dataDir);
    // The owner on this machine is gone (killed before it could unlock): the lock is stale now,
    // not in 10 s.
    if (owner.pid !== null && owner.pid !== process.pid && !isAlive(owner.pid)) {
      rmSync(`${dataDir}.lock`, { recursive: true, force: true });
      release = tryLock(dataDir);
    }
    if (release === "locked") throw new DatabaseBusyError(dataDir, owner.text);
  }
  writeFileSync(ownerFile(dataDir), `${role} (pid ${process.pid})\n`);
  const unlock = release;
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      unlock();
    },
  };
}
