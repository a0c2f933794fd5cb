import { expect, test } from "./fixtures";

// The maintainers' queue as anyone sees it, on the tests' own catalog (e2e/fixtures/catalog):
// no accounts, so no proposals, decisions or acknowledgements; scx_bpf_reenqueue_local is
// documented as deprecated in v6.19 with removal from v7.3, a release not ingested here.

test("the queue: reached from the nav, each section with its count or its empty state", async ({ page }) => {
  await page.goto("/kfuncs");
  const nav = page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Queue", exact: true });
  await nav.click();
  await expect(page).toHaveURL(/\/queue$/);
  await expect(nav).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Maintainers' queue");

  const section = (name: RegExp) => page.getByRole("region", { name });
  await expect(section(/^Open proposals/)).toContainText("No open proposals.");
  await expect(section(/^Policy violations/)).toContainText("No policy violations");

  const pending = section(/^Pending removal in v7\.3/);
  const row = pending.getByRole("row", { name: /scx_bpf_reenqueue_local/ });
  await expect(row).toContainText("scx_bpf_reenqueue_local___v2");
  await expect(row).toContainText("v6.19");
  await expect(row).toContainText("Pending, from v7.3");

  const candidates = section(/^Promotion candidates/);
  await expect(candidates).toContainText("one point for each ingested release");
  await expect(candidates.getByRole("row").nth(1)).toContainText(/\d+ releases/);
  // Anonymous visitors read; only maintainers get a form.
  await expect(page.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
});

test("the queue's Atom feed is announced in the page head and answers", async ({ page, request }) => {
  await page.goto("/queue");
  const alternate = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
  await expect(alternate).toHaveAttribute("href", /\/feeds\/queue\.atom$/);
  const feed = await request.get("/feeds/queue.atom");
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
  expect(await feed.text()).toContain("scx_bpf_reenqueue_local: Deprecated in v6.19");
});
