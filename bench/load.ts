// `npm run bench:load`: throughput and latency of the pages and the API under many connections,
// against the production build, beside a static asset of similar size served by the same server.
// Needs `npm run build` first. Not a timed test: it prints figures, and fails only on errors or 5xx.
//
//   npm run bench:load                                   # 100 connections × 5 s per route
//   npm run bench:load -- --connections 100 --duration 30
//   npm run bench:load -- --connections 50 --duration 10 --only catalog,static
//   npm run bench:load -- --base http://127.0.0.1:3000   # a running server (no signed-in route)
//
// Without --base it sets up a fresh embedded database (or migrates DATABASE_URL's), adds a
// maintainer with `kfunc users add` before the server starts, starts `next start` on 127.0.0.1,
// signs in, and stops the server at the end.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";

const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "100" },
    duration: { type: "string", default: "5" },
    port: { type: "string", default: "3298" },
    base: { type: "string" },
    only: { type: "string" },
  },
});
const CONNECTIONS = Number(values.connections);
const DURATION = Number(values.duration);
const base = values.base ?? `http://127.0.0.1:${values.port}`;
const dataDir = path.resolve(".data/bench-load");
const MAINTAINER = { email: "load-maintainer@bench.example.org", password: "load bench maintainer password" };

interface Route {
  key: string;
  label: string;
  method?: "GET" | "POST";
  /** A fixed path, or one per request (filter combinations nobody asked for before). */
  path: string | (() => string);
  body?: string;
  headers?: Record<string, string>;
  signedIn?: boolean;
}

// Filter combinations visited once each: the first visit of a view must not cost seconds.
const WORDS = [
  "cpumask",
  "task",
  "xdp",
  "skb",
  "dynptr",
  "iter",
  "rcu",
  "crypto",
  "sock",
  "map",
  "css",
  "bpf",
];
const STATES = ["", "stable", "unstable", "deprecated", "removed"];
let fresh = 0;
function uncachedCatalogPath(): string {
  const n = fresh++;
  const word = WORDS[n % WORDS.length] as string;
  const state = STATES[Math.floor(n / WORDS.length) % STATES.length] as string;
  const page = 1 + Math.floor(n / (WORDS.length * STATES.length));
  return `/kfuncs?q=${word}${state ? `&state=${state}` : ""}&page=${page}&pageSize=20`;
}

const ROUTES: Route[] = [
  { key: "static", label: "static asset (.next/static)", path: "" },
  { key: "catalog", label: "/kfuncs", path: "/kfuncs" },
  { key: "filtered", label: "/kfuncs?state=stable&q=task", path: "/kfuncs?state=stable&q=task" },
  { key: "uncached", label: "/kfuncs?q=…&state=…&page=… (new each)", path: uncachedCatalogPath },
  { key: "kfunc", label: "/kfuncs/bpf_cpumask_create", path: "/kfuncs/bpf_cpumask_create" },
  { key: "matrix", label: "/matrix", path: "/matrix" },
  { key: "api", label: "/api/v1/kfuncs", path: "/api/v1/kfuncs" },
  {
    key: "check",
    label: "POST /api/v1/check",
    method: "POST",
    path: "/api/v1/check",
    body: JSON.stringify({ names: ["bpf_cpumask_create", "bpf_task_acquire", "bpf_rcu_read_lock"] }),
    headers: { "content-type": "application/json" },
  },
  {
    key: "kfunc-signed-in",
    label: "/kfuncs/bpf_cpumask_create (maintainer)",
    path: "/kfuncs/bpf_cpumask_create",
    signedIn: true,
  },
  { key: "queue", label: "/queue (signed-in maintainer)", path: "/queue", signedIn: true },
];

