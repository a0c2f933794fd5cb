// Authorization, enumerated from the code and from the OpenAPI document: every route handler that
// accepts a mutating method, and every server action, must declare the permission it requires (it
// is made by mutationHandler or governedAction). Anonymous gets 401, an under-privileged account
// 403, a cookie without this site's Origin 403, and nothing in the database changes. A new route or
// action without a check fails here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ENDPOINTS } from "../lib/api/endpoints";
import { authFor } from "../lib/auth/server";
import { addUser, CLI_OPERATOR, createToken } from "../lib/governance/accounts";
import { type Permission, roleAllows } from "../lib/governance/roles";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { setUpTestDatabase } from "./test-db";

// Server actions read the request's headers through next/headers; here they are the test's.
const requestHeaders = { current: new Headers() };
vi.mock("next/headers", () => ({ headers: async () => requestHeaders.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const ROOT = path.resolve(import.meta.dirname, "..");
const MUTATING = ["POST", "PUT", "PATCH", "DELETE"] as const;

/** Routes that accept a mutating method without a permission, and why. Keep this list short. */
const PUBLIC_MUTATIONS: Record<string, string> = {
  "app/api/auth/[...all]/route.ts":
    "better-auth's own sign-up, sign-in and sign-out (rate-limited, origin-checked)",
  "app/api/v1/check/route.ts": "computes a portability report from the upload; stores nothing",
};

function walk(dir: string, match: (file: string) => boolean): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (entry === "node_modules" || entry.startsWith(".")) return [];
    if (statSync(full).isDirectory()) return walk(full, match);
    return match(full) ? [path.relative(ROOT, full)] : [];
  });
}

const routeFiles = walk(path.join(ROOT, "app"), (f) => /\/route\.tsx?$/.test(f));
const actionFiles = [
  ...walk(path.join(ROOT, "app"), (f) => /\.tsx?$/.test(f)),
  ...walk(path.join(ROOT, "components"), (f) => /\.tsx?$/.test(f)),
  ...walk(path.join(ROOT, "lib"), (f) => /\.tsx?$/.test(f) && !f.includes("/generated/")),
].filter((f) => /^\s*["']use server["'];?/m.test(readFileSync(path.join(ROOT, f), "utf8")));

/** app/api/v1/proposals/[id]/decision/route.ts → /api/v1/proposals/{id}/decision */
const templateOf = (file: string) =>
  `/${path
    .dirname(file)
    .replace(/^app\//, "")
    .replace(/\[([^\]]+)\]/g, "{$1}")}`;

type Handler = ((
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>) & {
  requires?: Permission;
};
type Action = ((...args: unknown[]) => Promise<{ ok: boolean; status?: number }>) & { requires?: Permission };

const database = setUpTestDatabase();
const prisma = () => database.get().prisma;
const credentials: Record<"contributor" | "maintainer", { token: string; cookie: string }> = {
  contributor: { token: "", cookie: "" },
  maintainer: { token: "", cookie: "" },
};

beforeAll(async () => {
  await loadCatalogData(prisma(), path.join(import.meta.dirname, "fixtures", "catalog"));
  for (const role of ["contributor", "maintainer"] as const) {
    const email = `${role}@example.org`;
    await addUser(prisma(), CLI_OPERATOR, { email, role, password: "correct horse battery" });
    // A token with every scope: only the role can be what refuses.
    credentials[role].token = (
      await createToken(prisma(), CLI_OPERATOR, { email, scopes: ["propose", "decide", "ingest"] })
    ).token;
    const signIn = await authFor(prisma()).api.signInEmail({
      body: { email, password: "correct horse battery" },
      asResponse: true,
    });
    credentials[role].cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  }
});

/** Everything a refused request must leave as it was. */
async function snapshot() {
  const p = prisma();
  const [proposals, comments, decisions, dependents, acks, events, ingestions, presences, kfuncs] =
    await Promise.all([
      p.proposal.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true } }),
      p.proposalComment.count(),
      p.decision.count(),
      p.dependent.count(),
      p.violationAck.count(),
      p.lifecycleEvent.count(),
      p.ingestion.count(),
      p.kfuncRelease.count(),
      p.kfunc.findMany({ orderBy: { id: "asc" }, select: { name: true, state: true } }),
    ]);
  return JSON.stringify({
    proposals,
    comments,
    decisions,
    dependents,
    acks,
    events,
    ingestions,
    presences,
    kfuncs,
  });
}

const PARAMS: Record<string, string> = { id: "1", name: "bpf_task_acquire", tag: "v6.18" };
const SAMPLE_BODY = JSON.stringify({
  kfunc: "bpf_task_acquire",
  kind: "PROMOTE",
  rationale: "x",
  evidence: ["https://example.org"],
  outcome: "APPROVED",
  reason: "x",
  body: "x",
  project: "x",
  note: "x",
});

async function call(file: string, method: string, headers: Record<string, string>) {
  const module = (await import(path.join(ROOT, file))) as Record<string, Handler>;
  const handler = module[method] as Handler;
  const params = Object.fromEntries(
    [...file.matchAll(/\[([^\]]+)\]/g)].map((m) => [m[1] as string, PARAMS[m[1] as string] ?? "x"]),
  );
  const response = await handler(
    new Request(`http://127.0.0.1:3000${templateOf(file)}`, {
      method,
      headers: { "content-type": "application/json", host: "127.0.0.1:3000", ...headers },
      body: SAMPLE_BODY,
    }),
    { params: Promise.resolve(params) },
  );
  return { status: response.status, body: await response.text() };
}

