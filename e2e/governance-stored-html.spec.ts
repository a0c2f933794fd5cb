import { expect, test } from "./fixtures";

// Text stored through the API with HTML and SQL in it comes back on the page as text, never as
// markup. It writes, so it runs in the governance project, on a server and database of its own
// (playwright.config.ts), like governance.spec.ts.
test.describe("stored HTML and SQL", () => {
  // Sign-up, two writes and four page loads.
  test.describe.configure({ timeout: 90_000 });

  const HOSTILE = `<script>alert(1)</script>' OR 1=1 -- <img src=x onerror=alert(2)>`;
  const KFUNC = "bpf_cpumask_populate";

  test("come back on the kfunc page as the text given, never as markup", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    // A contributor, signed up as a user would; the API is then used with the session cookie.
    await page.goto("/sign-in?mode=sign-up");
    await page.getByLabel("Name").fill(`Eve <b>Hostile</b>`);
    await page.getByLabel("Email").fill(`eve-${Date.now()}@example.org`);
    await page.getByLabel("Password").fill("hostile password 1");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL((url) => url.pathname !== "/sign-in");

    const origin = new URL(page.url()).origin;
    const post = (url: string, data: unknown) =>
      page.request.post(url, { data, headers: { Origin: origin, "Content-Type": "application/json" } });
    const filed = await post("/api/v1/proposals", {
      kfunc: KFUNC,
      kind: "PROMOTE",
      rationale: HOSTILE,
      evidence: ["https://example.org/?q=%3Cscript%3E"],
    });
    expect(filed.status(), await filed.text()).toBe(201);
    const { id } = await filed.json();
    const dependent = await post(`/api/v1/kfuncs/${KFUNC}/dependents`, { project: HOSTILE, url: "" });
    expect(dependent.status(), await dependent.text()).toBe(201);

    // The served HTML holds the text escaped, in the markup and in the payload React hydrates from.
    const html = await (await page.request.get(`/kfuncs/${KFUNC}`)).text();
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toContain("<img src=x");

    // The browser shows it as text; nothing runs.
    await page.goto(`/kfuncs/${KFUNC}#governance`);
    await expect(page.getByText(HOSTILE).first()).toBeVisible();
    await expect(page.locator("img[src='x']")).toHaveCount(0);
    await page.goto("/queue");
    await expect(page.getByText(HOSTILE).first()).toBeVisible();
    expect(dialogs).toEqual([]);

    // Leave the queue as the other specs expect it.
    const withdrawn = await page.request.post(`/api/v1/proposals/${id}/withdraw`, {
      headers: { Origin: origin },
    });
    expect(withdrawn.status(), await withdrawn.text()).toBe(200);
    await context.close();
  });
});
