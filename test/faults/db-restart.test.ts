// PostgreSQL stopped and started again under the app's own database handle (acting as kfunc_app,
// as the web server does): while it is down every query fails as "unavailable" (a 503 with
// Retry-After through the API's error mapping), and once it is back both Prisma (the pg pool) and
// the raw session answer again, with no new handle. A throwaway cluster of its own; skipped when
// this machine has no PostgreSQL binaries. scripts/fault-db-restart.ts does the same to a running
// production server under load.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorToResponse } from "../../lib/api/http";
import { type Database, openDatabase } from "../../lib/db/connect";
import { readEnv } from "../../lib/db/env";
import { migrate } from "../../lib/db/migrate";
import { isDatabaseUnavailable } from "../../lib/db/unavailable";
import {
  canMakeThrowawayPostgres,
  makeThrowawayPostgres,
  type ThrowawayPostgres,
} from "./throwaway-postgres";

const available = canMakeThrowawayPostgres();

async function failure(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected the query to fail while the server is down");
}

/** The first success within `ms`, counting the failures before it. */
async function recovers(work: () => Promise<unknown>, ms = 10_000): Promise<number> {
  const deadline = Date.now() + ms;
  let failures = 0;
  for (;;) {
    try {
      await work();
      return failures;
    } catch (error) {
      failures++;
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe.skipIf(!available)("PostgreSQL stopped and restarted", () => {
  let cluster: ThrowawayPostgres;
  let db: Database;
  beforeAll(async () => {
    cluster = await makeThrowawayPostgres();
    const env = { ...readEnv(), databaseUrl: cluster.url };
    const owner = await openDatabase({ env });
    await migrate(owner.raw);
    await owner.close();
    db = await openDatabase({ env, asAppRole: true, role: "the test" });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    cluster?.destroy();
  });

  it("fails cleanly while down and recovers by itself", async () => {
    expect(await db.prisma.release.count()).toBe(0);
    expect(await db.raw.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);

    cluster.stop();
    for (const error of [
      await failure(() => db.prisma.release.count()),
      await failure(() => db.prisma.$transaction((tx) => tx.kfunc.findMany())),
      await failure(() => db.raw.query("SELECT 1")),
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
      const response = errorToResponse(error);
      expect(response.status).toBe(503);
      expect(response.headers.get("Retry-After")).toMatch(/^\d+$/);
      expect((await response.json()).error.code).toBe("unavailable");
    }

    cluster.start();
    expect(await recovers(() => db.prisma.release.count())).toBeLessThanOrEqual(1);
    expect(await recovers(() => db.raw.query("SELECT 1"))).toBeLessThanOrEqual(1);
    // Still acting as the app's role on the new connections.
    const [{ role }] = (await db.raw.query<{ role: string }>("SELECT current_user AS role")) as [
      { role: string },
    ];
    expect(role).toBe("kfunc_app");
    const viaPrisma = await db.prisma.$queryRawUnsafe<{ role: string }[]>("SELECT current_user AS role");
    expect(viaPrisma[0]?.role).toBe("kfunc_app");
  }, 60_000);
});
