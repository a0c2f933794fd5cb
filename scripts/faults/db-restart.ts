// `npm run fault:db-restart`: PostgreSQL stopped and started again under load, against a real
// production server. A throwaway cluster of its own (never the machine's own), migrated and seeded
// with the end-to-end catalog (KFUNC_CATALOG_DIR to choose another); `next start` on a free
// 127.0.0.1 port (the build must exist: `npx next build`); CONNECTIONS concurrent request loops
// over pages and API routes; then the cluster is stopped for DOWN_S seconds and started again.
// Passes when, while it is down, every API answer is a 503 `unavailable` JSON error with
// Retry-After and every page says the database is unavailable (no stack trace anywhere), and once
// it is back every route answers 200 again within RECOVER_S seconds, with no app restart.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { DATABASE_UNAVAILABLE } from "../../lib/db/unavailable";
import {
  canMakeThrowawayPostgres,
  freePort,
  makeThrowawayPostgres,
} from "../../test/faults/throwaway-postgres";

const root = process.cwd();
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16);
const UP_S = Number(process.env.UP_S ?? 8);
const DOWN_S = Number(process.env.DOWN_S ?? 6);
const RECOVER_S = Number(process.env.RECOVER_S ?? 10);
const ROUTES = ["/api/v1/kfuncs", "/api/v1/releases", "/kfuncs", "/", "/matrix", "/feeds/events.atom"];

type Phase = "before" | "down" | "after";
interface Tally {
  requests: number;
  byStatus: Map<string, number>;
  bad: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  if (!canMakeThrowawayPostgres()) {
    console.error(
      "skipped: no PostgreSQL binaries under /usr/lib/postgresql (or no postgres user to run them as)",
    );
    return;
  }
  if (!existsSync(path.join(root, ".next", "BUILD_ID")))
    throw new Error("no production build: run `npx next build` first");
  const cluster = await makeThrowawayPostgres();
  let server: ChildProcess | undefined;
  try {
    const url = cluster.createDatabase("kfunc");
    const env = {
      ...process.env,
      DATABASE_URL: url,
      KFUNC_CATALOG_DIR: process.env.KFUNC_CATALOG_DIR ?? path.join(root, "e2e", "fixtures", "catalog"),
      NEXT_TELEMETRY_DISABLED: "1",
    };
    const setUp = spawnSync(
      process.execPath,
      ["--import", "tsx", "--conditions=react-server", "scripts/db-setup.ts"],
      {
        env,
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    if (setUp.status !== 0) throw new Error("migrate and seed failed");
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = spawn(
      process.execPath,
      ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
      {
        env,
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let serverLog = "";
    server.stderr?.on("data", (d) => {
      serverLog += d;
    });
    for (let i = 0; ; i++) {
      if ((await fetch(`${base}/api/v1/releases`).catch(() => null))?.ok) break;
      if (i > 100) throw new Error(`the server did not start:\n${serverLog}`);
      await sleep(200);
    }
    console.error(
      `server pid ${server.pid} on ${base}, PostgreSQL on 127.0.0.1:${cluster.port}; ${CONNECTIONS} connections`,
    );

    let phase: Phase = "before";
    let lastFailureAfter = 0;
    let restartedAt = 0;
    const tallies: Record<Phase, Tally> = {
      before: { requests: 0, byStatus: new Map(), bad: [] },
      down: { requests: 0, byStatus: new Map(), bad: [] },
      after: { requests: 0, byStatus: new Map(), bad: [] },
    };
    let running = true;
    const check = async (route: string) => {
      const response = await fetch(base + route).catch((e: Error) => e);
      const body = response instanceof Error ? "" : await response.text();
      const at = phase; // where the answer arrived: a request sent just before the stop counts as down
      const tally = tallies[at];
      tally.requests++;
      if (response instanceof Error) {
        tally.byStatus.set("network error", (tally.byStatus.get("network error") ?? 0) + 1);
        tally.bad.push(`${route}: ${response.message}`);
        return;
      }
      const key = `${response.status}`;
      tally.byStatus.set(key, (tally.byStatus.get(key) ?? 0) + 1);
      const problem = judge(route, response, body, at);
      if (at === "after" && response.status !== 200) lastFailureAfter = Date.now();
      if (problem && tally.bad.length < 20) tally.bad.push(`${route} ${response.status}: ${problem}`);
    };
    const loops = Array.from({ length: CONNECTIONS }, async (_, i) => {
      for (let n = i; running; n++) await check(ROUTES[n % ROUTES.length] as string);
    });

    await sleep(UP_S * 1000);
    console.error("stopping PostgreSQL (pg_ctl stop -m fast)…");
    phase = "down";
    cluster.stop();
    await sleep(DOWN_S * 1000);
    console.error("starting PostgreSQL…");
    cluster.start();
    restartedAt = Date.now();
    phase = "after";
    await sleep(RECOVER_S * 1000);
    running = false;
    await Promise.all(loops);

    const recoveredIn = lastFailureAfter ? (lastFailureAfter - restartedAt) / 1000 : 0;
    for (const p of ["before", "down", "after"] as const) {
      const t = tallies[p];
      const statuses = [...t.byStatus].map(([s, n]) => `${s}×${n}`).join(" ");
      console.log(`${p.padEnd(7)} ${String(t.requests).padStart(6)} requests  ${statuses}`);
      for (const b of t.bad.slice(0, 5)) console.log(`        ${b}`);
    }
    console.log(`after the restart: last non-200 ${recoveredIn.toFixed(1)} s after PostgreSQL was started`);
    const lateFailures = lastFailureAfter && lastFailureAfter - restartedAt > (RECOVER_S * 1000) / 2;
    const ok =
      tallies.before.bad.length === 0 &&
      tallies.down.bad.length === 0 &&
      tallies.down.requests > 0 &&
      !lateFailures &&
      (tallies.after.byStatus.get("200") ?? 0) > 0;
    console.log(ok ? "PASS" : "FAIL");
    if (!ok) process.exitCode = 1;
  } finally {
    if (server?.pid) {
      server.kill("SIGTERM");
      await new Promise((r) => server?.once("exit", r));
    }
    cluster.destroy();
  }
}

/** What is wrong with an answer in a phase, or null. */
function judge(route: string, response: Response, body: string, phase: Phase): string | null {
  if (/\n\s+at .+\(.+:\d+:\d+\)/.test(body) || /node_modules|\.ts:\d+/.test(body))
    return "a stack trace in the body";
  if (phase === "before") return response.status === 200 ? null : "not 200 while the database is up";
  if (phase === "after") return null; // counted: the failures must stop soon after the restart
  if (response.status === 200) return null; // answered before the stop took effect
  const api = route.startsWith("/api/") || route.startsWith("/feeds/");
  if (api) {
    if (response.status !== 503) return "expected 503";
    if (!/^\d+$/.test(response.headers.get("retry-after") ?? "")) return "no Retry-After";
    try {
      if (JSON.parse(body).error?.code !== "unavailable") return "error.code is not unavailable";
    } catch {
      return "not JSON";
    }
    return null;
  }
  // A page's error boundary (app/error.tsx) renders in the browser from the digest the server sends.
  return body.includes(DATABASE_UNAVAILABLE)
    ? null
    : "the page does not carry the database-unavailable digest";
}

main().catch((error) => {
  console.error(`fault:db-restart failed: ${(error as Error).message}`);
  process.exit(1);
});
