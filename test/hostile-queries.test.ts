// Fuzzing every read route's query string and path (lib/api/endpoints.ts ENDPOINTS), on a real
// database loaded with the fixture catalog: hostile and random values must never be a 500. A bad
// value is a 400 whose issues name the parameter sent; an unknown name in the path is a 404.
// Fixed seeds in the test names; FUZZ_SEED=<n> FUZZ_RUNS=<cases per route> explore further.
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as openApi } from "../app/api/openapi.json/route";
import { POST as checkRoute } from "../app/api/v1/check/route";
import { GET as listEvents } from "../app/api/v1/events/route";
import { GET as getKfuncRoute } from "../app/api/v1/kfuncs/[name]/route";
import { GET as listKfuncs } from "../app/api/v1/kfuncs/route";
import { GET as releaseChanges } from "../app/api/v1/releases/[tag]/changes/route";
import { GET as releaseHeader } from "../app/api/v1/releases/[tag]/header/route";
import { GET as listReleases } from "../app/api/v1/releases/route";
import { GET as eventsFeed } from "../app/feeds/events.atom/route";
import { GET as kfuncFeed } from "../app/feeds/kfuncs/[file]/route";
import { GET as queueFeed } from "../app/feeds/queue.atom/route";
import { ENDPOINTS, type Endpoint } from "../lib/api/endpoints";
import { callRoute, type RouteAnswer } from "../lib/api/testing/call-route";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { fuzzSeed, HOSTILE_STRINGS, hostileString, queryComponent } from "../lib/security/testing/hostile";
import { toWellFormed } from "../lib/util/text";
import { setUpTestDatabase } from "./test-db";

const database = setUpTestDatabase();
beforeAll(async () => {
  await loadCatalogData(database.get().prisma, path.join(import.meta.dirname, "fixtures", "catalog"));
});

/** Cases per route: a few hundred by default (each one reads the database), FUZZ_RUNS to explore. */
const RUNS = Number(process.env.FUZZ_RUNS) || 250;

// biome-ignore lint/suspicious/noExplicitAny: the handlers' parameter types differ; each is called as Next calls it
type AnyHandler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;

/** How to call each endpoint: its handler and the route parameters for a value of its path parameter. */
const ROUTES: Record<string, { handler: AnyHandler; params: (value: string) => object; valid: string }> = {
  "/api/v1/kfuncs": { handler: listKfuncs, params: () => ({}), valid: "" },
  "/api/v1/kfuncs/{name}": {
    handler: getKfuncRoute,
    params: (name) => ({ name }),
    valid: "bpf_task_acquire",
  },
  "/api/v1/releases": { handler: listReleases, params: () => ({}), valid: "" },
  "/api/v1/releases/{tag}/changes": { handler: releaseChanges, params: (tag) => ({ tag }), valid: "v6.18" },
  "/api/v1/releases/{tag}/header": { handler: releaseHeader, params: (tag) => ({ tag }), valid: "v6.18" },
  "/api/v1/check": { handler: checkRoute, params: () => ({}), valid: "" },
  "/api/v1/events": { handler: listEvents, params: () => ({}), valid: "" },
  "/api/openapi.json": { handler: openApi, params: () => ({}), valid: "" },
  "/feeds/events.atom": { handler: eventsFeed, params: () => ({}), valid: "" },
  "/feeds/queue.atom": { handler: queueFeed, params: () => ({}), valid: "" },
  "/feeds/kfuncs/{name}.atom": {
    handler: kfuncFeed,
    params: (name) => ({ file: `${name}.atom` }),
    valid: "bpf_task_acquire",
  },
};

const route = (endpoint: Endpoint) => {
  const found = ROUTES[endpoint.path];
  if (!found) throw new Error(`no handler named for ${endpoint.path}: add it to ROUTES`);
  return found;
};

