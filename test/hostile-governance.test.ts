// Hostile input to every governance write (lib/governance/proposals.ts through its routes), with a
// real account and API token on a real database: HTML and SQL in a text field are stored exactly as
// given; what PostgreSQL cannot store as given (NUL, half a surrogate pair) and out-of-range ids are
// a 400 naming the field; bodies over the limit are a 413, announced or not; never a 500.
// Fixed seeds in the test names; FUZZ_SEED=<n> FUZZ_RUNS=<cases per route> explore further.
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as dependentRoute } from "../app/api/v1/kfuncs/[name]/dependents/route";
import { POST as commentRoute } from "../app/api/v1/proposals/[id]/comments/route";
import { POST as decideRoute } from "../app/api/v1/proposals/[id]/decision/route";
import { POST as withdrawRoute } from "../app/api/v1/proposals/[id]/withdraw/route";
import { POST as fileRoute } from "../app/api/v1/proposals/route";
import { POST as ackRoute } from "../app/api/v1/violations/[id]/acknowledge/route";
import { addUser, CLI_OPERATOR, createToken } from "../lib/governance/accounts";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { fuzzSeed, HOSTILE_STRINGS, hostileString } from "../lib/security/testing/hostile";
import { setUpTestDatabase } from "./test-db";

const database = setUpTestDatabase();
const prisma = () => database.get().prisma;

/**
 * A token acts within its rate limit (TOKEN_LIMIT, 120 requests a minute): the fuzzing sends more,
 * so each role's token is replaced after 100 uses.
 */
const tokens = { propose: { token: "", uses: 0 }, decide: { token: "", uses: 0 } };
async function tokenFor(scope: "propose" | "decide"): Promise<string> {
  const slot = tokens[scope];
  if (!slot.token || slot.uses >= 100) {
    slot.token = (
      await createToken(prisma(), CLI_OPERATOR, { email: "eve@example.org", scopes: [scope] })
    ).token;
    slot.uses = 0;
  }
  slot.uses++;
  return slot.token;
}
const PROPOSER = "propose";
const DECIDER = "decide";

beforeAll(async () => {
  await loadCatalogData(prisma(), path.join(import.meta.dirname, "fixtures", "catalog"));
  await addUser(prisma(), CLI_OPERATOR, {
    email: "eve@example.org",
    role: "maintainer",
    password: "correct horse battery",
  });
});

const RUNS = Number(process.env.FUZZ_RUNS) || 150;
const HOSTILE = "<script>alert(1)</script>' OR 1=1 -- \"; DROP TABLE proposal; -- ../../etc/passwd %_\\";

// biome-ignore lint/suspicious/noExplicitAny: each route has its own params type
type AnyRoute = (request: Request, context: { params: Promise<any> }) => Promise<Response>;

interface Answer {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely and asserted on
  json: () => any;
}

async function send(
  route: AnyRoute,
  params: object,
  body: string,
  { scope = PROPOSER as "propose" | "decide", headers = {} as Record<string, string> } = {},
): Promise<Answer> {
  const token = await tokenFor(scope);
  const request = new Request("http://127.0.0.1/api/v1/governance-test", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
    body,
  });
  const response = await route(request, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}

const post = (route: AnyRoute, params: object, body: unknown, scope: "propose" | "decide" = PROPOSER) =>
  send(route, params, JSON.stringify(body), { scope });

async function fileProposal(rationale: string, kfunc = "bpf_cpumask_create"): Promise<number> {
  const answer = await post(
    fileRoute,
    {},
    {
      kfunc,
      kind: "PROMOTE",
      rationale,
      evidence: ["https://example.org/?q=<script>"],
    },
  );
  expect(answer.status, answer.text).toBe(201);
  return answer.json().id;
}

