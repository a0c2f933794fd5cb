import { test } from "./fixtures";

// Screenshots of every page at the project's widths (desktop and phone), for people to look at.
const PAGES = [
  ["overview", "/"],
  ["catalog", "/kfuncs"],
  ["catalog-filtered", "/kfuncs?state=removed&sort=lastSeen.desc"],
  ["catalog-empty", "/kfuncs?q=zzzz_nothing"],
  ["kfunc-detail", "/kfuncs/bpf_cpumask_create"],
  ["kfunc-removed", "/kfuncs/bpf_kfunc_call_test1"],
  ["kfunc-not-found", "/kfuncs/no_such_kfunc"],
  ["kfunc-deprecated", "/kfuncs/scx_bpf_reenqueue_local"],
  ["matrix", "/matrix"],
  ["matrix-ingested", "/matrix?cols=ingested&pageSize=200"],
  ["releases", "/releases"],
  ["release-report", "/releases/v6.12"],
  ["release-report-btf", "/releases/v6.18?vs=v6.12"],
  ["release-not-ingested", "/releases/v6.17"],
  ["api-docs", "/api-docs"],
] as const;

for (const [name, url] of PAGES) {
  test(`screenshot ${name}`, async ({ page }, info) => {
    await page.goto(url);
    await page.waitForLoadState("load");
    await page.screenshot({ path: `e2e/screenshots/${info.project.name}/${name}.png`, fullPage: true });
  });
}
