// Integration: GET /api/v1/releases and /api/v1/releases/{tag}/changes on the fixture catalog.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getChanges } from "../app/api/v1/releases/[tag]/changes/route";
import { GET as listReleases } from "../app/api/v1/releases/route";
import { callRoute } from "../lib/api/testing/call-route";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { setUpTestDatabase } from "./test-db";

const database = setUpTestDatabase();
beforeAll(async () => {
  await loadCatalogData(database.get().prisma, path.join(import.meta.dirname, "fixtures", "catalog"));
});

const changes = (tag: string, qs = "", headers?: Record<string, string>) =>
  callRoute(getChanges, `/api/v1/releases/${encodeURIComponent(tag)}/changes${qs}`, {
    params: { tag },
    headers,
  });
const names = (list: { name: string }[]) => list.map((k) => k.name);

describe("GET /api/v1/releases", () => {
  it("lists every known release, oldest first, with the provenance of ingested ones", async () => {
    const answer = await callRoute(listReleases, "/api/v1/releases");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("public, max-age=60");
    const { data } = answer.json();
    expect(data.map((r: { tag: string; ingested: boolean }) => [r.tag, r.ingested])).toEqual([
      ["v6.1", true],
      ["v6.2", false],
      ["v6.12", true],
      ["v6.13", false],
      ["v6.15", false],
      ["v6.17", false],
      ["v6.18", true],
    ]);
    expect(data[0]).toEqual({
      tag: "v6.1",
      releasedOn: "2022-12-11",
      ingested: true,
      ingestion: {
        sourceKind: "SOURCE_TREE",
        origin: "test fixture 6.1",
        ingestedAt: expect.stringMatching(/Z$/),
        kfuncCount: 4,
      },
      changes: "http://127.0.0.1/api/v1/releases/v6.1/changes",
    });
    expect(data[1]).toEqual({
      tag: "v6.2",
      releasedOn: "2023-02-19",
      ingested: false,
      ingestion: null,
      changes: null,
    });
    expect(data[6].ingestion).toMatchObject({ sourceKind: "BTF", kfuncCount: 3 });
  });

  it("refuses parameters", async () => {
    const answer = await callRoute(listReleases, "/api/v1/releases?ingested=true");
    expect(answer.status).toBe(400);
    expect(answer.json().error.issues).toEqual([{ param: "ingested", message: "unknown parameter" }]);
  });
});

describe("GET /api/v1/releases/{tag}/changes", () => {
  it("compares with the previous ingested release by default", async () => {
    const answer = await changes("v6.12");
    expect(answer.status).toBe(200);
    const { data } = answer.json();
    expect(data.release).toMatchObject({
      tag: "v6.12",
      releasedOn: "2024-11-17",
      ingestion: { sourceKind: "TARBALL" },
    });
    expect(data.base.tag).toBe("v6.1");
    expect(names(data.added)).toEqual(["bpf_cpumask_create", "scx_bpf_dispatch"]);
    expect(names(data.removed)).toEqual(["bpf_task_kptr_get"]);
    expect(names(data.changed)).toEqual(["bbr_main", "bpf_task_acquire"]);
    const acquire = data.changed.find((c: { name: string }) => c.name === "bpf_task_acquire");
    expect(acquire.flags).toEqual({
      before: ["ACQUIRE", "TRUSTED_ARGS"],
      after: ["ACQUIRE", "RET_NULL", "TRUSTED_ARGS"],
    });
    const bbr = data.changed.find((c: { name: string }) => c.name === "bbr_main");
    expect(bbr.prototype.after).toContain("u32 ack, int flag");
    expect(bbr.flags).toBeNull();
    expect(data.unchanged).toBe(1);
  });

  it("compares with the release named by vs (and accepts tags without the v)", async () => {
    const { data } = (await changes("6.18", "?vs=6.1")).json();
    expect(data.release.tag).toBe("v6.18");
    expect(data.base.tag).toBe("v6.1");
    expect(names(data.added)).toEqual(["bpf_cpumask_create", "bpf_new_in_btf"]);
    expect(names(data.removed)).toEqual(["bbr_main", "bpf_task_kptr_get", "bpf_xdp_ct_lookup"]);
  });

  it("has no base for the oldest ingested release", async () => {
    const { data } = (await changes("v6.1")).json();
    expect(data.base).toBeNull();
    expect(data.added).toHaveLength(4);
  });

  it.each(["v6.2", "v9.99", "latest", "v6.12.1"])("answers 404 for release %s", async (tag) => {
    const answer = await changes(tag);
    expect(answer.status).toBe(404);
    expect(answer.json().error).toEqual({
      code: "not_found",
      message: expect.stringContaining("not an ingested"),
    });
  });

  it.each([
    ["?vs=junk", "vs"],
    ["?vs=v6.2", "vs"],
    ["?vs=v6.1&vs=v6.18", "vs"],
    ["?against=v6.1", "against"],
  ])("answers 400 for %s", async (qs, param) => {
    const answer = await changes("v6.12", qs);
    expect(answer.status).toBe(400);
    expect(answer.json().error.issues.map((i: { param: string }) => i.param)).toEqual([param]);
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const etag = (await changes("v6.12")).headers.get("etag") as string;
    const cached = await changes("v6.12", "", { "If-None-Match": etag });
    expect(cached.status).toBe(304);
    expect(cached.text).toBe("");
  });
});