describe("every mutating route handler", () => {
  const mutating = routeFiles.flatMap((file) => {
    const source = readFileSync(path.join(ROOT, file), "utf8");
    return MUTATING.filter((m) =>
      new RegExp(`export (const|async function|function) ${m}\\b`).test(source),
    ).map((method) => ({ file, method }));
  });

  it("is found (the enumeration itself works)", () => {
    expect(mutating.map((m) => m.file)).toEqual(
      expect.arrayContaining([
        "app/api/v1/proposals/route.ts",
        "app/api/v1/proposals/[id]/decision/route.ts",
      ]),
    );
  });

  it.each(mutating)(
    "$method $file declares its permission, or is a listed public route",
    async ({ file, method }) => {
      const module = (await import(path.join(ROOT, file))) as Record<string, Handler>;
      const requires = module[method]?.requires;
      if (PUBLIC_MUTATIONS[file]) {
        expect(requires, `${file} is listed as public`).toBeUndefined();
        return;
      }
      expect(
        requires,
        `${method} ${file} is not made by mutationHandler (lib/api/mutation.ts)`,
      ).toBeDefined();
    },
  );

  const governed = mutating.filter((m) => !PUBLIC_MUTATIONS[m.file]);

  it.each(governed)(
    "$method $file: anonymous 401, under-privileged 403, foreign cookie 403; nothing changes",
    async ({ file, method }) => {
      const module = (await import(path.join(ROOT, file))) as Record<string, Handler>;
      const requires = module[method]?.requires as Permission;
      const before = await snapshot();

      const anonymous = await call(file, method, {});
      expect(anonymous.status, anonymous.body).toBe(401);

      const badToken = await call(file, method, { authorization: "Bearer kfc_not_a_real_token" });
      expect(badToken.status, badToken.body).toBe(401);

      for (const role of ["contributor", "maintainer"] as const) {
        if (roleAllows(role, requires)) continue;
        const byToken = await call(file, method, { authorization: `Bearer ${credentials[role].token}` });
        expect(byToken.status, `${role} token: ${byToken.body}`).toBe(403);
        const byCookie = await call(file, method, {
          cookie: credentials[role].cookie,
          origin: "http://127.0.0.1:3000",
        });
        expect(byCookie.status, `${role} session: ${byCookie.body}`).toBe(403);
      }
      // A session cookie sent from another site, or with no Origin at all, is refused whatever the role.
      for (const origin of ["https://evil.example", undefined]) {
        const csrf = await call(file, method, {
          cookie: credentials.maintainer.cookie,
          ...(origin ? { origin } : {}),
        });
        expect(csrf.status, `cookie with origin ${origin}: ${csrf.body}`).toBe(403);
      }
      expect(await snapshot()).toBe(before);
    },
  );
});

describe("the OpenAPI document", () => {
  it("describes every governed route with the permission its handler requires", async () => {
    const documented = new Map(
      ENDPOINTS.filter((e) => e.method && e.method !== "get").map((e) => [
        `${e.method?.toUpperCase()} ${e.path}`,
        e,
      ]),
    );
    for (const file of routeFiles) {
      if (PUBLIC_MUTATIONS[file] && !file.includes("/v1/")) continue;
      const module = (await import(path.join(ROOT, file))) as Record<string, Handler>;
      for (const method of MUTATING) {
        const handler = module[method];
        if (!handler) continue;
        const endpoint = documented.get(`${method} ${templateOf(file)}`);
        expect(endpoint, `${method} ${templateOf(file)} is missing from lib/api/endpoints.ts`).toBeDefined();
        expect((endpoint as { requires?: Permission } | undefined)?.requires).toBe(handler.requires);
      }
    }
  });
});

describe("every server action", () => {
  it("is found (the enumeration itself works)", () => {
    expect(actionFiles).toContain("app/kfuncs/[name]/actions.ts");
  });

  it.each(actionFiles)(
    "%s: each action declares its permission and refuses anonymous and under-privileged callers",
    async (file) => {
      const module = (await import(path.join(ROOT, file))) as Record<string, Action>;
      const actions = Object.entries(module).filter(([, value]) => typeof value === "function");
      expect(actions.length).toBeGreaterThan(0);
      const before = await snapshot();
      const form = new FormData();
      for (const [key, value] of Object.entries(JSON.parse(SAMPLE_BODY) as Record<string, string>)) {
        form.set(key, String(value));
      }
      form.set("proposalId", "1");
      form.set("eventId", "1");
      form.set("dependentId", "1");
      for (const [name, action] of actions) {
        expect(
          action.requires,
          `${file}: ${name} is not made by governedAction (lib/auth/action.ts)`,
        ).toBeDefined();
        requestHeaders.current = new Headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" });
        expect(await action(null, form), `${name} anonymous`).toMatchObject({ ok: false, status: 401 });
        for (const role of ["contributor", "maintainer"] as const) {
          if (roleAllows(role, action.requires as Permission)) continue;
          requestHeaders.current = new Headers({
            host: "127.0.0.1:3000",
            origin: "http://127.0.0.1:3000",
            cookie: credentials[role].cookie,
          });
          expect(await action(null, form), `${name} as ${role}`).toMatchObject({ ok: false, status: 403 });
        }
        requestHeaders.current = new Headers({
          host: "127.0.0.1:3000",
          cookie: credentials.maintainer.cookie,
        });
        expect(await action(null, form), `${name} without Origin`).toMatchObject({ ok: false, status: 403 });
      }
      expect(await snapshot()).toBe(before);
    },
  );
});