async function call(endpoint: Endpoint, query: string, pathValue?: string): Promise<RouteAnswer> {
  const { handler, params, valid } = route(endpoint);
  const value = pathValue ?? valid;
  const url = `${endpoint.path.replace(/\{\w+\}/, encodeURIComponent(toWellFormed(value)))}${query}`;
  if (endpoint.method === "post") {
    // The check: a valid body, so that only the query is on trial.
    const request = new Request(new URL(url, "http://127.0.0.1"), {
      method: "POST",
      body: JSON.stringify({ names: ["bpf_task_acquire"] }),
      headers: { "content-type": "application/json" },
    });
    const response = await handler(request, { params: Promise.resolve(params(value)) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
  }
  return callRoute(handler, url, { params: params(value) });
}

/** The keys a query string holds, as the server decodes them. */
const keysOf = (query: string) => new Set(new URLSearchParams(query.split("#")[0]).keys());

/** The property every answer must have; returns what went wrong, or null. */
function judge(endpoint: Endpoint, query: string, answer: RouteAnswer, pathIsValid: boolean): string | null {
  const allowed = [200, 304, 400, ...(endpoint.errors.includes(404) || !pathIsValid ? [404] : [])];
  if (!allowed.includes(answer.status)) return `status ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (answer.status === 400) {
    const body = answer.json();
    if (body.error?.code !== "bad_request") return `400 without bad_request: ${answer.text.slice(0, 300)}`;
    const issues: { param: string; message: string }[] = body.error.issues ?? [];
    if (issues.length === 0) return `400 naming no parameter: ${answer.text.slice(0, 300)}`;
    const sent = keysOf(query);
    for (const issue of issues) {
      if (!sent.has(issue.param)) return `400 naming ${JSON.stringify(issue.param)}, which was not sent`;
      if (!issue.message) return `400 with an empty message for ${issue.param}`;
    }
  }
  return null;
}

const queryKeys = (endpoint: Endpoint) => Object.keys(endpoint.query.shape);
/** The reads, and the check (a POST anyone may send); the governed writes are hostile-governance.test.ts's. */
const FUZZED = ENDPOINTS.filter((e) => e.method !== "post" || e.path === "/api/v1/check");
const GET_ENDPOINTS = FUZZED;

describe("every endpoint has a handler here", () => {
  it("names one for each entry of ENDPOINTS", () => {
    for (const endpoint of FUZZED) expect(() => route(endpoint), endpoint.path).not.toThrow();
  });
});

describe("each documented query parameter, given each hostile value", () => {
  for (const endpoint of GET_ENDPOINTS) {
    const keys = queryKeys(endpoint);
    if (keys.length === 0) continue;
    it(`${endpoint.path}: ${keys.join(", ")} answer 200, or 400 naming the parameter`, async () => {
      for (const key of keys) {
        for (const value of HOSTILE_STRINGS) {
          const query = `?${new URLSearchParams([[key, value]])}`;
          const answer = await call(endpoint, query);
          const problem = judge(endpoint, query, answer, true);
          expect(problem, `${endpoint.path}${query.slice(0, 80)}`).toBeNull();
          // A value this route cannot take names this parameter, and only it.
          if (answer.status === 400)
            expect(answer.json().error.issues, query.slice(0, 80)).toEqual([
              { param: key, message: expect.any(String) },
            ]);
        }
        // Given twice: refused, naming it.
        const twice = `?${key}=a&${key}=b`;
        const answer = await call(endpoint, twice);
        expect(answer.status, twice).toBe(400);
        expect(answer.json().error.issues).toContainEqual({ param: key, message: "given more than once" });
      }
    });
  }
});

describe("unknown parameters, Object.prototype's names included, are named as unknown", () => {
  for (const endpoint of GET_ENDPOINTS.filter((e) => e.tag !== "feeds")) {
    it(endpoint.path, async () => {
      for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty", "colour", "%00", "a b"]) {
        const query = `?${new URLSearchParams([[key, "1"]])}`;
        const answer = await call(endpoint, query);
        expect(answer.status, query).toBe(400);
        expect(answer.json().error.issues, query).toEqual([{ param: key, message: "unknown parameter" }]);
      }
    });
  }
});

describe("random query strings", () => {
  FUZZED.forEach((endpoint, index) => {
    const seed = fuzzSeed(1100 + index);
    // The feeds take no query parameters and read the most: fewer cases.
    const runs = endpoint.tag === "feeds" && !process.env.FUZZ_RUNS ? 60 : RUNS;
    it(`${endpoint.path} never answers 500 (seed ${seed}, ${runs} cases)`, async () => {
      const keys = queryKeys(endpoint);
      const key = fc.oneof(
        { weight: 3, arbitrary: keys.length ? fc.constantFrom(...keys) : fc.constant("q") },
        { weight: 1, arbitrary: hostileString(20) },
      );
      const pair = fc.tuple(queryComponent(key), queryComponent(hostileString()));
      const query = fc
        .array(pair, { maxLength: 5 })
        .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}` : ""));
      const pathValue = endpoint.pathParams
        ? fc.oneof({ weight: 3, arbitrary: fc.constant(route(endpoint).valid) }, hostileString(300))
        : fc.constant(undefined);
      await fc.assert(
        fc.asyncProperty(query, pathValue, async (q, value) => {
          const answer = await call(endpoint, q, value);
          const problem = judge(endpoint, q, answer, value === undefined || value === route(endpoint).valid);
          if (problem) throw new Error(problem);
        }),
        { seed, numRuns: runs },
      );
    });
  });
});
