import { expect, test } from "./fixtures";

test.describe("catalog", () => {
  test("filters by state and text, sorts, and keeps it all in the URL", async ({ page }) => {
    await page.goto("/kfuncs");
    await expect(page.getByRole("heading", { name: "kfunc catalog" })).toBeVisible();
    const table = page.getByRole("table");
    await expect(table.getByRole("link", { name: "bpf_cpumask_create" })).toBeVisible();

    await page.getByLabel("State", { exact: true }).selectOption("removed");
    await expect(page).toHaveURL(/state=removed/);
    await expect(table.getByRole("link", { name: "bpf_kfunc_call_test1" })).toBeVisible();
    await expect(table.getByRole("link", { name: "bpf_cpumask_create" })).toHaveCount(0);
    for (const badge of await table.locator("tbody tr td:nth-child(2)").allInnerTexts()) {
      expect(badge).toContain("Removed");
    }

    await page.getByLabel("State", { exact: true }).selectOption("");
    await page.getByRole("searchbox", { name: "Search" }).fill("cpumask");
    await expect(page).toHaveURL(/q=cpumask/);
    await expect(table.getByRole("link", { name: "bpf_cpumask_create" })).toBeVisible();
    // The search matches names and prototypes; the name cell shows both.
    const cells = await table.locator("tbody tr td:first-child").allInnerTexts();
    expect(cells.length).toBeGreaterThan(3);
    expect(cells.every((text) => text.toLowerCase().includes("cpumask"))).toBe(true);

    await table.getByRole("button", { name: /Name/ }).click();
    await expect(page).toHaveURL(/sort=name\.desc/);
    const desc = await table.locator("tbody tr td:first-child a").allInnerTexts();
    expect(desc).toEqual([...desc].sort().reverse());
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
    const history = page.getByRole("list", { name: /Lifecycle events/ });
    await expect(history.getByText("Introduced")).toBeVisible();
    await expect(history.getByText("v6.12").first()).toBeVisible();
  });

  test("a removed kfunc shows its removal in the history", async ({ page }) => {
    await page.goto("/kfuncs/bpf_kfunc_call_test1");
    await expect(page.getByText("Removed").first()).toBeVisible();
    const items = page.getByRole("list", { name: /Lifecycle events/ }).getByRole("listitem");
    await expect(items.first()).toContainText("Removed");
    await expect(items.last()).toContainText("Introduced");
  });

  test("a deep link with filters opens that view", async ({ page }) => {
    await page.goto("/kfuncs?state=unstable&release=v6.12&q=cpumask&sort=name.desc");
    await expect(page.getByLabel("State", { exact: true })).toHaveValue("unstable");
    await expect(page.getByLabel("Available in")).toHaveValue("v6.12");
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("cpumask");
    await expect(page.getByRole("link", { name: "bpf_cpumask_create" })).toBeVisible();
  });

  test("junk in the URL falls back to defaults", async ({ page }) => {
    const response = await page.goto("/kfuncs?state=shiny&sort=%27;drop&page=-3&release=vX&pageSize=9999");
    expect(response?.status()).toBe(200);
    await expect(page.getByLabel("State", { exact: true })).toHaveValue("");
    await expect(page.getByRole("table").getByRole("columnheader", { name: /Name/ })).toHaveAttribute(
      "aria-sort",
      "ascending",
    );
    await expect(page.getByText(/Showing 1–50 of \d+ kfuncs/)).toBeVisible();
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
  await expect(page.getByRole("link", { name: /Browse \d+ kfuncs/ })).toBeVisible();
  await page
    .getByRole("link", { name: /Removed/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/kfuncs\?state=removed/);
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Catalog", exact: true }),
  ).toHaveAttribute("aria-current", "page");
});
