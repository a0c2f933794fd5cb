// `npm run bench:scale`: loads a synthetic catalog (20,000 kfuncs × 60 releases by default, with
// lifecycle events, proposals with comments and decisions, dependents and policy violations) into a
// scratch database and reports p50/p95 of the data functions behind the catalog, the matrix, the
// kfunc page, the queue and the API, uncached. Then, on PostgreSQL with a production build
// (`npm run build`), it starts `next start` on that database and reports what a visitor waits for:
// each page's first visit after a change, its p50/p95 after that, the queue's first visit after a
// write made through the app (a comment), and the server's memory. Run against a PostgreSQL server by setting DATABASE_URL (a
// scratch database is created there and dropped); without it an in-memory embedded database is used.
//
//   npm run bench:scale [-- --kfuncs 20000 --releases 60 --runs 30 --keep --explain 20]
//
// Not a timed test: it prints figures to compare runs on one machine.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";

const { values } = parseArgs({
  options: {
    kfuncs: { type: "string", default: "20000" },
    releases: { type: "string", default: "60" },
    runs: { type: "string", default: "30" },
    // Keep the scratch database (PostgreSQL only) for EXPLAIN: its name is printed.
    keep: { type: "boolean", default: false },
    port: { type: "string", default: "3296" },
    // PostgreSQL: log the plan of every query of the production server slower than this many ms
    // (auto_explain, to the PostgreSQL server's log; needs a superuser in DATABASE_URL).
    explain: { type: "string" },
  },
});
const KFUNCS = Number(values.kfuncs);
const RELEASES = Number(values.releases);
const RUNS = Number(values.runs);

async function scratchDatabase(): Promise<() => Promise<void>> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    process.env.KFUNC_DATA_DIR = "memory://";
    return async () => {};
  }
  const name = `kfunc_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  return async () => {
    if (values.keep) {
      console.log(`kept the scratch database: ${process.env.DATABASE_URL}`);
      return;
    }
    const again = new pg.Client({ connectionString: server });
    await again.connect();
    await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await again.end();
  };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function time(label: string, fn: () => Promise<unknown>, runs = RUNS) {
  await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(44)} p50 ${percentile(samples, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(samples, 95).toFixed(1).padStart(7)} ms`,
  );
}

