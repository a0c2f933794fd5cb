// Integration: migrations, ingestion, derived events and catalog queries against a real database
// (a PostgreSQL server when DATABASE_URL is set, the embedded PGlite otherwise).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getCatalog, getStateCounts } from "../lib/catalog/get-catalog";
import { parseCatalogQuery } from "../lib/catalog/parse-query";
import { APP_ROLE } from "../lib/db/connect";
import { migrate } from "../lib/db/migrate";
import { recordDocumentedEvents } from "../lib/ingest/documented";
import {
  ingestSnapshot,
  LONG_TRANSACTION,
  ReplaceRefusedError,
  UnknownReleaseError,
} from "../lib/ingest/ingest";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { recomputeDerived } from "../lib/ingest/recompute";
import { documentedEventSchema } from "../lib/ingest/registry";
import type { ReleaseSnapshot } from "../lib/ingest/snapshot";
import { getKfunc } from "../lib/kfunc/get-kfunc";
import { setUpTestDatabase } from "./test-db";

const FIXTURES = path.join(import.meta.dirname, "fixtures", "catalog");
const database = setUpTestDatabase();

async function counts() {
  const { prisma } = database.get();
  return {
    kfuncs: await prisma.kfunc.count(),
    presences: await prisma.kfuncRelease.count(),
    events: await prisma.lifecycleEvent.count(),
    ingestions: await prisma.ingestion.count(),
  };
}

const query = (qs: string) => parseCatalogQuery(new URLSearchParams(qs));
const names = async (qs: string) => (await getCatalog(query(qs))).rows.map((r) => r.name);

describe("migrations", () => {
  it("applied from empty and recorded as Prisma records them", async () => {
    const rows = await database
      .get()
      .raw.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
        `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"`,
      );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).not.toBeNull();
    }
  });

  it("do nothing the second time", async () => {
    // Migrations run as the database's owner; the app's handle acts as kfunc_app.
    const { raw } = database.get();
    await raw.exec("SET ROLE NONE");
    try {
      expect(await migrate(raw)).toMatchObject({ applied: [] });
    } finally {
      await raw.exec(`SET ROLE "${APP_ROLE}"`);
    }
  });
});

