import { CPUMASK_MATCHES, expect, test } from "./fixtures";

// On the tests' own catalog (e2e/fixtures/catalog): v6.1 and v6.12 read from source trees, v6.18
// from the BTF of one build without sched_ext; v6.13, v6.17 and v6.19 known only from documented events.

test.describe("kfunc timeline and prototype history", () => {
  test("events show on the timeline and in the list, in order", async ({ page }) => {
    // bbr_main gained `u32 ack, int flag` between v6.1 and v6.12.
    await page.goto("/kfuncs/bbr_main");
    const timeline = page.getByRole("img", { name: /Timeline of bbr_main/ });
    await expect(timeline).toBeVisible();
    await expect(timeline).toHaveAccessibleName(/Unstable v6\.1–/);
    // Newest first: the v6.12 signature change, then the v6.1 introduction.
    const items = page.getByRole("list", { name: /Lifecycle events/ }).getByRole("listitem");
    await expect(items).toHaveCount(2);
    await expect(items.first()).toContainText("Signature changed");
    await expect(items.first()).toContainText("v6.12");
    await expect(items.last()).toContainText("Introduced");
    await expect(items.last()).toContainText("v6.1");
    // The prototype history shows the two added parameters as a word diff.
    await expect(page.getByText("changed since v6.1").first()).toBeVisible();
    await expect(page.locator("ins").filter({ hasText: "u32 ack" }).first()).toBeVisible();
  });

  test("a removed kfunc's timeline ends in a removed band", async ({ page }) => {
    // bpf_kfunc_call_test1 is in v6.1 and not in v6.12.
    await page.goto("/kfuncs/bpf_kfunc_call_test1");
    await expect(page.getByRole("img", { name: /Timeline of bpf_kfunc_call_test1/ })).toHaveAccessibleName(
      /, Removed v6\.12[^,]*$/,
    );
  });

  test("copies an extern __ksym declaration for a chosen release", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto("/kfuncs/bbr_main");
    const declaration = page.getByTestId("ksym-declaration");
    await page.getByLabel("Declaration for").selectOption("v6.1");
    await expect(declaration).toHaveText(
      "extern void bbr_main(struct sock *sk, const struct rate_sample *rs) __ksym;",
    );
    await page.getByLabel(/optional/).check();
    const weak = "extern void bbr_main(struct sock *sk, const struct rate_sample *rs) __ksym __weak;";
    await expect(declaration).toHaveText(weak);
    await page.getByRole("button", { name: "Copy declaration" }).click();
    await expect(page.getByRole("status")).toHaveText("Copied.");
    // What landed on the clipboard is the line shown, character for character.
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(weak);
    expect(copied).toBe(await declaration.textContent());
  });
});

test.describe("availability matrix", () => {
  test("says not yet in 6.1 and present in 6.12 for bpf_cpumask_create, with filters in the URL", async ({
    page,
  }) => {
    await page.goto("/matrix");
    await page.getByRole("searchbox", { name: "Search" }).fill("bpf_cpumask_create");
    await expect(page).toHaveURL(/\/matrix\?q=bpf_cpumask_create/);
    const row = page
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: /bpf_cpumask_create/ }) });
    // Each cell says in words what its glyph and colour show.
    // Absent from v6.1 before it ever appeared: "not yet", not the ✕ of a removal.
    await expect(
      row.getByRole("cell", { name: "v6.1: not yet in this release, no state yet" }),
    ).toContainText("·");
    await expect(row.getByRole("cell", { name: "v6.12: present (introduced here), unstable" })).toContainText(
      "+",
    );
    await expect(row.getByRole("cell", { name: "v6.18: present, unstable" })).toContainText("✓");
    await expect(page.getByRole("table").locator("caption")).toContainText("Availability of kfuncs");
  });

  test("a kfunc missing from the BTF release is not in that build, not removed", async ({ page }) => {
    await page.goto("/matrix?q=scx_bpf_pick_idle_cpu");
    const row = page
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: /scx_bpf_pick_idle_cpu/ }) });
    await expect(
      row.getByRole("cell", { name: "v6.18: not in this build's BTF (may be configured out), unstable" }),
    ).toContainText("–");
  });

  test("shows the ingested releases by default, every known one on request", async ({ page }) => {
    await page.goto("/matrix?q=cpumask");
    await expect(page.getByRole("columnheader")).toHaveText(["kfunc", "v6.1", "v6.12", "v6.18"]);
    await page.getByRole("link", { name: "Show every known release" }).click();
    await expect(page).toHaveURL(/cols=all/);
    await expect(page.getByRole("columnheader", { name: "v6.13" })).toBeVisible();
  });
});

test.describe("release reports", () => {
  test("v6.12 against v6.1 lists bpf_cpumask_create as added", async ({ page }) => {
    await page.goto("/releases/v6.12?vs=v6.1");
    await expect(page.getByRole("heading", { level: 1, name: "v6.12" })).toBeVisible();
    await expect(page.getByText("Debian linux-source 6.12 (e2e fixture)")).toBeVisible();
    const added = page.getByRole("region", { name: /^Added/ });
    await expect(added.getByRole("link", { name: "bpf_cpumask_create" })).toBeVisible();
    const removed = page.getByRole("region", { name: /^Removed/ });
    await expect(removed.getByRole("link")).toHaveText(["bpf_kfunc_call_test1"]);
    const changed = page.getByRole("region", { name: /^Changed/ });
    await expect(changed.getByRole("link", { name: "bbr_main" })).toBeVisible();
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
    // scx_bpf_dispatch's removal in v6.17 is a documented event; no v6.17 tree was ingested.
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
  expect(lines[0]).toBe(
    "name,state,subsystem,firstSeen,lastSeen,prototype,flags,progTypes,presentIn,inferredIn",
  );
  const names = lines.slice(1).map((l) => l.split(",")[0]);
  const shown = await page.getByRole("table").getByRole("rowheader").getByRole("link").allInnerTexts();
  expect(names).toEqual(shown);
  expect(names).toEqual(CPUMASK_MATCHES);
  expect(lines.slice(1).every((l) => l.includes("UNSTABLE"))).toBe(true);
});

test("hidden catalog columns live in the URL", async ({ page, isMobile }) => {
  await page.goto("/kfuncs?q=cpumask");
  if (isMobile) {
    // A phone shows each kfunc's name and state; the other columns, and the choice of them,
    // start at the sm breakpoint.
    await expect(page.getByText("Columns", { exact: true })).toBeHidden();
    await expect(page.getByRole("columnheader").filter({ visible: true })).toHaveText([/Name/, /State/]);
    return;
  }
  await page.getByText("Columns", { exact: true }).click();
  // The URL is the state: the box follows once the new view arrives.
  await page.getByRole("checkbox", { name: "Flags" }).click();
  await expect(page).toHaveURL(/hide=flags/);
  await expect(page.getByRole("columnheader", { name: "Flags" })).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: "Flags" })).not.toBeChecked();
  await page.reload();
  await expect(page.getByRole("columnheader", { name: "Flags" })).toHaveCount(0);
});
