// Two `next start` processes on one PostgreSQL database behind nginx (scripts/two-processes.ts):
// a decision and an ingest made through one are seen through the other at once, a session made on
// one works on the other, and the cached pages of both follow. Skips, saying why, without nginx,
// a production build or a PostgreSQL server on 127.0.0.1:5432. The build is the one in .next:
// run `npm run build` first, or this tests the last build.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { missingPrerequisite, runTwoProcesses } from "../scripts/two-processes";

const PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

async function postgresMissing(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return null;
  } catch (error) {
    return `no PostgreSQL server at ${PG_URL} (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

const missing = missingPrerequisite() ?? (await postgresMissing());
if (missing) console.warn(`two processes behind nginx: skipped, ${missing}`);

describe.skipIf(missing)("two app processes behind nginx", () => {
  it("agree at once on decisions, ingests, sessions and cached pages", { timeout: 240_000 }, async () => {
    const checks = await runTwoProcesses({ pgUrl: PG_URL, ports: { a: 3481, b: 3482, nginx: 3480 } });
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(14);
  });
});
