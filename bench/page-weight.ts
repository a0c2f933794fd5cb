// `npm run bench:weight -- [--base http://127.0.0.1:3000]`: what a browser downloads for each
// page of a running production server: the HTML (raw and gzipped) and every JavaScript chunk
// the page loads (gzipped), and whether zod reached the browser. Not a timed test.

import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";

const { values } = parseArgs({ options: { base: { type: "string", default: "http://127.0.0.1:3000" } } });
const base = values.base ?? "http://127.0.0.1:3000";

const PAGES = [
  "/",
  "/kfuncs",
  "/kfuncs?pageSize=200",
  "/kfuncs/bpf_cpumask_create",
  "/matrix",
  "/releases/v6.12",
];

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const chunkCache = new Map<string, Promise<string>>();
const chunk = (src: string) => {
  let text = chunkCache.get(src);
  if (!text) {
    text = fetch(base + src).then((r) => r.text());
    chunkCache.set(src, text);
  }
  return text;
};

async function weigh(page: string) {
  const html = await (await fetch(base + page)).text();
  // Script tags and the client chunks named in the page's React payload: what the page loads.
  const sources = [...new Set(html.match(/\/_next\/static\/chunks\/[\w.-]+\.js/g) ?? [])];
  const texts = await Promise.all(sources.map(chunk));
  const js = texts.reduce((sum, t) => sum + gzipSync(t).length, 0);
  const zod = texts.some((t) => t.includes("ZodError") || t.includes("_zod"));
  console.log(
    `${page.padEnd(30)} HTML ${kb(html.length).padStart(9)} (gzip ${kb(gzipSync(html).length).padStart(8)})  JS ${String(sources.length).padStart(2)} chunks ${kb(js).padStart(9)} gzip${zod ? "  ZOD IN THE BROWSER" : "  no zod"}`,
  );
}

for (const page of PAGES) await weigh(page);
