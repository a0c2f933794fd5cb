// History that cannot be rewritten, rate limits and token bookkeeping, on a real database
// (PostgreSQL when DATABASE_URL is set, else PGlite), as the app's own role and as the owner.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as decideRoute } from "../app/api/v1/proposals/[id]/decision/route";
import { POST as fileRoute } from "../app/api/v1/proposals/route";
import { authFor, SIGN_IN_LIMIT } from "../lib/auth/server";
import { APP_ROLE } from "../lib/db/connect";
import { addUser, CLI_OPERATOR, createToken, listTokens } from "../lib/governance/accounts";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { setUpTestDatabase } from "./test-db";

const database = setUpTestDatabase();
const db = () => database.get();
let carol = "";
let mia = "";

type Route = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

async function post(route: Route, params: Record<string, string>, body: unknown, token: string) {
  const response = await route(
    new Request("http://127.0.0.1/api", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve(params) as never },
  );
  return { status: response.status, json: await response.json() };
}

beforeAll(async () => {
  await loadCatalogData(db().prisma, path.join(import.meta.dirname, "fixtures", "catalog"));
  await addUser(db().prisma, CLI_OPERATOR, {
    email: "carol@example.org",
    role: "contributor",
    password: "correct horse battery",
  });
  await addUser(db().prisma, CLI_OPERATOR, {
    email: "mia@example.org",
    role: "maintainer",
    password: "correct horse battery",
  });
  carol = (await createToken(db().prisma, CLI_OPERATOR, { email: "carol@example.org", scopes: ["propose"] }))
    .token;
  mia = (await createToken(db().prisma, CLI_OPERATOR, { email: "mia@example.org", scopes: ["decide"] }))
    .token;
  // One decided proposal, with its comment-free history: a decision, an event, audit rows.
  const filed = await post(
    fileRoute,
    {},
    {
      kfunc: "bpf_task_acquire",
      kind: "PROMOTE",
      rationale: "In production.",
      evidence: ["https://example.org/p"],
    },
    carol,
  );
  const decided = await post(
    decideRoute,
    { id: String(filed.json.id) },
    { outcome: "APPROVED", reason: "ok" },
    mia,
  );
  expect(decided.status).toBe(201);
  await db().prisma.proposalComment.create({
    data: { proposalId: filed.json.id, authorId: (await db().prisma.user.findFirstOrThrow()).id, body: "+1" },
  });
});

const REWRITES = [
  `UPDATE "decision" SET "reason" = 'rewritten'`,
  `DELETE FROM "decision"`,
  `TRUNCATE "decision"`,
  `UPDATE "proposal_comment" SET "body" = 'rewritten'`,
  `DELETE FROM "proposal_comment"`,
  `TRUNCATE "proposal_comment"`,
  `UPDATE "audit_log" SET "actor" = 'someone else'`,
  `DELETE FROM "audit_log"`,
  `TRUNCATE "audit_log"`,
  `TRUNCATE "violation_ack"`,
  `UPDATE "proposal" SET "status" = 'OPEN', "closed_at" = NULL`,
  `UPDATE "proposal" SET "rationale" = 'rewritten'`,
  `DELETE FROM "proposal"`,
  `TRUNCATE "lifecycle_event" CASCADE`,
  `TRUNCATE "kfunc" CASCADE`,
  `DELETE FROM "lifecycle_event"`,
];

async function counts() {
  const [row] = await db().raw.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM decision) AS decisions, (SELECT count(*)::int FROM proposal_comment) AS comments,
            (SELECT count(*)::int FROM audit_log) AS audit, (SELECT count(*)::int FROM lifecycle_event) AS events,
            (SELECT count(*)::int FROM proposal WHERE status = 'APPROVED') AS approved,
            (SELECT string_agg(reason, ',') FROM decision) AS reasons`,
  );
  return row;
}

describe("history cannot be rewritten", () => {
  it.each(REWRITES)("the app's role (%s) is refused", async (sql) => {
    const [who] = await db().raw.query<{ current_user: string }>("SELECT current_user");
    expect(who?.current_user).toBe(APP_ROLE);
    const before = await counts();
    await expect(db().raw.exec(sql)).rejects.toThrow(/permission denied|append-only|closed/);
    expect(await counts()).toEqual(before);
  });

  it.each(REWRITES)("the owner (%s) is refused by the triggers too", async (sql) => {
    const before = await counts();
    await db().raw.exec("SET ROLE NONE");
    try {
      await expect(db().raw.exec(sql)).rejects.toThrow(/append-only|closed/);
    } finally {
      await db().raw.exec(`SET ROLE "${APP_ROLE}"`);
    }
    expect(await counts()).toEqual(before);
  });

  it("the app's role owns no table, so it can neither drop one nor switch a trigger off", async () => {
    await expect(db().raw.exec(`ALTER TABLE "decision" DISABLE TRIGGER ALL`)).rejects.toThrow(/owner/);
    await expect(db().raw.exec(`DROP TABLE "audit_log"`)).rejects.toThrow(/owner/);
    const owned = await db().raw.query(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user",
    );
    expect(owned).toEqual([]);
  });
});

describe("rate limits", () => {
  const signIn = (headers: Record<string, string> = {}) =>
    authFor(db().prisma).handler(
      new Request("http://127.0.0.1:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: "http://127.0.0.1:3000",
          host: "127.0.0.1:3000",
          ...headers,
        },
        body: JSON.stringify({ email: "carol@example.org", password: "wrong password!" }),
      }),
    );

  it("sign-in answers 429 after the limit, and a forged X-Forwarded-For does not get around it", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_LIMIT.max + 2; i++) {
      statuses.push((await signIn({ "x-forwarded-for": `203.0.113.${i}` })).status);
    }
    expect(statuses.slice(0, SIGN_IN_LIMIT.max).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(SIGN_IN_LIMIT.max)).toEqual([429, 429]);
    const limited = await signIn();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-retry-after")).toBeTruthy();
  });

  it("never limits the session lookup every page makes (a shared bucket would lock all visitors out)", async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 120; i++) {
      const answer = await authFor(db().prisma).handler(
        new Request("http://127.0.0.1:3000/api/auth/get-session", { headers: { host: "127.0.0.1:3000" } }),
      );
      statuses.add(answer.status);
    }
    expect([...statuses]).toEqual([200]);
  });

  it("an API token answers 429 past its limit, and records when it was last used", async () => {
    const made = await createToken(db().prisma, CLI_OPERATOR, {
      email: "carol@example.org",
      scopes: ["propose"],
    });
    await db().raw.exec("SET ROLE NONE");
    await db().raw.query(`UPDATE "api_key" SET "rate_limit_max" = 2 WHERE "id" = $1`, [made.id]);
    await db().raw.exec(`SET ROLE "${APP_ROLE}"`);
    const body = { kfunc: "bbr_main", kind: "PROMOTE", rationale: "x" }; // refused for lack of evidence: 400
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(fileRoute, {}, body, made.token)).status);
    expect(statuses).toEqual([400, 400, 429]);
    const listed = (await listTokens(db().prisma)).find((t) => t.id === made.id);
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(listed)).not.toContain(made.token);
  });

  it("tokens are stored hashed: the database never holds the token itself", async () => {
    const made = await createToken(db().prisma, CLI_OPERATOR, {
      email: "mia@example.org",
      scopes: ["decide"],
    });
    const rows = await db().raw.query<{ key: string }>(`SELECT "key" FROM "api_key"`);
    expect(rows.some((r) => r.key === made.token || r.key.includes(made.token.slice(4)))).toBe(false);
  });
});
