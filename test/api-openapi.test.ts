// GET /api/openapi.json: generated from the zod schemas the routes validate with, and covering
// every route handler under app/api and app/feeds.
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getOpenApi } from "../app/api/openapi.json/route";
import { GET as listKfuncs } from "../app/api/v1/kfuncs/route";
import { ENDPOINTS } from "../lib/api/endpoints";
import { INGEST_BODY_LIMIT } from "../lib/api/mutation-schemas";
import { buildOpenApiDocument, type OpenApiDocument } from "../lib/api/openapi";
import { EVENT_KINDS, eventListQuery, kfuncListQuery, MAX_PAGE_SIZE } from "../lib/api/params";
import { callRoute } from "../lib/api/testing/call-route";
import { ROLES, roleAllows } from "../lib/governance/roles";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { LIFECYCLE_STATES } from "../lib/lifecycle/states";
import { setUpTestDatabase } from "./test-db";

const ROOT = path.join(import.meta.dirname, "..");
const database = setUpTestDatabase();
beforeAll(async () => {
  await loadCatalogData(database.get().prisma, path.join(import.meta.dirname, "fixtures", "catalog"));
});

let doc: OpenApiDocument;
beforeAll(async () => {
  const answer = await callRoute(getOpenApi, "/api/openapi.json");
  expect(answer.status).toBe(200);
  doc = answer.json();
});

/** Route files under app/, as their folder path relative to app/. */
function routeFolders(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, "app", dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...routeFolders(rel));
    else if (/^route\.tsx?$/.test(entry.name)) out.push(dir);
  }
  return out;
}

// Each route handler and the documented path it serves.
const ROUTES: Record<string, string> = {
  "api/v1/kfuncs": "/api/v1/kfuncs",
  "api/v1/kfuncs/[name]": "/api/v1/kfuncs/{name}",
  "api/v1/releases": "/api/v1/releases",
  "api/v1/releases/[tag]/changes": "/api/v1/releases/{tag}/changes",
  "api/v1/releases/[tag]/header": "/api/v1/releases/{tag}/header",
  "api/v1/check": "/api/v1/check",
  "api/v1/events": "/api/v1/events",
  "api/openapi.json": "/api/openapi.json",
  "api/v1/ingest": "/api/v1/ingest",
  "api/v1/proposals": "/api/v1/proposals",
  "api/v1/proposals/[id]/decision": "/api/v1/proposals/{id}/decision",
  "api/v1/proposals/[id]/comments": "/api/v1/proposals/{id}/comments",
  "api/v1/proposals/[id]/withdraw": "/api/v1/proposals/{id}/withdraw",
  "api/v1/kfuncs/[name]/dependents": "/api/v1/kfuncs/{name}/dependents",
  "api/v1/violations/[id]/acknowledge": "/api/v1/violations/{id}/acknowledge",
  // better-auth's own sign-in, sign-up and sign-out: how a session is made, not an API endpoint.
  "api/auth/[...all]": "",
  "feeds/events.atom": "/feeds/events.atom",
  "feeds/kfuncs/[file]": "/feeds/kfuncs/{name}.atom",
  "feeds/queue.atom": "/feeds/queue.atom",
  // The JSON 404 for any other /api path: not an endpoint.
  "api/[...path]": "",
};

const param = (p: string, name: string) =>
  doc.paths[p]?.get?.parameters.find((x) => x.name === name) ?? expect.fail(`${p} has no parameter ${name}`);