describe("HTML and SQL in text fields", () => {
  it("are stored exactly as given, in every text field", async () => {
    const id = await fileProposal(HOSTILE);
    const comment = await post(commentRoute, { id: String(id) }, { body: HOSTILE });
    expect(comment.status, comment.text).toBe(201);
    const dependent = await post(
      dependentRoute,
      { name: "bpf_cpumask_create" },
      { project: HOSTILE, url: "" },
    );
    expect(dependent.status, dependent.text).toBe(201);
    const decision = await post(
      decideRoute,
      { id: String(id) },
      { outcome: "REJECTED", reason: HOSTILE },
      DECIDER,
    );
    expect(decision.status, decision.text).toBe(201);

    const stored = await prisma().proposal.findUniqueOrThrow({
      where: { id },
      include: { comments: true, decision: true },
    });
    expect(stored.rationale).toBe(HOSTILE);
    expect(stored.comments.map((c) => c.body)).toEqual([HOSTILE]);
    expect(stored.decision?.reason).toBe(HOSTILE);
    expect(stored.evidence).toEqual(["https://example.org/?q=<script>"]);
    const project = await prisma().dependent.findUniqueOrThrow({ where: { id: dependent.json().id } });
    expect(project.project).toBe(HOSTILE);
    // And nothing else happened: the tables are all still there.
    expect(await prisma().proposal.count()).toBeGreaterThan(0);
  });

  it("text PostgreSQL cannot store as given is a 400 naming the field, never altered", async () => {
    for (const bad of ["a\u0000b", "a\ud800b", "\udc00"]) {
      const filed = await post(
        fileRoute,
        {},
        {
          kfunc: "bpf_cpumask_create",
          kind: "PROMOTE",
          rationale: bad,
          evidence: ["https://example.org/"],
        },
      );
      expect(filed.status, filed.text).toBe(400);
      expect(filed.json().error.message).toMatch(/^rationale: /);
      const dependent = await post(dependentRoute, { name: "bpf_cpumask_create" }, { project: bad });
      expect(dependent.status, dependent.text).toBe(400);
      expect(dependent.json().error.message).toMatch(/^project: /);
      const named = await post(dependentRoute, { name: bad }, { project: "p" });
      expect(named.status, named.text).toBe(400);
      expect(named.json().error.message).toMatch(/^kfunc: /);
    }
  });

  it("ids beyond what the database holds are a 400 naming them, or a 404", async () => {
    for (const id of ["2147483648", "9007199254740993", "1e20", "-1", "0", "1.5", "abc", "%00"]) {
      const comment = await post(commentRoute, { id }, { body: "hello" });
      expect(comment.status, `${id}: ${comment.text}`).toBe(400);
      expect(comment.json().error.message).toMatch(/^proposalId: /);
      const ack = await post(ackRoute, { id }, { note: "done" }, DECIDER);
      expect(ack.status, `${id}: ${ack.text}`).toBe(400);
      expect(ack.json().error.message).toMatch(/^eventId: /);
      const withdrawn = await post(withdrawRoute, { id }, {});
      expect(withdrawn.status, `${id}: ${withdrawn.text}`).toBe(404);
    }
  });
});

