import { CPUMASK_MATCHES, expect, test } from "./fixtures";

// The server holds the tests' own catalog, e2e/fixtures/catalog (its README says which kfunc is
// there for what): 12 kfuncs, two of them removed, one deprecated.

test.describe("catalog", () => {
  test("filters by state and text, sorts, and keeps it all in the URL", async ({ page }) => {
    await page.goto("/kfuncs");
    await expect(page.getByRole("heading", { name: "kfunc catalog" })).toBeVisible();
    const table = page.getByRole("table");
    const names = table.getByRole("rowheader").getByRole("link");
    await expect(table.getByRole("link", { name: "bpf_cpumask_create" })).toBeVisible();

    // bpf_kfunc_call_test1 is gone from v6.12; scx_bpf_dispatch has a documented removal in v6.17.
    await page.getByLabel("State", { exact: true }).selectOption("removed");
    await expect(page).toHaveURL(/state=removed/);
    await expect(names).toHaveText(["bpf_kfunc_call_test1", "scx_bpf_dispatch"]);
    for (const row of await table
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader") })
      .all()) {
      await expect(row.getByRole("cell", { name: "Removed", exact: true })).toHaveCount(1);
    }

    // The search matches names and prototypes; the row header shows both.
    await page.getByLabel("State", { exact: true }).selectOption("");
    await page.getByRole("searchbox", { name: "Search" }).fill("cpumask");
    await expect(page).toHaveURL(/q=cpumask/);
    const matches = CPUMASK_MATCHES;
    await expect(names).toHaveText(matches);
    await expect(table.getByRole("rowheader", { name: /^scx_bpf_pick_idle_cpu/ })).toContainText(
      "s32 scx_bpf_pick_idle_cpu(const struct cpumask *cpus_allowed, u64 flags)",
    );

    // Sorting is a link per column header: it works without JavaScript too.
    await table.getByRole("link", { name: /^Name/ }).click();
    await expect(page).toHaveURL(/sort=name\.desc/);
    await expect(names).toHaveText([...matches].reverse());
    await expect(table.getByRole("columnheader", { name: /Name/ })).toHaveAttribute(
      "aria-sort",
      "descending",
    );
  });

  test("opens a kfunc and shows its prototype and history", async ({ page }) => {
    await page.goto("/kfuncs?q=bpf_cpumask_create");
    await page.getByRole("link", { name: "bpf_cpumask_create", exact: true }).click();
    await expect(page).toHaveURL(/\/kfuncs\/bpf_cpumask_create$/);
    await expect(page.getByRole("heading", { level: 1, name: "bpf_cpumask_create" })).toBeVisible();
    await expect(page.getByText("struct bpf_cpumask *bpf_cpumask_create(void)").first()).toBeVisible();
    // First seen in v6.12, the first ingested release after v6.1.
    const history = page.getByRole("list", { name: /Lifecycle events/ }).getByRole("listitem");
    await expect(history).toHaveCount(1);
    await expect(history).toContainText("Introduced");
    await expect(history).toContainText("v6.12");
  });

  test("a removed kfunc shows its removal in the history", async ({ page }) => {
    await page.goto("/kfuncs/bpf_kfunc_call_test1");
    await expect(page.getByText("Removed").first()).toBeVisible();
    const items = page.getByRole("list", { name: /Lifecycle events/ }).getByRole("listitem");
    await expect(items.first()).toContainText("Removed");
    await expect(items.first()).toContainText("v6.12");
    await expect(items.last()).toContainText("Introduced");
  });

  test("a deprecated kfunc says when it may go and what replaces it", async ({ page }) => {
    // Documented upstream: deprecated in v6.19, removal from v7.3 on.
    await page.goto("/kfuncs/scx_bpf_reenqueue_local");
    await expect(page.getByText("Deprecated", { exact: true }).first()).toBeVisible();
    await expect(
      page.getByText(
        "Deprecated in v6.19; may be removed from v7.3 on. Use scx_bpf_reenqueue_local___v2 instead.",
      ),
    ).toBeVisible();
    const items = page.getByRole("list", { name: /Lifecycle events/ }).getByRole("listitem");
    await expect(items.first()).toContainText("Deprecated");
    await expect(items.first()).toContainText("v6.19");
  });

  test("a deep link with filters opens that view", async ({ page }) => {
    await page.goto("/kfuncs?state=unstable&release=v6.12&q=cpumask&sort=name.desc");
    await expect(page.getByLabel("State", { exact: true })).toHaveValue("unstable");
    await expect(page.getByLabel("Available in")).toHaveValue("v6.12");
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("cpumask");
    // bpf_cpumask_populate exists only in the v6.18 BTF.
    await expect(page.getByRole("table").getByRole("rowheader").getByRole("link")).toHaveText([
      "scx_bpf_pick_idle_cpu",
      "bpf_cpumask_test_cpu",
      "bpf_cpumask_release",
      "bpf_cpumask_create",
      "bpf_cpumask_acquire",
    ]);
  });

  test("junk in the URL falls back to defaults", async ({ page }) => {
    const response = await page.goto("/kfuncs?state=shiny&sort=%27;drop&page=-3&release=vX&pageSize=9999");
    expect(response?.status()).toBe(200);
    await expect(page.getByLabel("State", { exact: true })).toHaveValue("");
    await expect(page.getByLabel("Available in")).toHaveValue("");
    await expect(page.getByRole("table").getByRole("columnheader", { name: /Name/ })).toHaveAttribute(
      "aria-sort",
      "ascending",
    );
    // Every kfunc of the catalog, first page. (The page-size fallback to 50 shows only with more
    // than 50 kfuncs; lib/catalog/query.test.ts covers it.)
    await expect(page.getByText("Showing 1–12 of 12 kfuncs")).toBeVisible();
    await expect(page.getByText("Page 1 of 1")).toBeVisible();
  });

  test("no match shows an empty state, not an empty table", async ({ page }) => {
    await page.goto("/kfuncs?q=definitely_not_a_kfunc");
    await expect(page.getByText("No kfuncs match these filters.")).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);
  });

  test("an unknown kfunc gets the not-found page with a 404", async ({ page }) => {
    const response = await page.goto("/kfuncs/no_such_kfunc_anywhere");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "No such kfunc" })).toBeVisible();
    const bad = await page.goto("/kfuncs/..%2F..%2Fetc");
    expect(bad?.status()).toBe(404);
  });
});

test("the overview counts kfuncs per state and links to the catalog", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Can I rely on this kfunc");
  await expect(page.getByRole("link", { name: "Browse 12 kfuncs" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Deprecated 1 / })).toBeVisible();
  await page.getByRole("link", { name: /^Removed 2 / }).click();
  await expect(page).toHaveURL(/\/kfuncs\?state=removed/);
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Catalog", exact: true }),
  ).toHaveAttribute("aria-current", "page");
});
