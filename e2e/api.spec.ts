import { readAtomFeed } from "../lib/feeds/testing/read-atom";
import { CPUMASK_MATCHES, expect, test } from "./fixtures";

test.describe("API", () => {
  test("lists kfuncs as JSON, with caching headers", async ({ request }) => {
    const response = await request.get("/api/v1/kfuncs?q=cpumask");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("application/json");
    expect(response.headers()["cache-control"]).toBe("public, max-age=60");
    const body = await response.json();
    expect(body.data.map((k: { name: string }) => k.name)).toEqual(CPUMASK_MATCHES);
    expect(body.links.self).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/kfuncs\?q=cpumask$/);

    const etag = response.headers().etag as string;
    const cached = await request.get("/api/v1/kfuncs?q=cpumask", { headers: { "If-None-Match": etag } });
    expect(cached.status()).toBe(304);

    const bad = await request.get("/api/v1/kfuncs?state=sideways&colour=blue");
    expect(bad.status()).toBe(400);
    const { error } = await bad.json();
    expect(error.issues.map((i: { param: string }) => i.param).sort()).toEqual(["colour", "state"]);
  });

  test("answers JSON 404s", async ({ request }) => {
    const unknown = await request.get("/api/v1/kfuncs/no_such_kfunc");
    expect(unknown.status()).toBe(404);
    expect((await unknown.json()).error.code).toBe("not_found");
    const nowhere = await request.get("/api/v2/anything");
    expect(nowhere.status()).toBe(404);
    expect((await nowhere.json()).error.code).toBe("not_found");
  });

  test("documents itself at /api-docs", async ({ page }) => {
    await page.goto("/api-docs");
    await expect(page.getByRole("heading", { level: 1, name: "API" })).toBeVisible();
    for (const path of ["/api/v1/kfuncs", "/api/v1/kfuncs/{name}", "/api/v1/events", "/feeds/events.atom"]) {
      await expect(
        page.getByRole("heading", { level: 3, name: new RegExp(`GET ${escapeRegExp(path)} `) }),
      ).toBeVisible();
    }
    const params = page.getByRole("table", { name: "Parameters of GET /api/v1/kfuncs" });
    await expect(params.getByRole("rowheader", { name: "state" })).toBeVisible();
    await expect(params.getByText("UNSTABLE · STABLE · DEPRECATED · REMOVED")).toBeVisible();
    await expect(page.getByRole("link", { name: "/api/openapi.json" }).first()).toHaveAttribute(
      "href",
      "/api/openapi.json",
    );
  });

  test("serves an Atom feed of lifecycle events", async ({ request }) => {
    const response = await request.get("/feeds/events.atom");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
    const xml = await response.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    // Well-formed Atom, newest event first: the catalog's 15 events, the latest documented one on top.
    const feed = readAtomFeed(xml);
    expect(feed.entries).toHaveLength(15);
    expect(feed.entries[0]?.title).toBe("scx_bpf_reenqueue_local: Deprecated in v6.19");

    const one = await request.get("/feeds/kfuncs/bpf_cpumask_create.atom");
    expect(one.status()).toBe(200);
    expect(readAtomFeed(await one.text()).entries.map((e) => e.title)).toEqual([
      "bpf_cpumask_create: Introduced in v6.12",
    ]);
  });
});

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