describe("GET /api/openapi.json", () => {
  it("is an OpenAPI 3.1 document for this server, cacheable", async () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toMatch(/kfunc/);
    expect(doc.servers).toEqual([{ url: "http://127.0.0.1" }]);
    expect(doc).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument("http://127.0.0.1"))));
    const answer = await callRoute(getOpenApi, "/api/openapi.json");
    expect(answer.headers.get("cache-control")).toBe("public, max-age=60");
    const etag = answer.headers.get("etag") as string;
    expect(
      (await callRoute(getOpenApi, "/api/openapi.json", { headers: { "If-None-Match": etag } })).status,
    ).toBe(304);
  });

  it("documents every route handler, and nothing that does not exist", () => {
    const folders = [...routeFolders("api"), ...routeFolders("feeds")].sort();
    expect(folders).toEqual(Object.keys(ROUTES).sort());
    const documented = Object.values(ROUTES).filter(Boolean).sort();
    expect(Object.keys(doc.paths).sort()).toEqual(documented);
    expect(ENDPOINTS.map((e) => e.path).sort()).toEqual(documented);
  });

  it("takes its parameters from the zod schemas the routes validate with", () => {
    expect(doc.paths["/api/v1/kfuncs"]?.get?.parameters.map((p) => p.name)).toEqual(
      Object.keys(kfuncListQuery.shape),
    );
    expect(doc.paths["/api/v1/events"]?.get?.parameters.map((p) => p.name)).toEqual(
      Object.keys(eventListQuery.shape),
    );
    expect(param("/api/v1/kfuncs", "state").schema.enum).toEqual([...LIFECYCLE_STATES]);
    expect(param("/api/v1/kfuncs", "state").description).toMatch(/case-insensitive/);
    expect(param("/api/v1/kfuncs", "pageSize").schema).toMatchObject({
      type: "integer",
      maximum: MAX_PAGE_SIZE,
      default: 50,
    });
    expect(param("/api/v1/kfuncs", "sort").schema.enum).toContain("lastSeen.desc");
    expect(param("/api/v1/events", "kind").schema.enum).toEqual([...EVENT_KINDS]);
    expect(param("/api/v1/events", "since").schema.anyOf).toEqual([
      expect.objectContaining({ format: "date" }),
      expect.objectContaining({ format: "date-time" }),
    ]);
    expect(param("/api/v1/kfuncs/{name}", "name")).toMatchObject({ in: "path", required: true });
    expect(param("/api/v1/releases/{tag}/changes", "vs")).toMatchObject({ in: "query", required: false });
    expect(param("/feeds/kfuncs/{name}.atom", "name")).toMatchObject({ in: "path", required: true });
  });

  it("describes responses with components whose references all resolve", () => {
    const refs = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
          if (k === "$ref" && typeof x === "string") refs.add(x);
          else walk(x);
        }
      }
    };
    walk(doc);
    expect(refs.size).toBeGreaterThan(5);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split("/").pop() as string], ref).toBeDefined();
    }
    const list = doc.paths["/api/v1/kfuncs"]?.get?.responses;
    expect(list?.[200]?.content).toEqual({
      "application/json": { schema: { $ref: "#/components/schemas/KfuncList" } },
    });
    expect(Object.keys(list ?? {}).sort()).toEqual(["200", "304", "400", "500"]);
    expect(Object.keys(doc.paths["/api/v1/kfuncs/{name}"]?.get?.responses ?? {})).toContain("404");
    expect(doc.paths["/feeds/events.atom"]?.get?.responses[200]?.content).toHaveProperty([
      "application/atom+xml; charset=utf-8",
    ]);
    expect(doc.components.schemas.LifecycleState?.enum).toEqual([...LIFECYCLE_STATES]);
  });

  it("documents the check as a POST taking JSON or a multipart upload, never cached", () => {
    const check = doc.paths["/api/v1/check"];
    expect(check?.get).toBeUndefined();
    expect(Object.keys(check?.post?.requestBody?.content ?? {}).sort()).toEqual([
      "application/json",
      "multipart/form-data",
    ]);
    expect(check?.post?.requestBody?.content["multipart/form-data"]?.schema).toEqual({
      $ref: "#/components/schemas/CheckMultipartRequest",
    });
    expect(Object.keys(check?.post?.responses ?? {}).sort()).toEqual(["200", "400", "500"]);
    expect(doc.components.schemas.CheckReport).toBeDefined();
    expect(doc.components.schemas.ProbeReport).toBeDefined();
  });

  it("lists exactly the fields the API answers with", async () => {
    const { data } = (await callRoute(listKfuncs, "/api/v1/kfuncs?q=bpf_task_acquire")).json();
    const documented = doc.components.schemas.KfuncSummary?.properties as Record<string, unknown>;
    expect(Object.keys(data[0]).sort()).toEqual(Object.keys(documented).sort());
    expect(doc.components.schemas.KfuncSummary?.required).toEqual(Object.keys(documented));
  });

  it("refuses parameters", async () => {
    expect((await callRoute(getOpenApi, "/api/openapi.json?format=yaml")).status).toBe(400);
  });

  it("documents every mutating route handler with the permission it requires, as its security", async () => {
    const mutating: string[] = [];
    for (const [folder, documented] of Object.entries(ROUTES)) {
      if (!documented) continue;
      const module = (await import(path.join(ROOT, "app", folder, "route.ts"))) as Record<string, unknown>;
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const handler = module[method] as ({ requires?: string } & object) | undefined;
        if (!handler) continue;
        const operation = doc.paths[documented]?.[method.toLowerCase() as "post"];
        expect(operation, `${method} ${documented}`).toBeDefined();
        // The document says what the handler enforces, and nothing it does not.
        expect(operation?.["x-requires"], `${method} ${documented}`).toBe(handler.requires);
        if (!handler.requires) {
          expect(operation?.security).toBeUndefined();
          continue;
        }
        mutating.push(`${method} ${documented}`);
        expect(operation?.security).toEqual([
          { bearerAuth: [handler.requires] },
          { cookieAuth: ROLES.filter((role) => roleAllows(role, handler.requires as "propose")) },
        ]);
        expect(Object.keys(operation?.responses ?? {})).toEqual(
          expect.arrayContaining(["401", "403", "500"]),
        );
      }
    }
    // Every operation that requires something has a handler that requires the same.
    const documentedWrites = Object.entries(doc.paths).flatMap(([p, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => op?.["x-requires"])
        .map(([m]) => `${m.toUpperCase()} ${p}`),
    );
    expect(documentedWrites.sort()).toEqual(mutating.sort());
    expect(mutating.sort()).toEqual([
      "POST /api/v1/ingest",
      "POST /api/v1/kfuncs/{name}/dependents",
      "POST /api/v1/proposals",
      "POST /api/v1/proposals/{id}/comments",
      "POST /api/v1/proposals/{id}/decision",
      "POST /api/v1/proposals/{id}/withdraw",
      "POST /api/v1/violations/{id}/acknowledge",
    ]);
  });

  it("describes the bearer token and the session cookie as security schemes", () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({
      type: "apiKey",
      in: "cookie",
      name: "better-auth.session_token",
    });
    // Reading stays open to anyone.
    expect(doc.paths["/api/v1/kfuncs"]?.get?.security).toBeUndefined();
    expect(doc.paths["/api/v1/check"]?.post?.security).toBeUndefined();
  });

  it("takes the write bodies from the governance module's input schemas, less what the path names", () => {
    const body = (p: string) => doc.paths[p]?.post?.requestBody?.content["application/json"]?.schema;
    const properties = (name: string) => Object.keys(doc.components.schemas[name]?.properties ?? {}).sort();
    expect(body("/api/v1/proposals/{id}/decision")).toEqual({ $ref: "#/components/schemas/DecisionRequest" });
    expect(properties("DecisionRequest")).toEqual(["outcome", "reason"]);
    const decision = doc.components.schemas.DecisionRequest as {
      properties: Record<string, { enum?: string[] }>;
    };
    expect(decision.properties.outcome?.enum).toEqual(["APPROVED", "REJECTED"]);
    expect(properties("ProposalRequest")).toEqual(
      expect.arrayContaining(["kfunc", "kind", "rationale", "evidence", "removalEarliest"]),
    );
    expect(properties("CommentRequest")).toEqual(["body"]);
    expect(properties("DependentRequest")).toEqual(["project", "url"]);
    expect(properties("AcknowledgementRequest")).toEqual(["note"]);
    expect(doc.paths["/api/v1/proposals/{id}/withdraw"]?.post?.requestBody).toBeUndefined();
    expect(doc.paths["/api/v1/proposals/{id}/decision"]?.post?.parameters).toEqual([
      expect.objectContaining({ name: "id", in: "path", required: true }),
    ]);
    expect(Object.keys(doc.paths["/api/v1/proposals"]?.post?.responses ?? {})).toContain("201");
  });

  it("documents the ingest: a release snapshot with replace, capped in size", () => {
    const ingest = doc.paths["/api/v1/ingest"]?.post;
    expect(ingest?.requestBody?.content["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/IngestRequest",
    });
    const request = doc.components.schemas.IngestRequest as {
      properties: Record<string, { default?: unknown }>;
    };
    expect(Object.keys(request.properties).sort()).toEqual(
      ["kfuncs", "origin", "release", "replace", "sourceKind", "sourceRef"].sort(),
    );
    expect(request.properties.replace?.default).toBe(false);
    expect(Object.keys(ingest?.responses ?? {}).sort()).toEqual(
      ["200", "400", "401", "403", "404", "409", "413", "429", "500"].sort(),
    );
    expect(ingest?.description).toContain(`${INGEST_BODY_LIMIT / 1024 / 1024} MiB`);
  });
});
