// `npm run bench:scale`: loads a synthetic catalog (20,000 kfuncs × 60 releases by default) into a
// scratch database and reports p50/p95 of the data functions behind the catalog, the matrix and
// the API. Run against a PostgreSQL server by setting DATABASE_URL (a scratch database is created
// there and dropped); without it an in-memory embedded database is used.
//
//   npm run bench:scale [-- --kfuncs 20000 --releases 60 --runs 30]
//
// Not a timed test: it prints figures to compare runs on one machine.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";

const { values } = parseArgs({
  options: {
    kfuncs: { type: "string", default: "20000" },
    releases: { type: "string", default: "60" },
    runs: { type: "string", default: "30" },
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
  const { migrate } = await import("../lib/db/migrate");
  const db = await getDatabase();
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
      ANALYZE;
    `);
    const [count] = await db.raw.query<{ n: string }>("SELECT count(*)::text AS n FROM kfunc_release");
    const n = count?.n ?? "?";
    console.log(
      `${db.kind} database: ${KFUNCS} kfuncs × ${RELEASES} releases, ${n} presence rows, loaded in ${((performance.now() - load) / 1000).toFixed(1)} s; ${RUNS} runs each`,
    );

    const { parseCatalogQuery } = await import("../lib/catalog/parse-query");
    const { getCatalog, getCatalogExport, getCatalogFilterOptions } = await import(
      "../lib/catalog/get-catalog"
    );
    const { getKfunc } = await import("../lib/kfunc/get-kfunc");
    const { getMatrix } = await import("../lib/matrix/get-matrix");
    const { getReleaseChanges } = await import("../lib/releases/get-releases");
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
    await time("release changes (API /releases/{tag}/changes)", () => getReleaseChanges(last));
    // Every kfunc with its availability in every release: a few runs, it reads every presence row.
    await time(
      `export: all ${KFUNCS} rows with availability`,
      () => getCatalogExport(q("")),
      Math.min(RUNS, 5),
    );
  } finally {
    await db.close();
    await drop();
  }
}

main().catch((error) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exit(1);
});
