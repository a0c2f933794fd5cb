import type { Browser, Page } from "@playwright/test";
import { E2E_MAINTAINER } from "./accounts";
import { expect, test } from "./fixtures";

// The promote and deprecate flow with real accounts in two browser contexts: a contributor signs
// up and proposes, a maintainer (made at the command line before the server started, see
// playwright.config.ts) approves. It writes, so it runs in the governance project, on a server and
// a database of its own.
test.describe("lifecycle governance", () => {
  // Two accounts, several page loads and two decisions each recomputing the catalog.
  test.describe.configure({ timeout: 90_000 });

  async function signUp(browser: Browser, email: string, name: string): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/sign-in?mode=sign-up&returnTo=/kfuncs/bpf_cpumask_create");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("contributor password 1");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL((url) => url.pathname === "/kfuncs/bpf_cpumask_create");
    await expect(page.getByRole("navigation", { name: "Main" }).getByText(name)).toBeVisible();
    return page;
  }

  async function signIn(browser: Browser, email: string, password: string, returnTo: string): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === returnTo.split("#")[0]);
    return page;
  }

  test("a contributor proposes a promotion with evidence; a maintainer approves; the kfunc is STABLE everywhere", async ({
    browser,
    page,
  }) => {
    // Anonymous: can read, cannot propose.
    await page.goto("/kfuncs/bpf_cpumask_create");
    await expect(page.getByRole("link", { name: "Sign in" }).last()).toBeVisible();
    await expect(page.getByRole("form", { name: "File a proposal" })).toHaveCount(0);

    const carol = await signUp(browser, `carol-${Date.now()}@example.org`, "Carol Contributor");
    const proposal = carol.getByRole("form", { name: "File a proposal" });
    // The rules explain what is not allowed now.
    await expect(proposal.getByText("Not allowed now: It is not deprecated.")).toBeVisible();
    await proposal.getByRole("radio", { name: "Promote to stable" }).check();
    await proposal.getByLabel("Rationale").fill("Every sched_ext scheduler that builds a cpumask uses it.");
    await proposal
      .getByLabel(/Evidence links/)
      .fill("https://github.com/sched-ext/scx\nhttps://lore.kernel.org/bpf/x");
    await proposal.getByRole("button", { name: "File proposal" }).click();
    await expect(proposal.getByRole("status")).toContainText(/Proposal #\d+ filed/);

    const uses = carol.getByRole("form", { name: "Record a project that uses this kfunc" });
    await uses.getByRole("textbox", { name: "Project" }).fill("scx_rusty");
    await uses.getByRole("textbox", { name: "Link" }).fill("https://github.com/sched-ext/scx");
    await uses.getByRole("button", { name: "I use this kfunc" }).click();
    await expect(carol.getByRole("link", { name: "scx_rusty" })).toBeVisible();
    // A contributor cannot decide.
    await expect(carol.getByRole("button", { name: "Approve" })).toHaveCount(0);

    // The maintainer sees it in the queue and approves it on the kfunc page.
    const mia = await signIn(browser, E2E_MAINTAINER.email, E2E_MAINTAINER.password, "/queue");
    await expect(mia.getByRole("link", { name: /bpf_cpumask_create/ }).first()).toBeVisible();
    await mia.goto("/kfuncs/bpf_cpumask_create#governance");
    const decide = mia.getByRole("form", { name: /Decide proposal/ });
    await decide
      .getByLabel("Reason for the decision")
      .fill("Production use shown; prototype unchanged since v6.12.");
    await decide.getByRole("button", { name: "Approve" }).click();
    // The decision replaces the form: the proposal reads approved, by whom, and why.
    await expect(mia.getByText(/Approved by Mia Maintainer/)).toBeVisible();
    await expect(decide).toHaveCount(0);

    // STABLE on the kfunc page (for the contributor too), on the timeline and in the feed.
    await carol.reload();
    await expect(carol.getByRole("heading", { level: 1 })).toHaveText("bpf_cpumask_create");
    await expect(carol.getByRole("main").locator("header .badge").first()).toHaveText(/Stable/);
    // On the timeline (a marker) and in the history, with who decided.
    await expect(carol.locator("svg title", { hasText: "Promoted to stable" })).toHaveCount(1);
    const history = carol.getByRole("region", { name: /^History/ });
    await expect(history.getByText("Promoted to stable").first()).toBeVisible();
    await expect(history).toContainText("maintainer decision");
    const feed = await carol.request.get("/feeds/events.atom");
    expect(await feed.text()).toContain("bpf_cpumask_create");
  });

  test("a deprecation appears in the queue under its removal release", async ({ browser }) => {
    const carol = await signUp(browser, `dora-${Date.now()}@example.org`, "Dora Developer");
    await carol.goto("/kfuncs/bpf_cpumask_acquire#governance");
    const proposal = carol.getByRole("form", { name: "File a proposal" });
    await proposal.getByRole("radio", { name: "Deprecate", exact: true }).check();
    await proposal.getByLabel("Rationale").fill("Superseded by reference-counted cpumasks.");
    await proposal.getByLabel("Earliest removal").selectOption("v7.3");
    await proposal.getByLabel("Replacement kfunc").fill("bpf_cpumask_create");
    await proposal.getByRole("button", { name: "File proposal" }).click();
    await expect(proposal.getByRole("status")).toContainText(/filed/);

    const mia = await signIn(
      browser,
      E2E_MAINTAINER.email,
      E2E_MAINTAINER.password,
      "/kfuncs/bpf_cpumask_acquire",
    );
    const decide = mia.getByRole("form", { name: /Decide proposal/ });
    await decide.getByLabel("Reason for the decision").fill("Agreed; removal not before v7.3.");
    await decide.getByRole("button", { name: "Approve" }).click();
    await expect(mia.getByText(/Approved by Mia Maintainer/)).toBeVisible();
    await mia.reload();
    await expect(mia.getByText(/may be removed from v7.3 on/)).toBeVisible();

    await mia.goto("/queue");
    const group = mia.locator("section", { hasText: "v7.3" }).filter({ hasText: "bpf_cpumask_acquire" });
    await expect(group.first()).toBeVisible();
  });
});