describe("loading and ingesting", () => {
  it("loads the fixture catalog and derives the events the releases show", async () => {
    const summary = await loadCatalogData(database.get().prisma, FIXTURES);
    expect(summary.ingested.map((s) => [s.release, s.kfuncs, s.unchanged])).toEqual([
      ["v6.1", 4, false],
      ["v6.12", 5, false],
      ["v6.18", 3, false],
    ]);
    const v612 = summary.ingested[1];
    // bpf_cpumask_create and scx_bpf_dispatch arrive; bpf_task_kptr_get goes; bbr_main and
    // bpf_task_acquire change.
    expect(v612).toMatchObject({ added: 2, removed: 1, changed: 2 });

    const kptrGet = await getKfunc("bpf_task_kptr_get");
    expect(kptrGet?.state).toBe("REMOVED");
    expect(kptrGet?.events.map((e) => [e.kind, e.release])).toEqual([
      ["REMOVED", "v6.12"],
      ["INTRODUCED", "v6.1"],
    ]);

    const bbr = await getKfunc("bbr_main");
    const signature = bbr?.events.find((e) => e.kind === "SIGNATURE_CHANGED");
    expect(signature).toMatchObject({
      release: "v6.12",
      origin: "INGEST",
      actor: "ingest",
      occurredAt: "2024-11-17",
    });
    expect(signature?.detail).toMatchObject({ after: expect.stringContaining("u32 ack, int flag") });

    // Flags come from the newest source release, the prototype from the newest release of all.
    const acquire = await getKfunc("bpf_task_acquire");
    expect(acquire).toMatchObject({ state: "UNSTABLE", firstSeen: "v6.1", lastSeen: "v6.18" });
    expect(acquire?.flags).toEqual(["ACQUIRE", "RET_NULL", "TRUSTED_ARGS"]);
    expect(acquire?.events.map((e) => e.kind)).toEqual(["FLAGS_CHANGED", "INTRODUCED"]);

    // Absent from the BTF of 6.18: a BTF is one config, so no removal.
    const ct = await getKfunc("bpf_xdp_ct_lookup");
    expect(ct?.state).toBe("UNSTABLE");
    expect(ct?.absentFrom).toEqual(["v6.18"]);
  });

  it("applies documented events: deprecation with its schedule, then removal", async () => {
    const scx = await getKfunc("scx_bpf_dispatch");
    expect(scx).toMatchObject({
      state: "REMOVED",
      replacement: "scx_bpf_dsq_insert",
      removalEarliest: "v6.15",
      deprecatedIn: "v6.13",
    });
    expect(scx?.events.map((e) => [e.kind, e.origin, e.release])).toEqual([
      ["REMOVED", "DOCUMENTED", "v6.17"],
      ["DEPRECATED", "DOCUMENTED", "v6.13"],
      ["INTRODUCED", "INGEST", "v6.12"],
    ]);
    expect(scx?.events[0]?.sourceUrl).toMatch(/^https:/);
  });

  it("changes nothing when the same data is loaded again", async () => {
    const before = await counts();
    const again = await loadCatalogData(database.get().prisma, FIXTURES);
    expect(again.ingested.every((s) => s.unchanged)).toBe(true);
    expect(again.documentedAdded).toBe(0);
    expect(await counts()).toEqual(before);
  });

  it("brings a history derived under older rules up to the current ones when loaded again", async () => {
    // An event the rules derive, missing from the history (as if derived before a rule that finds
    // it): retracted here, then the same data is loaded again.
    const { prisma } = database.get();
    const event = await prisma.lifecycleEvent.findFirstOrThrow({
      where: { kind: "FLAGS_CHANGED", retractedAt: null },
      select: { id: true, dedupeKey: true },
    });
    await prisma.lifecycleEvent.update({ where: { id: event.id }, data: { retractedAt: new Date() } });
    const lines: string[] = [];
    const again = await loadCatalogData(prisma, FIXTURES, (line) => lines.push(line));
    expect(again.ingested.every((s) => s.unchanged)).toBe(true);
    const active = await prisma.lifecycleEvent.findMany({
      where: { dedupeKey: event.dedupeKey, retractedAt: null },
      select: { id: true },
    });
    expect(active).toHaveLength(1);
    expect(active[0]?.id).not.toBe(event.id);
    expect(lines).toContain(
      "derived history brought up to the current rules: 1 events appended, 0 retracted, 0 kfuncs rewritten",
    );
  });

  it("recomputes when an older release arrives later, retracting rather than deleting", async () => {
    const { prisma } = database.get();
    // v6.2 without bpf_task_kptr_get: its removal moves from v6.12 to v6.2.
    const v62: ReleaseSnapshot = {
      release: "v6.2",
      sourceKind: "GIT_REF",
      origin: "test fixture 6.2",
      sourceRef: "v6.2",
      kfuncs: [],
    };
    const fixture = (await import("./fixtures/catalog/releases/v6.1.json")).default as ReleaseSnapshot;
    v62.kfuncs = fixture.kfuncs.filter((k) => k.name !== "bpf_task_kptr_get");
    await ingestSnapshot(prisma, v62);
    const kptrGet = await getKfunc("bpf_task_kptr_get");
    expect(kptrGet?.events.map((e) => [e.kind, e.release])).toEqual([
      ["REMOVED", "v6.2"],
      ["INTRODUCED", "v6.1"],
    ]);
    const retracted = await prisma.lifecycleEvent.count({
      where: { retractedAt: { not: null }, kind: "REMOVED" },
    });
    expect(retracted).toBe(1);
  });

  it("refuses an unknown release and writes nothing", async () => {
    const before = await counts();
    await expect(
      ingestSnapshot(database.get().prisma, {
        release: "v9.99",
        sourceKind: "BTF",
        origin: "x",
        sourceRef: "x",
        kfuncs: [],
      }),
    ).rejects.toThrow(UnknownReleaseError);
    expect(await counts()).toEqual(before);
  });

  it("leaves nothing behind when an ingestion fails midway", async () => {
    const before = await counts();
    const dup = {
      name: "bpf_brand_new",
      prototype: "int bpf_brand_new(void)",
      flags: [],
      progTypes: [],
      sets: [],
      definedIn: null,
      guards: [],
      btfTags: [],
    };
    // The second copy of one kfunc breaks the per-release unique key after the ingestion row,
    // the new kfunc and the old presences were already written in the transaction.
    await expect(
      ingestSnapshot(database.get().prisma, {
        release: "v6.13",
        sourceKind: "SOURCE_TREE",
        origin: "broken",
        sourceRef: "broken",
        kfuncs: [dup, dup],
      }),
    ).rejects.toThrow();
    expect(await counts()).toEqual(before);
    expect(await database.get().prisma.kfunc.findUnique({ where: { name: "bpf_brand_new" } })).toBeNull();
  });

  it("refuses to replace a release's source data with one build's BTF unless forced", async () => {
    const { prisma } = database.get();
    const before = await counts();
    const btf: ReleaseSnapshot = {
      release: "v6.12",
      sourceKind: "BTF",
      origin: "BTF of a test build",
      sourceRef: "vmlinux",
      kfuncs: [],
    };
    await expect(ingestSnapshot(prisma, btf)).rejects.toThrow(
      /v6\.12 holds a source tree .*refusing to replace it with the BTF of one build/,
    );
    await expect(
      ingestSnapshot(prisma, { ...btf, sourceKind: "TARBALL", origin: "running kernel 6.18.4" }),
    ).rejects.toThrow(ReplaceRefusedError);
    expect(await counts()).toEqual(before);
  });

  it("loading the shipped data again keeps a deliberate later ingest", async () => {
    const { prisma } = database.get();
    const fixture = (await import("./fixtures/catalog/releases/v6.18.json")).default as ReleaseSnapshot;
    const deliberate = { ...fixture, origin: "a newer build", kfuncs: fixture.kfuncs.slice(0, 2) };
    await ingestSnapshot(prisma, deliberate);
    const summary = await loadCatalogData(prisma, FIXTURES);
    expect(summary.ingested.find((s) => s.release === "v6.18")).toMatchObject({ keptNewer: "a newer build" });
    expect(await names("release=v6.18")).toHaveLength(2);
    // Ingesting the shipped snapshot by hand still works: the CLI is not the loader.
    await ingestSnapshot(prisma, fixture);
    expect(await names("release=v6.18")).toHaveLength(3);
  });

  it("keeps history append-only: the database refuses to delete or rewrite an event", async () => {
    const { raw } = database.get();
    // The app's role may not even try (no DELETE privilege); the trigger refuses the rewrite.
    await expect(raw.exec("DELETE FROM lifecycle_event")).rejects.toThrow(/permission denied/i);
    await expect(raw.exec("UPDATE lifecycle_event SET rationale = 'rewritten'")).rejects.toThrow(
      /append-only/i,
    );
    // The owner is refused by the trigger.
    await raw.exec("SET ROLE NONE");
    try {
      await expect(raw.exec("DELETE FROM lifecycle_event")).rejects.toThrow(/append-only/i);
      await expect(raw.exec("UPDATE lifecycle_event SET rationale = 'rewritten'")).rejects.toThrow(
        /append-only/i,
      );
    } finally {
      await raw.exec(`SET ROLE "${APP_ROLE}"`);
    }
  });
});

