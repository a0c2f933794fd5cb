// The `kfunc ingest` command as a user runs it: a real process, a fresh embedded database in a
// temporary directory, kernel-style fixture trees, and the same database opened afterwards.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../lib/db/connect";
import { readEnv } from "../lib/db/env";
import { migrate } from "../lib/db/migrate";
import { LONG_TRANSACTION } from "../lib/ingest/ingest";
import { releaseRegistrySchema, upsertReleases } from "../lib/ingest/registry";
import { sampleBaseWriter, scratchDir } from "../lib/kernel/btf/testing/sample-files";

const root = path.resolve(import.meta.dirname, "..");
const fixtures = path.join(root, "lib", "kernel", "extract", "fixtures");
let dataDir: string;

function kfunc(...args: string[]) {
  const result = spawnSync(process.execPath, ["bin/kfunc", ...args], {
    cwd: root,
    env: { ...process.env, KFUNC_DATA_DIR: dataDir, DATABASE_URL: "" },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function withDatabase<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase({ env: { ...readEnv(), databaseUrl: undefined, dataDir }, role: "the test" });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const counts = () =>
  withDatabase(async ({ prisma }) => ({
    kfuncs: await prisma.kfunc.count(),
    ingestions: await prisma.ingestion.count(),
    events: await prisma.lifecycleEvent.count(),
  }));

beforeAll(async () => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), "kfunc-cli-")), "pglite");
  await withDatabase(async (db) => {
    await migrate(db.raw);
    const registry = releaseRegistrySchema.parse({
      releases: [
        { tag: "v6.3", releasedOn: "2023-04-23" },
        { tag: "v6.9", releasedOn: "2024-05-12" },
      ],
    });
    await db.prisma.$transaction((tx) => upsertReleases(tx, registry), LONG_TRANSACTION);
  });
}, 120_000);

afterAll(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }));

describe("kfunc ingest", () => {
  it("writes a release from a source tree and prints a summary", async () => {
    const run = kfunc(
      "ingest",
      "--release",
      "v6.3",
      "--tree",
      path.join(fixtures, "era-6.3"),
      "--origin",
      "fixture 6.3",
    );
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^v6\.3: \d+ kfuncs from fixture 6\.3\n {2}added \d+, removed 0, changed 0; policy violations in the catalog: 0/,
    );
    const after = await counts();
    expect(after.kfuncs).toBeGreaterThan(0);
    expect(after.ingestions).toBe(1);
  });

  it("changes nothing when the same input is ingested again", async () => {
    const before = await counts();
    const run = kfunc("ingest", "--release", "v6.3", "--tree", path.join(fixtures, "era-6.3"), "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ release: "v6.3", unchanged: true });
    expect(await counts()).toEqual(before);
  });

  it("derives events across releases ingested by separate runs", async () => {
    const run = kfunc("ingest", "--release", "6.9", "--tree", path.join(fixtures, "era-6.9"), "--json");
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ release: "v6.9", unchanged: false });
    expect(summary.added).toBeGreaterThan(0);
    // The 6.3 kfuncs are absent from the 6.9 fixture tree: removed there.
    expect(summary.removed).toBeGreaterThan(0);
  });

  it("answers bad input with a clear error and writes nothing", async () => {
    const before = await counts();
    const notATree = kfunc("ingest", "--release", "v6.9", "--tree", path.join(root, "prisma"));
    expect(notATree.code).toBe(1);
    expect(notATree.stderr).toMatch(/is not a kernel source tree/);

    const unknown = kfunc("ingest", "--release", "v6.4", "--tree", path.join(fixtures, "era-6.3"));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Unknown release "v6\.4"\. Known releases: v6\.3, v6\.9/);
    expect(unknown.stderr).toMatch(/nothing was written/);

    const garbage = kfunc("ingest", "--release", "v6.9", "--btf", path.join(root, "package.json"));
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toMatch(/package\.json/);

    const usage = kfunc("ingest", "--release", "latest", "--tree", "x");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/not a release tag/);
    expect(kfunc("ingest", "--release", "v6.9").code).toBe(2);
    expect(kfunc("ingest", "--release", "v6.9", "--tree", "a", "--btf", "b").code).toBe(2);

    expect(await counts()).toEqual(before);
  });

  it("refuses to replace a source release with one build's BTF unless --force", async () => {
    const scratch = scratchDir();
    try {
      const btf = scratch.write("vmlinux.btf", sampleBaseWriter().w.build());
      const before = await counts();
      const refused = kfunc("ingest", "--release", "v6.9", "--btf", btf);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/v6\.9 holds a source tree .*the BTF of one build\. Use --force/);
      expect(refused.stderr).toMatch(/nothing was written/);
      expect(await counts()).toEqual(before);
      const forced = kfunc("ingest", "--release", "v6.9", "--btf", btf, "--force", "--json");
      expect(forced.code).toBe(0);
      expect(JSON.parse(forced.stdout)).toMatchObject({ release: "v6.9", kfuncs: 2, unchanged: false });
    } finally {
      scratch.remove();
    }
  });

  it("refuses to share the embedded database with a running owner", async () => {
    await withDatabase(async () => {
      const run = kfunc("ingest", "--release", "v6.9", "--tree", path.join(fixtures, "era-6.9"));
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/in use by the test \(pid \d+\)/);
    });
  });
});
