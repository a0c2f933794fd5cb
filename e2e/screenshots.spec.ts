import { readFileSync } from "node:fs";
import { type Page, test } from "@playwright/test";
import { desktop, phone } from "./devices";

// `npm run screenshots` (playwright.screenshots.config.ts, on the shipped data). Pictures for
// people, not tests: nothing here asserts anything, and `npm test` does not run it.

interface Shot {
  /** Written to docs/screenshots/<file>.png, where the README shows it. */
  file: string;
  url: string;
  dark?: boolean;
  /** CSS pixels from the top of the page. */
  height: number;
}

// The README's images: the desktop ones show the main views, the phone ones two pages as they
// look in the hand.
const README: { width: "desktop" | "phone"; device: typeof desktop; shots: Shot[] }[] = [
  {
    width: "desktop",
    device: desktop,
    shots: [
      { file: "catalog-desktop", url: "/kfuncs", height: 860 },
      { file: "kfunc-desktop", url: "/kfuncs/bbr_main", height: 1100 },
      { file: "matrix-desktop", url: "/matrix", height: 760 },
      { file: "release-desktop", url: "/releases/v6.12?vs=v6.1", dark: true, height: 900 },
      {
        file: "check-desktop",
        url: "/check?names=bpf_task_acquire+bpf_rcu_read_lock+scx_bpf_dispatch+bpf_cpumask_first&min=v6.12",
        height: 1500,
      },
    ],
  },
  {
    width: "phone",
    device: phone,
    shots: [
      { file: "catalog-phone", url: "/kfuncs?state=removed", height: 780 },
      { file: "kfunc-phone", url: "/kfuncs/scx_bpf_reenqueue_local", dark: true, height: 780 },
      { file: "check-phone", url: "/check?names=bpf_task_acquire+scx_bpf_dispatch&min=v6.12", height: 1400 },
    ],
  },
];

// Two hundred real kfunc names: a report with hundreds of rows.
const MANY_KFUNCS = JSON.parse(readFileSync(new URL("../data/releases/v7.3.json", import.meta.url), "utf8"))
  .kfuncs.slice(0, 200)
  .map((k: { name: string }) => k.name)
  .join("+");

// Every page, whole, at both widths: e2e/screenshots/<width>/<name>.png (not committed).
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
  ["matrix-all", "/matrix?cols=all&q=bpf_ct"],
  ["kfunc-module", "/kfuncs/bpf_ct_insert_entry"],
  ["catalog-btf-release", "/kfuncs?release=v7.0&progType=XDP"],
  ["release-notes", "/releases/v7.0"],
  ["releases", "/releases"],
  ["release-report", "/releases/v6.12"],
  ["release-report-btf", "/releases/v6.18?vs=v6.12"],
  ["release-not-ingested", "/releases/v6.17"],
  ["api-docs", "/api-docs"],
  ["check", "/check"],
  ["check-names", "/check?names=bpf_task_acquire+scx_bpf_dispatch+no_such_kfunc&release=v6.1"],
  ["check-bad-names", "/check?names=bad-name%3B+DROP"],
  ["check-many", `/check?names=${MANY_KFUNCS}`],
  ["queue", "/queue"],
  ["queue-all-candidates", "/queue?candidates=all"],
] as const;

async function open(page: Page, url: string, dark = false) {
  await page.emulateMedia({ colorScheme: dark ? "dark" : "light" });
  await page.goto(url);
  await page.waitForLoadState("networkidle");
}

for (const { width, device, shots } of README) {
  test.describe(`README at ${width} width`, () => {
    test.use(device);
    for (const shot of shots) {
      test(shot.file, async ({ page }) => {
        await open(page, shot.url, shot.dark);
        const { width: pageWidth } = page.viewportSize() ?? { width: 0 };
        await page.screenshot({
          path: `docs/screenshots/${shot.file}.png`,
          fullPage: true,
          clip: { x: 0, y: 0, width: pageWidth, height: shot.height },
          scale: "css",
        });
      });
    }
  });
}

for (const [width, device] of [
  ["desktop", desktop],
  ["phone", phone],
] as const) {
  test.describe(`every page at ${width} width`, () => {
    test.use(device);
    for (const [name, url] of PAGES) {
      test(name, async ({ page }) => {
        await open(page, url);
        await page.screenshot({ path: `e2e/screenshots/${width}/${name}.png`, fullPage: true });
      });
    }
  });
}
