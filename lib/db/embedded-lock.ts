import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

export function acquireEmbeddedLock(dataDir: string, role: string): EmbeddedLock {
  mkdirSync(dataDir, { recursive: true });
  let release: () => void;
  try {
    // A lock is stale when its owner stopped refreshing it for 10 s (crashed or killed -9).
    release = lockfile.lockSync(dataDir, { stale: 10_000, update: 3_000, realpath: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") {
      let owner = "another process";
      try {
        owner = readFileSync(ownerFile(dataDir), "utf8").trim() || owner;
      } catch {}
      throw new DatabaseBusyError(dataDir, owner);
    }
    throw error;
  }
  writeFileSync(ownerFile(dataDir), `${role} (pid ${process.pid})\n`);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      release();
    },
  };
}
