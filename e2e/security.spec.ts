import { readdirSync } from "node:fs";
import path from "node:path";
import { securityHeaders } from "../lib/security/headers";
import { expect, test } from "./fixtures";

// Hostile input and the browser's defences, against the production server: every page and answer
// carries the security headers, pages work under the Content-Security-Policy (the fixtures fail a
// test on any console error, CSP refusals included). Text stored with HTML and SQL in it is checked
// in governance-stored-html.spec.ts, on the governance project's own server.

/** A concrete path for each page of app/, by its dynamic segments (a new page fails until named here). */
// app/cached-view holds the cached renderings proxy.ts rewrites to; asked for by name they answer 404.
const SAMPLE_SEGMENTS: Record<string, string> = {
  "[name]": "bpf_cpumask_create",
  "[tag]": "v6.18",
  "[version]": "1",
  "[view]": "-",
};

function everyPage(): string[] {
  const app = path.join(import.meta.dirname, "..", "app");
  const files = readdirSync(app, { recursive: true, encoding: "utf8" });
  return files
    .filter((file) => path.basename(file) === "page.tsx")
    .map((file) => {
      const segments = path
        .dirname(file)
        .split(path.sep)
        .filter((s) => s !== ".");
      const sample = segments.map((segment) => {
        const value = segment.startsWith("[") ? SAMPLE_SEGMENTS[segment] : segment;
        if (!value) throw new Error(`no sample value for the page segment ${segment} of ${file}`);
        return value;
      });
      return `/${sample.join("/")}`;
    })
    .sort();
}

const OTHER_ANSWERS = [
  "/api/v1/kfuncs?q=cpumask",
  "/api/v1/kfuncs?state=sideways", // a 400
  "/api/v1/kfuncs/bpf_cpumask_create",
  "/api/v1/kfuncs/no_such_kfunc", // a 404
  "/api/v1/releases",
  "/api/v1/releases/v6.18/changes?vs=v6.1",
  "/api/v1/releases/v6.18/header",
  "/api/v1/events?kind=REMOVED",
  "/api/openapi.json",
  "/api/v2/anything", // the API's JSON 404
  "/feeds/events.atom",
  "/feeds/kfuncs/bpf_cpumask_create.atom",
  "/export/kfuncs.csv",
  "/export/kfuncs.json",
  "/no/such/page", // the HTML 404
  "/favicon.ico",
];

test.describe("security headers", () => {
  test.skip(({ isMobile }) => isMobile, "headers do not depend on the screen");

  test("every page, API answer, feed, export, error and static file carries them", async ({ request }) => {
    const pages = everyPage();
    expect(pages).toEqual(expect.arrayContaining(["/", "/kfuncs", "/kfuncs/bpf_cpumask_create", "/matrix"]));
    for (const url of [...pages, ...OTHER_ANSWERS]) {
      const response = await request.get(url, { maxRedirects: 0 });
      expect(response.status(), url).toBeLessThan(500);
      const headers = response.headers();
      for (const { key, value } of securityHeaders(false))
        expect(headers[key.toLowerCase()], `${key} on ${url}`).toBe(value);
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
      expect(headers["x-powered-by"], url).toBeUndefined();
    }
  });

  test("a static chunk carries them too", async ({ page, request }) => {
    await page.goto("/");
    const chunk = await page.locator("script[src^='/_next/static/']").first().getAttribute("src");
    const response = await request.get(chunk as string);
    expect(response.status()).toBe(200);
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  });
});
