// `npm run bench:pages`: server time of each page and API route on the shipped data, under 50
// concurrent connections, against the production build on a fresh embedded database.
// Prints p50/p95 per URL. Needs `npm run build` first. Not a timed test.
//
//   npm run bench:pages [-- --connections 50 --requests 500]
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    requests: { type: "string", default: "400" },
    port: { type: "string", default: "3299" },
  },
});
const CONNECTIONS = Number(values.connections);
const REQUESTS = Number(values.requests);
const base = `http://127.0.0.1:${values.port}`;
const dataDir = path.resolve(".data/bench-pglite");

const URLS = [
  "/",
  "/kfuncs",
  "/kfuncs?state=unstable&progType=XDP&release=v6.12&q=xdp",
  "/kfuncs/bpf_cpumask_create",
  "/matrix",
  "/releases/v6.12?vs=v6.1",
  "/api/v1/kfuncs?q=cpumask",
  "/api/v1/kfuncs/bpf_task_acquire",
  "/feeds/events.atom",
];

async function waitForServer() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/kfuncs`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

async function load(url: string) {
  const samples: number[] = [];
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < REQUESTS) {
      next++;
      const start = performance.now();
      const response = await fetch(base + url);
      await response.arrayBuffer();
      samples.push(performance.now() - start);
      if (!response.ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  samples.sort((a, b) => a - b);
  const p = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN;
  console.log(
    `${url.padEnd(56)} p50 ${p(0.5).toFixed(1).padStart(7)} ms  p95 ${p(0.95).toFixed(1).padStart(7)} ms${failures ? `  ${failures} failed` : ""}`,
  );
}

async function main() {
  rmSync(dataDir, { recursive: true, force: true });
  const env = { ...process.env, KFUNC_DATA_DIR: dataDir, DATABASE_URL: "", NEXT_TELEMETRY_DISABLED: "1" };
  const setup = spawn("npx", ["tsx", "--conditions=react-server", "scripts/db-setup.ts"], {
    env,
    stdio: "inherit",
  });
  await new Promise((resolve, reject) =>
    setup.on("exit", (code) => (code === 0 ? resolve(null) : reject(new Error("db setup failed")))),
  );
  const server = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", values.port ?? "3299", "-H", "127.0.0.1"],
    {
      env,
      stdio: "ignore",
    },
  );
  try {
    await waitForServer();
    console.log(`${CONNECTIONS} connections, ${REQUESTS} requests per URL (warm-up: 50 each)`);
    for (const url of URLS) {
      for (let i = 0; i < 50; i++) await (await fetch(base + url)).arrayBuffer();
      await load(url);
    }
  } finally {
    server.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exit(1);
});
