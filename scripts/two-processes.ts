// Two app processes on one PostgreSQL database, behind nginx (Debian's) balancing round-robin:
// shows that a write made through one process is seen through the other at once (each polled
// directly, once, no retry), that sessions live in the database (signed in on A, used on B), and
// that the cached pages of both follow the catalog version. Needs `npm run build`, nginx and a
// PostgreSQL server (127.0.0.1:5432, trust auth); it makes a database of its own and drops it.
//
//   npx tsx scripts/two-processes.ts [--pg postgresql://postgres@127.0.0.1:5432/postgres]
//
// test/two-processes.test.ts runs it (and skips, saying why, when nginx or the build is missing).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface TwoProcessOptions {
  /** A database URL on the server the test database is made on (its own database is not used). */
  pgUrl?: string;
  ports?: { a: number; b: number; nginx: number };
  log?: (line: string) => void;
}

const ROOT = path.resolve(import.meta.dirname, "..");
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const FIXTURES = path.join(ROOT, "test", "fixtures", "catalog");
const MAINTAINER = { email: "two-processes@example.org", password: "two processes maintainer password" };

export function nginxBinary(): string | null {
  for (const candidate of ["/usr/sbin/nginx", "/usr/bin/nginx"]) if (existsSync(candidate)) return candidate;
  return null;
}

/** Why the demonstration cannot run here, or null. */
export function missingPrerequisite(): string | null {
  if (!nginxBinary()) return "nginx is not installed (apt-get install -y nginx)";
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return "no production build (npm run build)";
  return null;
}