describe("catalog queries", () => {
  it("filters by state, with counts per state under the other filters", async () => {
    expect(await names("state=removed")).toEqual(["bpf_task_kptr_get", "scx_bpf_dispatch"]);
    const page = await getCatalog(query("q=bpf_task"));
    expect(page.stateCounts).toMatchObject({ UNSTABLE: 1, REMOVED: 1, STABLE: 0, DEPRECATED: 0 });
    expect(await getStateCounts()).toMatchObject({ REMOVED: 2 });
  });

  it("filters by subsystem, flag, program type (UNSPEC serves all), release and text", async () => {
    expect(await names("subsystem=net/netfilter")).toEqual(["bpf_xdp_ct_lookup"]);
    expect(await names("flag=KPTR_GET")).toEqual(["bpf_task_kptr_get"]);
    expect(await names("progType=XDP")).toEqual(["bpf_cpumask_create", "bpf_xdp_ct_lookup"]);
    expect(await names("release=v6.1")).toEqual([
      "bbr_main",
      "bpf_task_acquire",
      "bpf_task_kptr_get",
      "bpf_xdp_ct_lookup",
    ]);
    expect(await names("release=v6.18")).toEqual([
      "bpf_cpumask_create",
      "bpf_new_in_btf",
      "bpf_task_acquire",
    ]);
    expect(await names("q=CPUMASK")).toEqual(["bpf_cpumask_create"]);
    expect(await names("q=rate_sample")).toEqual(["bbr_main"]);
    expect(await names("release=v6.2&state=removed")).toEqual([]);
  });

  it("searches text literally: % and _ are characters, control characters are dropped", async () => {
    expect(await names("q=bpf%25acquire")).toEqual([]);
    expect(await names("q=bpf_t_sk")).toEqual([]);
    expect(await names("q=%25%25%25")).toEqual([]);
    expect(await names("q=task_acq")).toEqual(["bpf_task_acquire"]);
    expect(await names("q=cpu%00mask")).toEqual(["bpf_cpumask_create"]);
  });

  it("filters program types and flags as they were in the chosen release", async () => {
    // bpf_task_acquire gained RET_NULL in v6.12: in v6.1 it did not have it.
    expect(await names("flag=RET_NULL")).toContain("bpf_task_acquire");
    expect(await names("release=v6.1&flag=RET_NULL")).toEqual(["bpf_task_kptr_get", "bpf_xdp_ct_lookup"]);
    expect(await names("release=v6.12&progType=XDP")).toEqual(["bpf_cpumask_create", "bpf_xdp_ct_lookup"]);
    // v6.18 was read from BTF, which records neither.
    expect(await names("release=v6.18&progType=TRACING")).toEqual([]);
    expect(await names("release=v6.18")).toHaveLength(3);
  });

  it("sorts and pages", async () => {
    const all = await names("sort=name.desc");
    expect(all).toEqual([...all].sort().reverse());
    const firstSeen = (await getCatalog(query("sort=firstSeen.desc"))).rows.map((r) => r.firstSeen);
    expect(firstSeen.slice(0, 1)).toEqual(["v6.18"]);
    const page2 = await getCatalog(query("pageSize=25&page=2"));
    expect(page2.rows).toEqual([]);
    expect(page2.total).toBe(all.length);
  });

  it("gives a kfunc page everything it shows, and null for an unknown name", async () => {
    const cpumask = await getKfunc("bpf_cpumask_create");
    expect(cpumask?.presences.map((p) => [p.release, p.sourceKind])).toEqual([
      ["v6.12", "TARBALL"],
      ["v6.18", "BTF"],
    ]);
    expect(cpumask?.presences[1]?.btfTags).toEqual(["bpf_fastcall"]);
    expect(await getKfunc("no_such_kfunc")).toBeNull();
  });
});

