// The embedded database has one owner: a second process gets a clear error naming the first,
// and a killed owner does not keep the database locked.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireEmbeddedLock, DatabaseBusyError } from "../lib/db/embedded-lock";

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kfunc-lock-"));
  dirs.push(dir);
  return path.join(dir, "pglite");
}

async function holdInAnotherProcess(dataDir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "fixtures", "hold-lock.ts"), dataDir],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
    child.on("exit", (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
  return child;
}

describe("embedded database lock", () => {
  it("refuses a second owner and names the first", async () => {
    const dataDir = scratch();
    const holder = await holdInAnotherProcess(dataDir);
    let caught: unknown;
    try {
      acquireEmbeddedLock(dataDir, "the second process");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DatabaseBusyError);
    expect((caught as Error).message).toContain(`the lock holder in a test (pid ${holder.pid})`);
    expect((caught as Error).message).toMatch(/set DATABASE_URL/);
  });

  it("takes over at once from an owner that was killed", async () => {
    const dataDir = scratch();
    const holder = await holdInAnotherProcess(dataDir);
    const exited = new Promise((resolve) => holder.on("exit", resolve));
    holder.kill("SIGKILL");
    await exited;
    const lock = acquireEmbeddedLock(dataDir, "the next owner");
    await lock.release();
  });

  it("lets the same process open, release and open again", async () => {
    const dataDir = scratch();
    const first = acquireEmbeddedLock(dataDir, "first");
    expect(() => acquireEmbeddedLock(dataDir, "second")).toThrow(DatabaseBusyError);
    await first.release();
    await acquireEmbeddedLock(dataDir, "third").release();
  });
});