async function main() {
  const drop = await scratchDatabase();
  const { getDatabase } = await import("../lib/db/client");
  const { openDatabase } = await import("../lib/db/connect");
  const { migrate } = await import("../lib/db/migrate");
  // Migrated and loaded as the database's owner; timed through the app's own handle, which acts as
  // kfunc_app (lib/db/client.ts). In memory there is one database per handle: the owner's is used.
  const owner = process.env.DATABASE_URL ? await openDatabase() : null;
  if (!owner) {
    const memory = await openDatabase();
    (globalThis as { kfuncDatabase?: Promise<typeof memory> }).kfuncDatabase = Promise.resolve(memory);
  }
  const db = owner ?? (await getDatabase());
  try {
    await migrate(db.raw);
    const load = performance.now();
    // Releases v1.0 … spread over majors; ids follow the major*1000+minor rule.
    await db.raw.exec(`
      INSERT INTO release (id, tag, major, minor, released_on)
      SELECT 6000 + i, 'v6.' || i, 6, i, DATE '2020-01-01' + i * 63 FROM generate_series(0, ${RELEASES - 1}) i;
      INSERT INTO ingestion (release_id, source_kind, origin, source_ref, content_hash, tool_version, kfunc_count)
      SELECT id, 'SOURCE_TREE', 'synthetic', 'synthetic', md5(tag), 'bench', ${KFUNCS} FROM release;
      INSERT INTO kfunc (name, state, subsystem, prototype, flags, prog_types, first_seen_id, last_seen_id, updated_at)
      SELECT 'bpf_synthetic_' || lpad(i::text, 6, '0'),
             (ARRAY['UNSTABLE','UNSTABLE','UNSTABLE','STABLE','DEPRECATED','REMOVED'])[1 + i % 6]::"LifecycleState",
             (ARRAY['kernel/bpf','net/core','net/netfilter','kernel/sched/ext','drivers/hid','fs'])[1 + i % 6],
             'int bpf_synthetic_' || i || '(struct task_struct *p, u64 flags)',
             CASE WHEN i % 3 = 0 THEN ARRAY['ACQUIRE','RET_NULL'] ELSE ARRAY['RCU'] END,
             CASE WHEN i % 4 = 0 THEN ARRAY['XDP','SCHED_CLS'] ELSE ARRAY['TRACING'] END,
             6000 + (i % ${RELEASES}) / 2, 6000 + ${RELEASES - 1} - (i % 7), now()
      FROM generate_series(1, ${KFUNCS}) i;
      INSERT INTO kfunc_release (kfunc_id, release_id, ingestion_id, prototype, flags, prog_types, guards, btf_tags)
      SELECT k.id, r.id, ing.id, k.prototype, k.flags, k.prog_types, '{}', '{}'
      FROM kfunc k JOIN release r ON r.id BETWEEN k.first_seen_id AND k.last_seen_id
      JOIN ingestion ing ON ing.release_id = r.id;
      INSERT INTO lifecycle_event (kfunc_id, kind, origin, to_state, release_id, actor, rationale, dedupe_key)
      SELECT id, 'INTRODUCED', 'INGEST', 'UNSTABLE', first_seen_id, 'ingest', 'synthetic', name || ':introduced' FROM kfunc;
      INSERT INTO lifecycle_event (kfunc_id, kind, origin, release_id, actor, rationale, dedupe_key)
      SELECT id, 'SIGNATURE_CHANGED', 'INGEST', first_seen_id + 3, 'ingest', 'synthetic', name || ':sig'
      FROM kfunc WHERE id % 5 = 0 AND first_seen_id + 3 <= last_seen_id;
      -- Governance at scale: 200 accounts, a proposal on every 10th kfunc (a quarter still open, the
      -- rest decided or withdrawn) with comments, a dependent on every 4th, a policy violation on
      -- every 50th (half acknowledged).
      INSERT INTO app_user (id, name, email, role)
      SELECT 'bench-user-' || i, 'Bench User ' || i, 'bench' || i || '@example.org',
             CASE WHEN i <= 10 THEN 'maintainer' ELSE 'contributor' END
      FROM generate_series(1, 200) i;
      INSERT INTO lifecycle_event (kfunc_id, kind, origin, from_state, to_state, release_id, actor, rationale, dedupe_key)
      SELECT id, 'DEPRECATED', 'DOCUMENTED', 'STABLE', 'DEPRECATED', last_seen_id - 2, 'upstream', 'synthetic', name || ':deprecated'
      FROM kfunc WHERE state = 'DEPRECATED';
      INSERT INTO lifecycle_event (kfunc_id, kind, origin, release_id, actor, rationale, dedupe_key)
      SELECT id, 'FLAGS_CHANGED', 'INGEST', first_seen_id + 1, 'ingest', 'synthetic', name || ':flags'
      FROM kfunc WHERE id % 7 = 0 AND first_seen_id + 1 <= last_seen_id;
      INSERT INTO lifecycle_event (kfunc_id, kind, origin, release_id, actor, rationale, dedupe_key)
      SELECT id, 'POLICY_VIOLATION', 'INGEST', last_seen_id, 'ingest', 'stable kfunc changed', name || ':violation'
      FROM kfunc WHERE id % 50 = 0;
      INSERT INTO violation_ack (event_id, user_id, note)
      SELECT e.id, 'bench-user-1', 'known' FROM lifecycle_event e
      WHERE e.kind = 'POLICY_VIOLATION' AND e.kfunc_id % 100 = 0;
      INSERT INTO proposal (kfunc_id, kind, status, author_id, rationale, evidence, created_at, closed_at)
      SELECT k.id,
             (ARRAY['PROMOTE','DEPRECATE','PROMOTE','REMOVE'])[1 + (k.id / 10) % 4]::"ProposalKind",
             (ARRAY['OPEN','APPROVED','REJECTED','WITHDRAWN'])[1 + (k.id / 10) % 4]::"ProposalStatus",
             'bench-user-' || (11 + k.id % 190), 'synthetic rationale', ARRAY['https://example.org/' || k.id],
             now() - (k.id % 400) * interval '1 day',
             CASE WHEN (k.id / 10) % 4 = 0 THEN NULL ELSE now() END
      FROM kfunc k WHERE k.id % 10 = 0;
      INSERT INTO proposal_comment (proposal_id, author_id, body)
      SELECT p.id, 'bench-user-' || (11 + (p.id + c) % 190), 'comment ' || c
      FROM proposal p, generate_series(1, 3) c;
      INSERT INTO decision (proposal_id, decider_id, outcome, reason)
      SELECT id, 'bench-user-1', CASE WHEN status = 'APPROVED' THEN 'APPROVED' ELSE 'REJECTED' END::"DecisionOutcome", 'synthetic'
      FROM proposal WHERE status IN ('APPROVED', 'REJECTED');
      INSERT INTO dependent (kfunc_id, user_id, project, url)
      SELECT id, 'bench-user-' || (11 + id % 190), 'project-' || id, 'https://example.org/p/' || id
      FROM kfunc WHERE id % 4 = 0;
    `);
    // As autovacuum leaves a table that has settled: statistics and the visibility map.
    await db.raw.exec(db.kind === "server" ? "VACUUM ANALYZE" : "ANALYZE");
    const [count] = await db.raw.query<{ n: string }>("SELECT count(*)::text AS n FROM kfunc_release");
    const n = count?.n ?? "?";
    const [gov] = await db.raw.query<{ events: string; proposals: string; open: string; dependents: string }>(
      `SELECT (SELECT count(*) FROM lifecycle_event)::text AS events, (SELECT count(*) FROM proposal)::text AS proposals,
              (SELECT count(*) FROM proposal WHERE status = 'OPEN')::text AS open, (SELECT count(*) FROM dependent)::text AS dependents`,
    );
    console.log(
      `${db.kind} database: ${KFUNCS} kfuncs × ${RELEASES} releases, ${n} presence rows, loaded in ${((performance.now() - load) / 1000).toFixed(1)} s; ${RUNS} runs each`,
    );
    console.log(
      `  ${gov?.events} lifecycle events, ${gov?.proposals} proposals (${gov?.open} open) with 3 comments each, ${gov?.dependents} dependents`,
    );

    const { parseCatalogQuery } = await import("../lib/catalog/parse-query");
    const { getCatalog, getCatalogExport, getCatalogFilterOptions } = await import(
      "../lib/catalog/get-catalog"
    );
    const { getKfunc } = await import("../lib/kfunc/get-kfunc");
    const { getMatrix } = await import("../lib/matrix/get-matrix");
    const { getReleaseChanges, getKnownReleases } = await import("../lib/releases/get-releases");
    const { getKfuncGovernance } = await import("../lib/governance/kfunc-governance");
    const { getQueue } = await import("../lib/governance/get-queue");
    const { getEvents } = await import("../lib/events/get-events");
    const q = (s: string) => parseCatalogQuery(new URLSearchParams(s));
    const last = `v6.${RELEASES - 1}`;

    await time("catalog: first page", () => getCatalog(q("")));
    await time("catalog: state + progType + release", () =>
      getCatalog(q(`state=stable&progType=XDP&release=${last}`)),
    );
    await time("catalog: text search", () => getCatalog(q("q=synthetic_0123")));
    await time("catalog: sort by last seen, page 200", () => getCatalog(q("sort=lastSeen.desc&page=200")));
    await time("catalog: filter options", () => getCatalogFilterOptions());
    await time("matrix: first page, 50 rows × all releases", () => getMatrix(q(""), false));
    await time("matrix: filtered, 200 rows", () => getMatrix(q("subsystem=net/core&pageSize=200"), false));
    await time("kfunc detail (API /kfuncs/{name})", () => getKfunc("bpf_synthetic_010000"));
    // The kfunc page reads these three together.
    await time("kfunc page (detail + releases + governance)", () =>
      Promise.all([
        getKfunc("bpf_synthetic_010000"),
        getKnownReleases(),
        getKfuncGovernance("bpf_synthetic_010000"),
      ]),
    );
    // Outside a Next server nothing is cached: the candidates' runs are read each time here.
    await time("queue, everything read afresh", () => getQueue());
    await time("API /events, newest 50", () => getEvents({ page: 1, pageSize: 50 }));
    await time("API /kfuncs?q=synthetic_01&pageSize=100", () => getCatalog(q("q=synthetic_01&pageSize=100")));
    await time("release changes (API /releases/{tag}/changes)", () => getReleaseChanges(last));
    // Every kfunc with its availability in every release: a few runs, it reads every presence row.
    await time(
      `export: all ${KFUNCS} rows with availability`,
      () => getCatalogExport(q("")),
      Math.min(RUNS, 5),
    );
    if (db.kind === "server") await timeServer(db, last);
  } finally {
    await db.close();
    if (owner) await (await getDatabase()).close();
    await drop();
  }
}

