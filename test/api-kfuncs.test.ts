// Integration: GET /api/v1/kfuncs and /api/v1/kfuncs/{name} against a real database loaded with
// the fixture catalog (PostgreSQL server when DATABASE_URL is set, embedded PGlite otherwise).
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getKfuncRoute } from "../app/api/v1/kfuncs/[name]/route";
import { GET as listKfuncs } from "../app/api/v1/kfuncs/route";
import { errorToResponse } from "../lib/api/http";
import { kfuncDetailSchema, kfuncSummarySchema } from "../lib/api/schemas";
import { callRoute } from "../lib/api/testing/call-route";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { setUpTestDatabase } from "./test-db";

const database = setUpTestDatabase();
beforeAll(async () => {
  await loadCatalogData(database.get().prisma, path.join(import.meta.dirname, "fixtures", "catalog"));
});

const list = (qs: string, headers?: Record<string, string>) =>
  callRoute(listKfuncs, `/api/v1/kfuncs${qs}`, { headers });
const names = async (qs: string) => {
  const answer = await list(qs);
  expect(answer.status, answer.text).toBe(200);
  return (answer.json().data as { name: string }[]).map((k) => k.name);
};
const detail = (name: string, qs = "", headers?: Record<string, string>) =>
  callRoute(getKfuncRoute, `/api/v1/kfuncs/${encodeURIComponent(name)}${qs}`, { params: { name }, headers });

