import { test } from "./fixtures";

// Screenshots of every page at the project's widths (desktop and phone), for people to look at.
const PAGES = [
  ["overview", "/"],
  ["catalog", "/kfuncs"],
  ["catalog-filtered", "/kfuncs?state=removed&sort=lastSeen.desc"],
  ["catalog-empty", "/kfuncs?q=zzzz_nothing"],
  ["kfunc-detail", "/kfuncs/bpf_cpumask_create"],
  ["kfunc-removed", "/kfuncs/bpf_task_kptr_get"],
  ["kfunc-not-found", "/kfuncs/no_such_kfunc"],
] as const;

for (const [name, url] of PAGES) {
  test(`screenshot ${name}`, async ({ page }, info) => {
    await page.goto(url);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `e2e/screenshots/${info.project.name}/${name}.png`, fullPage: true });
  });
}