/** Resident and peak memory of a process and its children, in MB (from /proc). */
function treeMemory(pid: number): { rss: number; peak: number } {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  let rss = 0;
  let peak = 0;
  const visit = (p: number) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      peak += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    } catch {}
    for (const child of children.get(p) ?? []) visit(child);
  };
  visit(pid);
  return { rss, peak };
}

/**
 * The pages and API answers as a visitor gets them from a production server on this database:
 * the first request after a change (the cache is empty) and then RUNS more (served from it).
 */
async function timeServer(
  db: { raw: { exec(sql: string): Promise<unknown>; query<T>(sql: string): Promise<T[]> } },
  last: string,
) {
  if (!existsSync(".next/BUILD_ID")) {
    console.log("no production build (npm run build): the server figures are skipped");
    return;
  }
  const base = `http://127.0.0.1:${values.port}`;
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const account = {
    email: "scale-maintainer@bench.example.org",
    password: "scale bench maintainer password",
  };
  const add = spawnSync(
    process.execPath,
    ["bin/kfunc", "users", "add", account.email, "--role", "maintainer", "--name", "Scale Maintainer"],
    { env, input: `${account.password}\n`, encoding: "utf8" },
  );
  if (add.status !== 0) throw new Error(`kfunc users add: ${add.stderr}`);
  if (values.explain) {
    const database = new URL(process.env.DATABASE_URL as string).pathname.slice(1);
    const ms = Number(values.explain);
    if (!Number.isInteger(ms) || ms < 0)
      throw new Error(`--explain takes whole milliseconds, not "${values.explain}"`);
    await db.raw.exec(`
      ALTER DATABASE ${database} SET session_preload_libraries = 'auto_explain';
      ALTER DATABASE ${database} SET auto_explain.log_min_duration = '${ms}ms';
      ALTER DATABASE ${database} SET auto_explain.log_analyze = on;`);
    console.log(`plans of the server's queries over ${ms} ms go to PostgreSQL's log (SHOW log_directory)`);
  }
  const server = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", values.port as string, "-H", "127.0.0.1"],
    { env, stdio: "ignore" },
  );
  try {
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode})`);
      if (i > 300) throw new Error("the server did not start");
      try {
        if ((await fetch(`${base}/api/v1/events`)).ok) break;
      } catch {}
      await new Promise((r) => setTimeout(r, 300));
    }
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify(account),
    });
    if (!signIn.ok) throw new Error(`sign-in answered ${signIn.status}`);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const get = async (path: string, signedIn: boolean) => {
      const started = performance.now();
      const response = await fetch(base + path, { headers: signedIn ? { cookie } : {} });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      return performance.now() - started;
    };
    const pages: [string, string, boolean][] = [
      ["/kfuncs", "catalog", false],
      [`/kfuncs?state=stable&progType=XDP&release=${last}`, "catalog: state + progType + release", false],
      ["/kfuncs?q=synthetic_0123", "catalog: text search", false],
      ["/kfuncs?sort=lastSeen.desc&page=200", "catalog: last seen, page 200", false],
      ["/matrix", "matrix", false],
      ["/matrix?subsystem=net/core&pageSize=200", "matrix: filtered, 200 rows", false],
      ["/kfuncs/bpf_synthetic_010000", "kfunc page", false],
      ["/kfuncs/bpf_synthetic_010000", "kfunc page (maintainer)", true],
      ["/queue", "queue (maintainer)", true],
      [`/releases/${last}`, "release report", false],
      ["/api/v1/kfuncs?q=synthetic_01&pageSize=100", "API /kfuncs?q=…&pageSize=100", false],
      ["/api/v1/kfuncs/bpf_synthetic_010000", "API /kfuncs/{name}", false],
      [`/api/v1/releases/${last}/changes`, "API /releases/{tag}/changes", false],
      ["/api/v1/events", "API /events", false],
    ];
    console.log(`\nproduction server on this database (${RUNS} requests each after the first):`);
    for (const [path, label, signedIn] of pages) {
      const first = await get(path, signedIn);
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await get(path, signedIn));
      samples.sort((a, b) => a - b);
      console.log(
        `${label.padEnd(44)} first ${first.toFixed(0).padStart(6)} ms   p50 ${percentile(samples, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(samples, 95).toFixed(1).padStart(6)} ms`,
      );
    }
    // A comment made through the app is a write like a decision: the catalog's version moves on,
    // this process drops its `catalog` entries, and the candidates' runs (cached until the next
    // ingest, under a tag of their own) stay.
    const [open] = await db.raw.query<{ id: number }>(
      "SELECT min(id) AS id FROM proposal WHERE status = 'OPEN'",
    );
    const comment = await fetch(`${base}/api/v1/proposals/${open?.id}/comments`, {
      method: "POST",
      headers: { cookie, origin: base, "content-type": "application/json" },
      body: JSON.stringify({ body: "A comment from the scale bench." }),
    });
    if (comment.status !== 201)
      throw new Error(`the comment answered ${comment.status}: ${await comment.text()}`);
    console.log(
      `${"queue: first visit after a comment (a write)".padEnd(44)} first ${(await get("/queue", true)).toFixed(0).padStart(6)} ms`,
    );
    const memory = treeMemory(server.pid as number);
    console.log(
      `server memory: ${memory.rss.toFixed(0)} MB resident, ${memory.peak.toFixed(0)} MB at its peak`,
    );
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
}

main().catch((error) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exit(1);
});