describe("documented facts against observations", () => {
  it("keeps a kfunc the ingested release has, though a document says it was removed there, and shows the conflict", async () => {
    const { prisma } = database.get();
    const claim = documentedEventSchema.parse({
      kfunc: "bpf_xdp_ct_lookup",
      kind: "REMOVED",
      release: "v6.12",
      toState: "REMOVED",
      rationale: "a secondary source dates the removal to v6.12",
      sourceUrl: "https://example.org/secondary-source",
      confidence: "from-secondary-source",
    });
    await prisma.$transaction(async (tx) => {
      await recordDocumentedEvents(tx, [claim]);
      await recomputeDerived(tx);
    }, LONG_TRANSACTION);
    const kfunc = await getKfunc("bpf_xdp_ct_lookup");
    // The v6.12 tree has it: the observation wins, and the page says the sources disagree.
    expect(kfunc?.state).toBe("UNSTABLE");
    expect(kfunc?.conflicts).toEqual([
      {
        kind: "REMOVED",
        release: "v6.12",
        message: "Documented as removed in v6.12, but the ingested v6.12 has it: the observation wins.",
      },
    ]);
    // The document stays in the history, with its source.
    expect(kfunc?.events.some((e) => e.origin === "DOCUMENTED" && e.kind === "REMOVED")).toBe(true);
  });
});