describe("GET /api/v1/kfuncs", () => {
  it("lists the catalog with documented fields only", async () => {
    const answer = await list("");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = answer.json();
    // Seven ingested kfuncs and scx_bpf_dsq_insert, named as a replacement by a documented event.
    expect(body).toMatchObject({ page: 1, pageSize: 50, total: 8 });
    expect(Object.keys(body).sort()).toEqual(["data", "links", "page", "pageSize", "total"]);
    const acquire = body.data.find((k: { name: string }) => k.name === "bpf_task_acquire");
    expect(Object.keys(acquire).sort()).toEqual(Object.keys(kfuncSummarySchema.shape).sort());
    expect(acquire).toEqual({
      name: "bpf_task_acquire",
      state: "UNSTABLE",
      subsystem: expect.any(String),
      prototype: expect.stringContaining("bpf_task_acquire"),
      flags: ["ACQUIRE", "RET_NULL", "TRUSTED_ARGS"],
      progTypes: ["TRACING"],
      firstSeen: "v6.1",
      lastSeen: "v6.18",
      url: "http://127.0.0.1/api/v1/kfuncs/bpf_task_acquire",
    });
  });

  it("filters as the catalog does", async () => {
    expect(await names("?state=removed")).toEqual(["bpf_task_kptr_get", "scx_bpf_dispatch"]);
    expect(await names("?state=REMOVED")).toEqual(["bpf_task_kptr_get", "scx_bpf_dispatch"]);
    expect(await names("?q=cpumask")).toEqual(["bpf_cpumask_create"]);
    expect(await names("?subsystem=net/netfilter")).toEqual(["bpf_xdp_ct_lookup"]);
    expect(await names("?flag=kptr_get")).toEqual(["bpf_task_kptr_get"]);
    expect(await names("?progType=XDP")).toEqual(["bpf_cpumask_create", "bpf_xdp_ct_lookup"]);
    expect(await names("?release=6.18")).toEqual([
      "bpf_cpumask_create",
      "bpf_new_in_btf",
      "bpf_task_acquire",
    ]);
    expect(await names("?release=v6.1&state=removed")).toEqual(["bpf_task_kptr_get"]);
    expect(await names("?q=no_such_thing")).toEqual([]);
    // Literal text: LIKE wildcards match only themselves.
    expect(await names("?q=%25%25%25")).toEqual([]);
    expect(await names("?q=bpf_t_sk")).toEqual([]);
    // Program types and flags as they were in the chosen release.
    expect(await names("?release=v6.1&flag=RET_NULL")).toEqual(["bpf_task_kptr_get", "bpf_xdp_ct_lookup"]);
  });

  it("sorts", async () => {
    const desc = await names("?sort=name.desc");
    expect(desc).toEqual([...desc].sort().reverse());
    const body = (await list("?sort=firstSeen.desc")).json();
    expect(body.data[0].firstSeen).toBe("v6.18");
  });

  it("paginates with absolute self, next and prev links that keep the filters", async () => {
    const first = (await list("?sort=name&pageSize=3")).json();
    expect(first).toMatchObject({ page: 1, pageSize: 3, total: 8 });
    expect(first.data).toHaveLength(3);
    expect(first.links).toEqual({
      self: "http://127.0.0.1/api/v1/kfuncs?sort=name&pageSize=3",
      next: "http://127.0.0.1/api/v1/kfuncs?sort=name&pageSize=3&page=2",
      prev: null,
    });
    const last = (await callRoute(listKfuncs, first.links.next.replace("page=2", "page=3"))).json();
    expect(last.data).toHaveLength(2);
    expect(last.links.next).toBeNull();
    expect(last.links.prev).toBe("http://127.0.0.1/api/v1/kfuncs?sort=name&pageSize=3&page=2");

    const all = await names("?pageSize=500");
    const paged = [
      ...(await names("?pageSize=3")),
      ...(await names("?pageSize=3&page=2")),
      ...(await names("?pageSize=3&page=3")),
    ];
    expect(paged).toEqual(all);
    const beyond = (await list("?pageSize=3&page=9")).json();
    expect(beyond.data).toEqual([]);
    expect(beyond.links.prev).toBe("http://127.0.0.1/api/v1/kfuncs?pageSize=3&page=3");
  });

  it("builds absolute links on the origin the client used", async () => {
    const proxied = (
      await list("?q=bbr", { "x-forwarded-host": "kfuncs.example:8443", "x-forwarded-proto": "https" })
    ).json();
    expect(proxied.data[0].url).toBe("https://kfuncs.example:8443/api/v1/kfuncs/bbr_main");
    expect(proxied.links.self).toBe("https://kfuncs.example:8443/api/v1/kfuncs?q=bbr");
    const direct = (await list("?q=bbr", { host: "127.0.0.1:3210" })).json();
    expect(direct.links.self).toBe("http://127.0.0.1:3210/api/v1/kfuncs?q=bbr");
    const hostile = (await list("?q=bbr", { "x-forwarded-host": "evil.example/<x>" })).json();
    expect(hostile.links.self).toBe("http://127.0.0.1/api/v1/kfuncs?q=bbr");
  });

  it("answers 400 naming every bad parameter", async () => {
    const answer = await list("?state=sideways&pageSize=501&page=0&colour=blue&sort=size");
    expect(answer.status).toBe(400);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const { error } = answer.json();
    expect(error.code).toBe("bad_request");
    expect(error.message).toMatch(/state/);
    expect(error.issues.map((i: { param: string }) => i.param).sort()).toEqual([
      "colour",
      "page",
      "pageSize",
      "sort",
      "state",
    ]);
    expect(error.issues.find((i: { param: string }) => i.param === "colour").message).toBe(
      "unknown parameter",
    );
  });

  it.each([
    ["?page=abc", "page"],
    ["?pageSize=", "pageSize"],
    ["?release=latest", "release"],
    ["?release=v9.99", "release"],
    ["?release=v6.2", "release"], // known, but not ingested
    ["?subsystem=../etc", "subsystem"],
    ["?flag=KF-ACQUIRE", "flag"],
    [`?q=${"x".repeat(101)}`, "q"],
    ["?q=cpu%00mask", "q"],
    ["?state=stable&state=removed", "state"],
  ])("refuses %s", async (qs, param) => {
    const answer = await list(qs);
    expect(answer.status).toBe(400);
    expect(answer.json().error.issues.map((i: { param: string }) => i.param)).toEqual([param]);
  });

  it("sends a strong ETag and Cache-Control, and 304 when it matches", async () => {
    const answer = await list("?state=removed");
    const etag = answer.headers.get("etag");
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(answer.headers.get("cache-control")).toBe("public, max-age=60");
    expect((await list("?state=removed")).headers.get("etag")).toBe(etag);
    expect((await list("?state=unstable")).headers.get("etag")).not.toBe(etag);

    for (const header of [etag as string, `W/${etag}`, `"nope", ${etag}`, "*"]) {
      const cached = await list("?state=removed", { "If-None-Match": header });
      expect(cached.status).toBe(304);
      expect(cached.text).toBe("");
      expect(cached.headers.get("etag")).toBe(etag);
      expect(cached.headers.get("cache-control")).toBe("public, max-age=60");
    }
    expect((await list("?state=removed", { "If-None-Match": '"stale"' })).status).toBe(200);
  });
});