describe("bodies", () => {
  const big = JSON.stringify({
    kfunc: "bpf_cpumask_create",
    kind: "PROMOTE",
    rationale: "x".repeat(300 * 1024),
  });

  it("over the limit are a 413, whether announced or not", async () => {
    const sent = await send(fileRoute, {}, big);
    expect(sent.status, sent.text).toBe(413);
    expect(sent.json().error.code).toBe("payload_too_large");
    // A chunked body has no Content-Length: the limit holds while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 64; i++) controller.enqueue(new TextEncoder().encode("x".repeat(8192)));
        controller.close();
      },
    });
    const request = new Request("http://127.0.0.1/api/v1/proposals", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await tokenFor(PROPOSER)}` },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const streamed = await fileRoute(request, { params: Promise.resolve({}) });
    expect(streamed.status).toBe(413);
  });

  it("a huge declared Content-Length is a 413 before a byte is read", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const request = new Request("http://127.0.0.1/api/v1/proposals", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": String(8 * 2 ** 30),
        authorization: `Bearer ${await tokenFor(PROPOSER)}`,
      },
      body,
      duplex: "half",
    } as RequestInit);
    const answer = await fileRoute(request, { params: Promise.resolve({}) });
    expect(answer.status).toBe(413);
    // The stream's first pull happens when it is made; nothing past it was asked for.
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("of the wrong type, or not JSON, are a 400 that says so", async () => {
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "",
    ]) {
      const answer = await send(fileRoute, {}, "{}", { headers: { "content-type": type } });
      expect(answer.status, type).toBe(400);
      expect(answer.json().error.message).toMatch(/application\/json/);
    }
    for (const body of ["", "{", "\u0000", "[1,", '{"a":'.repeat(10_000), "\ud800"]) {
      const answer = await send(fileRoute, {}, body);
      expect(answer.status, JSON.stringify(body.slice(0, 20))).toBe(400);
    }
  });
});

describe("random bodies and ids", () => {
  const ROUTES: [string, AnyRoute, string, string[], string?][] = [
    [
      "POST /api/v1/proposals",
      fileRoute,
      "",
      ["kfunc", "kind", "rationale", "evidence", "replacement", "release", "removalEarliest"],
    ],
    ["POST /api/v1/proposals/{id}/comments", commentRoute, "id", ["body"]],
    ["POST /api/v1/proposals/{id}/decision", decideRoute, "id", ["outcome", "reason"], "decider"],
    ["POST /api/v1/proposals/{id}/withdraw", withdrawRoute, "id", []],
    ["POST /api/v1/kfuncs/{name}/dependents", dependentRoute, "name", ["project", "url"]],
    ["POST /api/v1/violations/{id}/acknowledge", ackRoute, "id", ["note"], "decider"],
  ];
  ROUTES.forEach(([label, route, param, fields, who], index) => {
    const seed = fuzzSeed(1300 + index);
    it(`${label} never answers 500 (seed ${seed}, ${RUNS} cases)`, async () => {
      const value = fc.oneof(
        { weight: 4, arbitrary: hostileString() },
        fc.array(hostileString(), { maxLength: 3 }),
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom(
          "PROMOTE",
          "DEPRECATE",
          "APPROVED",
          "v6.18",
          "https://example.org/x",
          "bpf_cpumask_create",
        ),
      );
      const body = fc.oneof(
        {
          weight: 4,
          arbitrary: fc.dictionary(fc.constantFrom(...fields, "extra", "__proto__"), value, { maxKeys: 8 }),
        },
        fc.jsonValue({ maxDepth: 3 }),
      );
      const pathValue = fc.oneof(
        fc.constantFrom("1", "2", "bpf_cpumask_create"),
        fc.integer().map(String),
        hostileString(40),
      );
      await fc.assert(
        fc.asyncProperty(body, pathValue, async (b, p) => {
          const answer = await post(route, param ? { [param]: p } : {}, b, who ? DECIDER : PROPOSER);
          if (![200, 201, 400, 404, 409].includes(answer.status)) {
            throw new Error(`status ${answer.status}: ${answer.text.slice(0, 300)}`);
          }
          if (answer.status === 400) expect(answer.json().error.message).toMatch(/\w/);
        }),
        { seed, numRuns: RUNS },
      );
    });
  });

  it("each hostile string in each field of a proposal: stored as given or a 400 naming the field", async () => {
    for (const value of HOSTILE_STRINGS) {
      const answer = await post(
        fileRoute,
        {},
        {
          kfunc: "bpf_task_acquire",
          kind: "PROMOTE",
          rationale: value,
          evidence: ["https://example.org/"],
        },
      );
      if (answer.status === 201) {
        const stored = await prisma().proposal.findUniqueOrThrow({ where: { id: answer.json().id } });
        expect(stored.rationale).toBe(value.trim());
        await post(withdrawRoute, { id: String(stored.id) }, {});
      } else {
        expect(answer.status, `${JSON.stringify(value.slice(0, 40))}: ${answer.text}`).toBe(400);
        expect(answer.json().error.message).toMatch(/^rationale: /);
      }
    }
  });
});
