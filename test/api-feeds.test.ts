// Integration: the Atom feeds on the fixture catalog. Each feed is read back by readAtomFeed,
// which refuses anything that is not well-formed XML with the Atom structure.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listEvents } from "../app/api/v1/events/route";
import { GET as eventsFeed } from "../app/feeds/events.atom/route";
import { GET as kfuncFeed } from "../app/feeds/kfuncs/[file]/route";
import { callRoute } from "../lib/api/testing/call-route";
import { ATOM_NAMESPACE, type ReadAtomFeed, readAtomFeed } from "../lib/feeds/testing/read-atom";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { setUpTestDatabase } from "./test-db";

const database = setUpTestDatabase();
beforeAll(async () => {
  await loadCatalogData(database.get().prisma, path.join(import.meta.dirname, "fixtures", "catalog"));
});

const ATOM = "application/atom+xml; charset=utf-8";
const feedOf = (file: string, headers?: Record<string, string>) =>
  callRoute(kfuncFeed, `/feeds/kfuncs/${encodeURIComponent(file)}`, { params: { file }, headers });
const entryIds = (feed: ReadAtomFeed) => feed.entries.map((e) => e.id);

describe("GET /feeds/events.atom", () => {
  it("is a well-formed Atom feed of every event, newest first", async () => {
    const answer = await callRoute(eventsFeed, "/feeds/events.atom");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe(ATOM);
    expect(answer.headers.get("cache-control")).toBe("public, max-age=60");
    const feed = readAtomFeed(answer.text);
    expect(feed.namespace).toBe(ATOM_NAMESPACE);
    expect(feed.id).toBe("tag:kfunc-catalog,2025:feed/events");
    expect(feed.links.find((l) => l.rel === "self")?.href).toBe("http://127.0.0.1/feeds/events.atom");
    expect(feed.author.name).toBe("kfunc catalog");

    // The same events, in the same order, as the JSON list.
    const { data } = (await callRoute(listEvents, "/api/v1/events?pageSize=100")).json();
    expect(data.length).toBeGreaterThan(5);
    expect(entryIds(feed)).toEqual(data.map((e: { id: number }) => `tag:kfunc-catalog,2025:event/${e.id}`));
    expect(feed.updated).toBe(data[0].recordedAt);
    for (const entry of feed.entries) {
      expect(entry.summary).toBeTruthy();
      expect(entry.links[0]?.href).toMatch(/^http:\/\/127\.0\.0\.1\/kfuncs\/\w+$/);
    }
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const etag = (await callRoute(eventsFeed, "/feeds/events.atom")).headers.get("etag") as string;
    expect(etag).toMatch(/^"/);
    const cached = await callRoute(eventsFeed, "/feeds/events.atom", { headers: { "If-None-Match": etag } });
    expect(cached.status).toBe(304);
    expect(cached.text).toBe("");
  });
});

describe("GET /feeds/kfuncs/{name}.atom", () => {
  it("has one kfunc's events, newest first", async () => {
    const answer = await feedOf("scx_bpf_dispatch.atom");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe(ATOM);
    const feed = readAtomFeed(answer.text);
    expect(feed.title).toBe("scx_bpf_dispatch: lifecycle events");
    const alternate = feed.links.find((l) => l.rel === "alternate");
    expect(alternate?.href).toBe("http://127.0.0.1/kfuncs/scx_bpf_dispatch");
    expect(feed.entries.map((e) => e.title).sort()).toEqual([
      "scx_bpf_dispatch: Deprecated in v6.13",
      "scx_bpf_dispatch: Introduced in v6.12",
      "scx_bpf_dispatch: Removed in v6.17",
    ]);
    const { data } = (await callRoute(listEvents, "/api/v1/events?kfunc=scx_bpf_dispatch")).json();
    expect(entryIds(feed)).toEqual(data.map((e: { id: number }) => `tag:kfunc-catalog,2025:event/${e.id}`));
    const removal = feed.entries.find((e) => e.title.includes("Removed"));
    expect(removal?.links.map((l) => l.rel)).toEqual(["alternate", "related"]);
  });

  it("carries a signature change's before and after", async () => {
    const feed = readAtomFeed((await feedOf("bbr_main.atom")).text);
    const change = feed.entries.find((e) => e.title.includes("Signature"));
    expect(change?.content).toMatch(/Before: .*\nAfter: .*u32 ack, int flag/);
  });

  it.each(["no_such_kfunc.atom", "bbr_main", "bbr_main.rss", "bad-name.atom", ".atom"])(
    "answers 404 for %s",
    async (file) => {
      const answer = await feedOf(file);
      expect(answer.status).toBe(404);
      expect(answer.json().error.code).toBe("not_found");
    },
  );
});
