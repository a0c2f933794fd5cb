// The catalog version every cache key carries (lib/cache/catalog-version.ts): a committed write to
// what the pages show moves it on once per transaction; a read, a rolled-back write or a write to
// an unrelated table leaves it. Run against PostgreSQL too (DATABASE_URL), where a second
// connection must not see the new number before the write commits.
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { setUpTestDatabase } from "./test-db";

const FIXTURES = path.join(import.meta.dirname, "fixtures", "catalog");
const database = setUpTestDatabase();

async function version(): Promise<bigint> {
  const rows = await database.get().prisma.$queryRaw<{ version: bigint }[]>`
    SELECT "version" FROM "catalog_version" WHERE "id" = 1`;
  return rows[0]?.version ?? -1n;
}

describe("the catalog version", () => {
  it("moves on once per committed write transaction, however many rows it writes", async () => {
    const { prisma } = database.get();
    const before = await version();
    const summary = await loadCatalogData(prisma, FIXTURES);
    // One transaction for the release list, one per snapshot, one for the documented events.
    const transactions = 1 + summary.ingested.length + (summary.documentedAdded ? 1 : 0);
    expect(await version()).toBe(before + BigInt(transactions));
    const after = await version();
    await prisma.$transaction(async (tx) => {
      await tx.kfunc.updateMany({ where: { name: "bpf_cpumask_create" }, data: { subsystem: "cpumask" } });
      await tx.kfunc.updateMany({ where: { name: "bpf_task_acquire" }, data: { subsystem: "task" } });
    });
    expect(await version()).toBe(after + 1n);
    // The marker rows are gone once the bump ran.
    expect(await prisma.catalogChange.count()).toBe(0);
  });

  it("stays put on reads, on a rolled-back write and on writes to other tables", async () => {
    const { prisma } = database.get();
    const before = await version();
    await prisma.kfunc.findMany({ take: 5 });
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.kfunc.updateMany({ data: { subsystem: "changed" } });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await prisma.auditLog.create({ data: { actor: "test", via: "cli", action: "test.nothing" } });
    expect(await version()).toBe(before);
  });

  it.runIf(process.env.DATABASE_URL)(
    "is seen by another connection only when the write commits",
    async () => {
      const { prisma } = database.get();
      const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await other.connect();
      try {
        const read = async () =>
          BigInt((await other.query(`SELECT "version" FROM "catalog_version"`)).rows[0].version);
        const before = await read();
        let inside = -1n;
        await prisma.$transaction(async (tx) => {
          await tx.kfunc.updateMany({ where: { name: "bpf_cpumask_create" }, data: { subsystem: "again" } });
          inside = await read();
        });
        expect(inside).toBe(before);
        expect(await read()).toBe(before + 1n);
      } finally {
        await other.end();
      }
    },
  );
});