async function waitFor(url: string, child: ChildProcess, name: string) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${name} did not answer at ${url}`);
}

function stop(child: ChildProcess | undefined) {
  if (child && child.exitCode === null && child.pid) process.kill(child.pid, "SIGTERM");
}

export async function runTwoProcesses(options: TwoProcessOptions = {}): Promise<Check[]> {
  const log = options.log ?? (() => {});
  const pgUrl = options.pgUrl ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const ports = options.ports ?? { a: 3471, b: 3472, nginx: 3470 };
  const nginx = nginxBinary();
  if (!nginx) throw new Error("nginx is not installed");
  const dbName = `kfunc_two_processes_${randomBytes(4).toString("hex")}`;
  const dbUrl = new URL(pgUrl);
  dbUrl.pathname = `/${dbName}`;
  const work = mkdtempSync(path.join(tmpdir(), "kfunc-two-processes-"));
  const env = {
    ...process.env,
    DATABASE_URL: dbUrl.toString(),
    KFUNC_CATALOG_DIR: FIXTURES,
    // Every process signs and checks sessions with the same secret.
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const children: ChildProcess[] = [];
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => {
    checks.push({ name, ok, detail });
    log(`${ok ? "ok  " : "FAIL"} ${name}: ${detail}`);
  };
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  try {
    log(`database ${dbName}: migrating and loading the test catalog…`);
    const setup = spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/db-setup.ts"], {
      cwd: ROOT,
      env,
      encoding: "utf8",
    });
    if (setup.status !== 0) throw new Error(`db-setup failed: ${setup.stderr}`);
    const add = spawnSync(
      process.execPath,
      ["bin/kfunc", "users", "add", MAINTAINER.email, "--role", "maintainer", "--name", "Two Processes"],
      { cwd: ROOT, env, input: `${MAINTAINER.password}\n`, encoding: "utf8" },
    );
    if (add.status !== 0) throw new Error(`kfunc users add failed: ${add.stderr}`);

    const A = `http://127.0.0.1:${ports.a}`;
    const B = `http://127.0.0.1:${ports.b}`;
    const N = `http://127.0.0.1:${ports.nginx}`;
    for (const port of [ports.a, ports.b]) {
      const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], {
        cwd: ROOT,
        env,
        stdio: "ignore",
      });
      children.push(child);
    }
    writeFileSync(
      path.join(work, "nginx.conf"),
      `worker_processes 1;
error_log ${work}/error.log warn;
pid ${work}/nginx.pid;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${work}/body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  upstream kfunc_app {
    server 127.0.0.1:${ports.a};
    server 127.0.0.1:${ports.b};
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${ports.nginx};
    location / {
      proxy_pass http://kfunc_app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`,
    );
    const balancer = spawn(nginx, ["-p", work, "-c", path.join(work, "nginx.conf"), "-g", "daemon off;"], {
      stdio: "ignore",
    });
    children.push(balancer);
    await Promise.all([
      waitFor(`${A}/kfuncs`, children[0] as ChildProcess, "process A"),
      waitFor(`${B}/kfuncs`, children[1] as ChildProcess, "process B"),
    ]);
    await waitFor(`${N}/kfuncs`, balancer, "nginx");
    log(`A ${A}, B ${B}, nginx ${N} (round-robin over A and B)`);

    // Sessions live in the database: signed in through A, the cookie works on B.
    const signIn = await fetch(`${A}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: A },
      body: JSON.stringify(MAINTAINER),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const sessionOn = async (base: string) =>
      (
        (await (await fetch(`${base}/api/auth/get-session`, { headers: { cookie } })).json()) as {
          user?: { email?: string };
        } | null
      )?.user?.email ?? null;
    check("signed in through A", signIn.ok && cookie.length > 0, `status ${signIn.status}`);
    const onB = await sessionOn(B);
    check("A's session cookie works on B", onB === MAINTAINER.email, `B sees ${onB}`);

    // Both processes cache the kfunc page; a decision through A must show on B's next request.
    const name = "bpf_task_acquire";
    const page = async (base: string, pathname: string, headers: Record<string, string> = {}) => {
      const r = await fetch(base + pathname, { headers });
      return { status: r.status, cache: r.headers.get("x-nextjs-cache"), html: await r.text() };
    };
    const apiState = async (base: string, kfunc: string) => {
      const r = await fetch(`${base}/api/v1/kfuncs/${kfunc}`);
      return r.ok ? ((await r.json()) as { data: { state?: string } }).data.state : `HTTP ${r.status}`;
    };
    for (const base of [A, B]) await page(base, `/kfuncs/${name}`);
    const warm = await page(B, `/kfuncs/${name}`);
    check("B serves the kfunc page from its cache", warm.cache === "HIT", `x-nextjs-cache ${warm.cache}`);
    check(
      "before: B says UNSTABLE",
      (await apiState(B, name)) === "UNSTABLE",
      `API on B: ${await apiState(B, name)}`,
    );

    const post = (base: string, pathname: string, body: unknown) =>
      fetch(base + pathname, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base, cookie },
        body: JSON.stringify(body),
      });
    const reason = `Two processes agree ${randomBytes(3).toString("hex")}`;
    const filed = await post(A, "/api/v1/proposals", {
      kfunc: name,
      kind: "PROMOTE",
      rationale: "Used in production.",
      evidence: ["https://example.org/production"],
    });
    const { id } = (await filed.json()) as { id: number };
    const decided = await post(A, `/api/v1/proposals/${id}/decision`, { outcome: "APPROVED", reason });
    check("decision made through A", decided.status === 201, `proposal ${id}: ${decided.status}`);
    const afterB = await page(B, `/kfuncs/${name}`);
    check(
      "B's cached kfunc page shows the decision at once",
      afterB.html.includes(reason),
      `x-nextjs-cache ${afterB.cache}, reason ${afterB.html.includes(reason) ? "shown" : "missing"}`,
    );
    const stateB = await apiState(B, name);
    check("B's API says STABLE at once", stateB === "STABLE", `API on B: ${stateB}`);
    const signedInB = await page(B, `/kfuncs/${name}`, { cookie });
    check(
      "B's page for the signed-in maintainer shows it",
      signedInB.html.includes(reason),
      "rendered for the user",
    );

    // An ingest through A: a new release with a new kfunc, seen on B at once.
    const snapshot = JSON.parse(readFileSync(path.join(FIXTURES, "releases", "v6.12.json"), "utf8"));
    const probe = "bpf_two_process_probe";
    snapshot.release = "v6.13";
    snapshot.origin = "two-process check";
    snapshot.kfuncs.push({ ...snapshot.kfuncs[0], name: probe, prototype: `int ${probe}(void)` });
    const catalogBefore = await page(B, `/kfuncs?q=${probe}`);
    const ingested = await post(A, "/api/v1/ingest", snapshot);
    check("ingest through A", ingested.ok, `status ${ingested.status}`);
    const probeB = await apiState(B, probe);
    check("B's API has the new kfunc at once", probeB === "UNSTABLE", `API on B: ${probeB}`);
    const catalogB = await page(B, `/kfuncs?q=${probe}`);
    check(
      "B's cached catalog lists it at once",
      !catalogBefore.html.includes(`/kfuncs/${probe}`) && catalogB.html.includes(`/kfuncs/${probe}`),
      `before: ${catalogBefore.html.includes(`/kfuncs/${probe}`) ? "listed" : "absent"}, after: ${catalogB.html.includes(`/kfuncs/${probe}`) ? "listed" : "absent"}`,
    );

    // Through nginx: both processes answer, and agree.
    const upstreams = new Set<string>();
    const states = new Set<string>();
    const sessions = new Set<string | null>();
    for (let i = 0; i < 6; i++) {
      const r = await fetch(`${N}/api/v1/kfuncs/${name}`);
      upstreams.add(r.headers.get("x-upstream") ?? "?");
      states.add(((await r.json()) as { data: { state: string } }).data.state);
    }
    for (let i = 0; i < 4; i++) sessions.add(await sessionOn(N));
    check("nginx spreads requests over A and B", upstreams.size === 2, [...upstreams].join(", "));
    check(
      "both answer the same through nginx",
      states.size === 1 && states.has("STABLE"),
      [...states].join(", "),
    );
    check(
      "the session works whichever process answers",
      sessions.size === 1 && sessions.has(MAINTAINER.email),
      [...sessions].join(", "),
    );
    return checks;
  } finally {
    for (const child of children) stop(child);
    await new Promise((r) => setTimeout(r, 500));
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const missing = missingPrerequisite();
  if (missing) {
    console.error(`cannot run: ${missing}`);
    process.exit(2);
  }
  const pgArg = process.argv.indexOf("--pg");
  runTwoProcesses({ pgUrl: pgArg > 0 ? process.argv[pgArg + 1] : undefined, log: console.log })
    .then((checks) => {
      const failed = checks.filter((c) => !c.ok);
      console.log(
        failed.length
          ? `${failed.length} of ${checks.length} checks failed`
          : `all ${checks.length} checks passed`,
      );
      process.exit(failed.length ? 1 : 0);
    })
    .catch((error) => {
      console.error(`two processes: ${(error as Error).message}`);
      process.exit(1);
    });
}