/** The static chunk whose size is nearest the catalog page's HTML (by ratio: 112 KB is nearer 70 KB than 33 KB). */
function staticAssetNear(bytes: number): string {
  const dir = path.resolve(".next/static/chunks");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".js"))
    .map((f) => ({ f, size: statSync(path.join(dir, f)).size }))
    .sort((a, b) => Math.abs(Math.log(a.size / bytes)) - Math.abs(Math.log(b.size / bytes)));
  if (!files[0]) throw new Error(`no chunk in ${dir}: run npm run build`);
  return `/_next/static/chunks/${files[0].f}`;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, input?: string) {
  const result = spawnSync(command, args, { env, input, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
}

async function waitForServer(server: ChildProcess | null) {
  for (let i = 0; i < 300; i++) {
    if (server && server.exitCode !== null) throw new Error(`the server exited (${server.exitCode})`);
    try {
      if ((await fetch(`${base}/kfuncs`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error("the server did not start");
}

async function signIn(): Promise<string> {
  const answer = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify(MAINTAINER),
  });
  const cookies = answer.headers.getSetCookie().map((c) => c.split(";")[0]);
  if (!answer.ok || !cookies.length) throw new Error(`sign-in answered ${answer.status}`);
  return cookies.join("; ");
}

interface Figures {
  label: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  fiveXX: number;
  bytes: number;
}

/** Waits until the server answers a page quickly again: a slow route leaves work queued behind it. */
async function drain() {
  for (let i = 0; i < 120; i++) {
    const started = performance.now();
    await (await fetch(`${base}/kfuncs`)).arrayBuffer();
    if (performance.now() - started < 200) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function load(route: Route, cookie: string | null): Promise<Figures> {
  const latencies: number[] = [];
  const headers = {
    "accept-encoding": "gzip",
    ...(route.headers ?? {}),
    ...(route.signedIn && cookie ? { cookie } : {}),
  };
  const dynamicPath = typeof route.path === "function" ? route.path : null;
  const instance = autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION,
    method: route.method ?? "GET",
    headers,
    body: route.body,
    timeout: 30,
    requests: [
      {
        method: route.method ?? "GET",
        path: typeof route.path === "string" ? route.path : "/",
        ...(dynamicPath
          ? { setupRequest: (request: { path: string }) => ({ ...request, path: dynamicPath() }) }
          : {}),
      },
    ],
  });
  let bytes = 0;
  instance.on("response", (_client: unknown, _status: number, resBytes: number, responseTime: number) => {
    latencies.push(responseTime);
    bytes += resBytes;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    label: route.label,
    rps: result.requests.total / (result.duration || DURATION),
    p50: pct(0.5),
    p95: pct(0.95),
    p99: pct(0.99),
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    fiveXX: result["5xx"],
    bytes: latencies.length ? bytes / latencies.length : 0,
  };
}

async function main() {
  const only = values.only ? new Set(values.only.split(",")) : null;
  let server: ChildProcess | null = null;
  let cookie: string | null = null;
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    ...(process.env.DATABASE_URL ? {} : { KFUNC_DATA_DIR: dataDir, DATABASE_URL: "" }),
  };
  try {
    if (!values.base) {
      if (!process.env.DATABASE_URL) rmSync(dataDir, { recursive: true, force: true });
      console.log("setting up the database and a maintainer account…");
      run("npx", ["tsx", "--conditions=react-server", "scripts/db-setup.ts"], env);
      const add = spawnSync(
        process.execPath,
        ["bin/kfunc", "users", "add", MAINTAINER.email, "--role", "maintainer", "--name", "Load Maintainer"],
        { env, input: `${MAINTAINER.password}\n`, encoding: "utf8" },
      );
      if (add.status !== 0 && !/already/i.test(add.stderr)) throw new Error(`kfunc users add: ${add.stderr}`);
      server = spawn(
        process.execPath,
        ["node_modules/next/dist/bin/next", "start", "-p", values.port as string, "-H", "127.0.0.1"],
        { env, stdio: "ignore" },
      );
    }
    await waitForServer(server);
    if (!values.base) cookie = await signIn();
    const catalogBytes = (await (await fetch(`${base}/kfuncs`)).arrayBuffer()).byteLength;
    const asset = staticAssetNear(catalogBytes);
    (ROUTES[0] as Route).path = asset;
    (ROUTES[0] as Route).label =
      `static ${asset.split("/").pop()} (${(statSync(path.resolve(".next/static/chunks", asset.split("/").pop() as string)).size / 1024).toFixed(0)} KB)`;
    const routes = ROUTES.filter((r) => (!only || only.has(r.key)) && (!r.signedIn || cookie));
    // One warm-up request each: the figures are of a server that has seen the route once.
    for (const r of routes) {
      if (typeof r.path !== "string") continue;
      await fetch(base + r.path, {
        method: r.method ?? "GET",
        body: r.body,
        headers: { ...(r.headers ?? {}), ...(r.signedIn && cookie ? { cookie } : {}) },
      });
    }
    console.log(
      `${CONNECTIONS} connections × ${DURATION} s per route, gzip accepted; catalog page ${(catalogBytes / 1024).toFixed(1)} KB of HTML`,
    );
    const results: Figures[] = [];
    for (const route of routes) {
      await drain();
      const f = await load(route, cookie);
      results.push(f);
      const staticRps = results[0]?.label.startsWith("static") ? results[0].rps : null;
      const ratio = staticRps && f !== results[0] ? `  ${(f.rps / staticRps).toFixed(2)}× static` : "";
      console.log(
        `${f.label.padEnd(44)} ${f.rps.toFixed(0).padStart(5)} req/s  p50 ${f.p50.toFixed(0).padStart(5)} ms  p95 ${f.p95.toFixed(0).padStart(5)} ms  p99 ${f.p99.toFixed(0).padStart(5)} ms  ${String(f.requests).padStart(6)} req  ${f.errors} errors  ${f.non2xx} non-2xx (${f.fiveXX} 5xx)${ratio}`,
      );
    }
    const bad = results.filter((f) => f.errors || f.fiveXX || f.non2xx || f.requests === 0);
    if (bad.length) {
      console.error(`errors, non-2xx answers or no answer at all on: ${bad.map((f) => f.label).join(", ")}`);
      process.exitCode = 1;
    }
  } finally {
    server?.kill("SIGTERM");
    if (server && !process.env.DATABASE_URL) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exit(1);
});
