// Integration: GET /api/v1/events on the fixture catalog, including a retracted event.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listEvents } from "../app/api/v1/events/route";
import { EVENT_KINDS } from "../lib/api/params";
import { callRoute } from "../lib/api/testing/call-route";
import { ingestSnapshot } from "../lib/ingest/ingest";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import type { ReleaseSnapshot } from "../lib/ingest/snapshot";
import { setUpTestDatabase } from "./test-db";

const FIXTURES = path.join(import.meta.dirname, "fixtures", "catalog");
const database = setUpTestDatabase();

interface EventJson {
  id: number;
  kfunc: string;
  kind: string;
  release: string | null;
  recordedAt: string;
}

beforeAll(async () => {
  const { prisma } = database.get();
  await loadCatalogData(prisma, FIXTURES);
  // v6.2 without bpf_task_kptr_get moves its removal from v6.12 to v6.2: the v6.12 REMOVED event
  // is retracted (kept, never shown) and a new one recorded.
  const fixture = (await import("./fixtures/catalog/releases/v6.1.json")).default as ReleaseSnapshot;
  await ingestSnapshot(prisma, {
    release: "v6.2",
    sourceKind: "GIT_REF",
    origin: "test fixture 6.2",
    sourceRef: "v6.2",
    kfuncs: fixture.kfuncs.filter((k) => k.name !== "bpf_task_kptr_get"),
  });
});

const events = async (qs: string): Promise<EventJson[]> => {
  const answer = await callRoute(listEvents, `/api/v1/events${qs}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.json().data;
};

describe("GET /api/v1/events", () => {
  it("lists non-retracted events, newest first by recordedAt then id", async () => {
    const { prisma } = database.get();
    const all = await events("?pageSize=500");
    const active = await prisma.lifecycleEvent.count({ where: { retractedAt: null } });
    const retracted = await prisma.lifecycleEvent.findMany({ where: { retractedAt: { not: null } } });
    expect(retracted.length).toBeGreaterThan(0);
    expect(all).toHaveLength(active);
    for (const r of retracted) expect(all.map((e) => e.id)).not.toContain(r.id);
    const sorted = [...all].sort((a, b) => b.recordedAt.localeCompare(a.recordedAt) || b.id - a.id);
    expect(all.map((e) => e.id)).toEqual(sorted.map((e) => e.id));
    const kptr = all.filter((e) => e.kfunc === "bpf_task_kptr_get").map((e) => [e.kind, e.release]);
    expect(kptr).toContainEqual(["REMOVED", "v6.2"]);
    expect(kptr).not.toContainEqual(["REMOVED", "v6.12"]);
  });

  it("filters by kfunc, kind and since", async () => {
    expect((await events("?kfunc=scx_bpf_dispatch")).map((e) => e.kind).sort()).toEqual([
      "DEPRECATED",
      "INTRODUCED",
      "REMOVED",
    ]);
    const removed = await events("?kind=REMOVED");
    expect(removed.length).toBeGreaterThan(0);
    expect(removed.every((e) => e.kind === "REMOVED")).toBe(true);
    expect(await events("?kfunc=bbr_main&kind=SIGNATURE_CHANGED")).toHaveLength(1);
    expect(await events("?since=2999-01-01")).toEqual([]);
    expect(await events("?since=2999-01-01T00:00:00%2B02:00")).toEqual([]);
    const all = await events("?pageSize=500");
    expect(await events("?since=2000-01-01&pageSize=500")).toEqual(all);
    const newest = all[0] as EventJson;
    const since = await events(`?since=${encodeURIComponent(newest.recordedAt)}&pageSize=500`);
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((e) => e.recordedAt >= newest.recordedAt)).toBe(true);
  });

  it("paginates with links", async () => {
    const all = await events("?pageSize=500");
    const first = (await callRoute(listEvents, "/api/v1/events?pageSize=4&kind=INTRODUCED")).json();
    expect(first.total).toBe(all.filter((e) => e.kind === "INTRODUCED").length);
    expect(first.links.next).toBe("http://127.0.0.1/api/v1/events?pageSize=4&kind=INTRODUCED&page=2");
    expect(first.links.prev).toBeNull();
    const second = (await callRoute(listEvents, first.links.next)).json();
    expect(second.page).toBe(2);
    expect([...first.data, ...second.data].map((e: EventJson) => e.id)).toEqual(
      all.filter((e) => e.kind === "INTRODUCED").map((e) => e.id),
    );
  });

  it.each([
    ["?kind=EXPLODED", "kind"],
    ["?kind=removed", "kind"],
    ["?since=yesterday", "since"],
    ["?since=2025-13-01", "since"],
    ["?since=2025-01-01T00:00:00", "since"],
    ["?kfunc=bad-name", "kfunc"],
    ["?pageSize=0", "pageSize"],
    ["?limit=10", "limit"],
  ])("answers 400 for %s", async (qs, param) => {
    const answer = await callRoute(listEvents, `/api/v1/events${qs}`);
    expect(answer.status).toBe(400);
    expect(answer.json().error.issues.map((i: { param: string }) => i.param)).toEqual([param]);
  });

  it("names the allowed kinds when the kind is wrong", async () => {
    const { error } = (await callRoute(listEvents, "/api/v1/events?kind=EXPLODED")).json();
    expect(error.issues[0].message).toContain(EVENT_KINDS[0]);
  });

  it("answers 404 for an unknown kfunc", async () => {
    const answer = await callRoute(listEvents, "/api/v1/events?kfunc=no_such_kfunc");
    expect(answer.status).toBe(404);
    expect(answer.json().error.code).toBe("not_found");
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const etag = (await callRoute(listEvents, "/api/v1/events")).headers.get("etag") as string;
    const cached = await callRoute(listEvents, "/api/v1/events", { headers: { "If-None-Match": etag } });
    expect(cached.status).toBe(304);
  });
});
