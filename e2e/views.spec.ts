import { expect, test } from "./fixtures";

test.describe("kfunc timeline and prototype history", () => {
  test("events show on the timeline and in the list, in order", async ({ page }) => {
    await page.goto("/kfuncs/bbr_main");
    const timeline = page.getByRole("img", { name: /Timeline of bbr_main/ });
    await expect(timeline).toBeVisible();
    await expect(timeline).toHaveAccessibleName(/Unstable v6\.1–/);
    const items = page.getByRole("list", { name: /Lifecycle events/ }).getByRole("listitem");
    const texts = await items.allInnerTexts();
    expect(texts.at(-1)).toContain("Introduced");
    expect(texts.some((t) => t.includes("Signature changed") && t.includes("v6.12"))).toBe(true);
    // Newest first: the v6.12 signature change comes before the v6.1 introduction.
    const v612 = texts.findIndex((t) => t.includes("Signature changed") && t.includes("v6.12"));
    expect(v612).toBeLessThan(texts.length - 1);
    // The prototype history shows the two added parameters as a word diff.
    await expect(page.getByText("changed since v6.1").first()).toBeVisible();
    await expect(page.locator("ins").filter({ hasText: "u32 ack" }).first()).toBeVisible();
  });

  test("a removed kfunc's timeline ends in a removed band", async ({ page }) => {
    await page.goto("/kfuncs/bpf_kfunc_call_test1");
    const name = await page
      .getByRole("img", { name: /Timeline of bpf_kfunc_call_test1/ })
      .getAttribute("aria-labelledby");
    const title = await page.locator(`[id="${name}"]`).textContent();
    expect(title?.trim().split(", ").at(-1)).toMatch(/^Removed /);
  });

  test("copies an extern __ksym declaration for a chosen release", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto("/kfuncs/bbr_main");
    await page.getByLabel("Declaration for").selectOption("v6.1");
    await expect(page.getByTestId("ksym-declaration")).toHaveText(
      "extern void bbr_main(struct sock *sk, const struct rate_sample *rs) __ksym;",
    );
    await page.getByLabel(/optional/).check();
    await expect(page.getByTestId("ksym-declaration")).toHaveText(/__ksym __weak;$/);
    await page.getByRole("button", { name: "Copy declaration" }).click();
    await expect(page.getByRole("status").filter({ hasText: /Copied|Could not copy/ })).toBeVisible();
  });
});

test.describe("availability matrix", () => {
  test("says absent in 6.1 and present in 6.12 for bpf_cpumask_create, with filters in the URL", async ({
    page,
  }) => {
    await page.goto("/matrix");
    await page.getByRole("searchbox", { name: "Search" }).fill("bpf_cpumask_create");
    await expect(page).toHaveURL(/\/matrix\?q=bpf_cpumask_create/);
    const row = page
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: /bpf_cpumask_create/ }) });
    await expect(row.locator('td[data-release="v6.1"]')).toHaveAttribute("data-availability", "absent");
    await expect(row.locator('td[data-release="v6.1"]')).toContainText("absent");
    await expect(row.locator('td[data-release="v6.12"]')).toHaveAttribute("data-availability", "present");
    await expect(row.locator('td[data-release="v6.12"]')).toContainText("present");
    await expect(page.getByRole("table").locator("caption")).toContainText("Availability of kfuncs");
  });

  test("shows only ingested releases on request", async ({ page }) => {
    await page.goto("/matrix?cols=ingested&q=cpumask");
    const headers = await page.getByRole("columnheader").allInnerTexts();
    expect(headers.slice(1)).toEqual(["v6.1", "v6.12", "v6.18"]);
  });
});

test.describe("release reports", () => {
  test("v6.12 against v6.1 lists bpf_cpumask_create as added", async ({ page }) => {
    await page.goto("/releases/v6.12?vs=v6.1");
    await expect(page.getByRole("heading", { level: 1, name: "v6.12" })).toBeVisible();
    await expect(page.getByText("Debian linux-source 6.12")).toBeVisible();
    const added = page.locator("section", { has: page.getByRole("heading", { name: /^Added/ }) });
    await expect(added.getByRole("link", { name: "bpf_cpumask_create" })).toBeVisible();
    const removed = page.locator("section", { has: page.getByRole("heading", { name: /^Removed/ }) });
    await expect(removed.getByRole("link", { name: "bpf_kfunc_call_test1" })).toBeVisible();
  });

  test("the compare-with choice rewrites the URL; a bad vs is explained", async ({ page }) => {
    await page.goto("/releases/v6.18");
    await page.getByLabel("Compare with").selectOption("v6.1");
    await expect(page).toHaveURL(/\/releases\/v6\.18\?vs=v6\.1$/);
    await page.goto("/releases/v6.18?vs=v9.9");
    await expect(page.getByRole("alert").filter({ hasText: "v9.9" })).toContainText(
      "not an ingested release",
    );
    const missing = await page.goto("/releases/v9.9");
    expect(missing?.status()).toBe(404);
  });

  test("a known release that was not ingested shows what is documented about it", async ({ page }) => {
    await page.goto("/releases");
    await page.getByRole("link", { name: "v6.17", exact: true }).click();
    await expect(page.getByText("This release has not been ingested")).toBeVisible();
    await expect(page.getByRole("link", { name: "scx_bpf_dispatch", exact: true })).toBeVisible();
  });
});

test("CSV export holds exactly the filtered view", async ({ page, request }) => {
  await page.goto("/kfuncs?q=cpumask&state=unstable");
  const href = await page.getByRole("link", { name: "CSV" }).getAttribute("href");
  expect(href).toBe("/export/kfuncs.csv?state=unstable&q=cpumask");
  const response = await request.get(href ?? "");
  expect(response.headers()["content-type"]).toContain("text/csv");
  const lines = (await response.text()).trim().split("\r\n");
  expect(lines[0]).toBe("name,state,subsystem,firstSeen,lastSeen,prototype,flags,progTypes");
  const names = lines.slice(1).map((l) => l.split(",")[0]);
  const shown = (await page.getByText(/Showing 1–\d+ of (\d+)/).textContent()) ?? "";
  expect(names.length).toBe(Number(/of (\d+)/.exec(shown)?.[1]));
  expect(names).toContain("bpf_cpumask_create");
  expect(lines.slice(1).every((l) => l.includes("UNSTABLE") && l.toLowerCase().includes("cpumask"))).toBe(
    true,
  );
});

test("hidden catalog columns live in the URL", async ({ page }) => {
  await page.goto("/kfuncs?q=cpumask");
  await page.getByText("Columns", { exact: true }).click();
  // The URL is the state: the box follows once the new view arrives.
  await page.getByRole("checkbox", { name: "Flags" }).click();
  await expect(page).toHaveURL(/hide=flags/);
  await expect(page.getByRole("columnheader", { name: "Flags" })).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: "Flags" })).not.toBeChecked();
  await page.reload();
  await expect(page.getByRole("columnheader", { name: "Flags" })).toHaveCount(0);
});