describe("GET /api/v1/kfuncs/{name}", () => {
  it("gives one kfunc with its presences, absences and events", async () => {
    const answer = await detail("bpf_cpumask_create");
    expect(answer.status).toBe(200);
    const { data } = answer.json();
    expect(kfuncDetailSchema.parse(answer.json())).toEqual(answer.json());
    expect(
      data.presences.map((p: { release: string; sourceKind: string }) => [p.release, p.sourceKind]),
    ).toEqual([
      ["v6.12", "TARBALL"],
      ["v6.18", "BTF"],
    ]);
    expect(data.presences[1].btfTags).toEqual(["bpf_fastcall"]);
    expect(data.absentFrom).toEqual(["v6.1"]);
    // Every known release, as the matrix reads it: v6.13 … v6.17 were not ingested, but the
    // releases on both sides have it and nothing changed between.
    expect(
      data.availability.map((a: { release: string; availability: string }) => [a.release, a.availability]),
    ).toEqual([
      ["v6.1", "not-yet"],
      ["v6.2", "unknown"],
      ["v6.12", "present"],
      ["v6.13", "inferred"],
      ["v6.15", "inferred"],
      ["v6.17", "inferred"],
      ["v6.18", "present"],
    ]);
    expect(data.events.map((e: { kind: string; kfunc: string }) => [e.kind, e.kfunc])).toEqual([
      ["INTRODUCED", "bpf_cpumask_create"],
    ]);
    expect(data.events[0].recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(data.feed).toBe("http://127.0.0.1/feeds/kfuncs/bpf_cpumask_create.atom");
    expect(answer.headers.get("etag")).toMatch(/^"/);
  });

  it("shows a deprecation schedule and documented events", async () => {
    const { data } = (await detail("scx_bpf_dispatch")).json();
    expect(data).toMatchObject({
      state: "REMOVED",
      replacement: "scx_bpf_dsq_insert",
      deprecatedIn: "v6.13",
      removalEarliest: "v6.15",
    });
    expect(data.events.map((e: { kind: string; origin: string }) => [e.kind, e.origin])).toEqual([
      ["REMOVED", "DOCUMENTED"],
      ["DEPRECATED", "DOCUMENTED"],
      ["INTRODUCED", "INGEST"],
    ]);
    expect(data.events[0].sourceUrl).toMatch(/^https:/);
  });

  it.each(["no_such_kfunc", "bad-name", "x".repeat(200), "1abc", "a b"])(
    "answers 404 for %j",
    async (name) => {
      const answer = await detail(name);
      expect(answer.status).toBe(404);
      expect(answer.json()).toEqual({
        error: { code: "not_found", message: expect.stringContaining("No kfunc") },
      });
    },
  );

  it("refuses query parameters it does not take", async () => {
    const answer = await detail("bbr_main", "?verbose=1");
    expect(answer.status).toBe(400);
    expect(answer.json().error.issues).toEqual([{ param: "verbose", message: "unknown parameter" }]);
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const etag = (await detail("bbr_main")).headers.get("etag") as string;
    expect((await detail("bbr_main", "", { "If-None-Match": etag })).status).toBe(304);
  });
});

describe("server failures", () => {
  it("answer 500 JSON without the error's message or stack", async () => {
    const original = console.error;
    console.error = () => {};
    try {
      const response = errorToResponse(new Error("connect ECONNREFUSED /secret/path"));
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ error: { code: "internal_error", message: expect.any(String) } });
      expect(text).not.toMatch(/secret|ECONNREFUSED|at /);
    } finally {
      console.error = original;
    }
  });
});
