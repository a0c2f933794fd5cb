// Integration: the maintainers' queue (lib/governance/get-queue.ts) and its Atom feed, on the
// fixture catalog with real accounts, proposals, decisions, dependents and acknowledgements made
// through the API routes, on a real database (PostgreSQL when DATABASE_URL is set, else PGlite).
//
// The fixture: v6.1 and v6.12 are source releases, v6.18 a BTF build. What the test makes of it:
// - bbr_main (prototype changed in v6.12) promoted as of v6.1: a signature violation in v6.12,
//   acknowledged; then deprecated in v6.18, removal from v7.2 (not ingested): pending.
// - bpf_cpumask_create deprecated in v6.12, removal from v6.18, and still in the v6.18 build:
//   overdue. Two projects depend on it.
// - bpf_task_kptr_get documented as deprecated in v6.1 until v6.18, but gone from v6.12: removed
//   before its schedule, a violation nobody acknowledged.
// - bpf_task_acquire (flags changed in v6.12) and bpf_xdp_ct_lookup (the same in v6.1 and
//   v6.12, not in the v6.18 build) are unstable and unchanged for two releases: candidates. One
//   project depends on bpf_xdp_ct_lookup, which puts it first.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as dependentRoute } from "../app/api/v1/kfuncs/[name]/dependents/route";
import { POST as commentRoute } from "../app/api/v1/proposals/[id]/comments/route";
import { POST as decideRoute } from "../app/api/v1/proposals/[id]/decision/route";
import { POST as fileRoute } from "../app/api/v1/proposals/route";
import { POST as acknowledgeRoute } from "../app/api/v1/violations/[id]/acknowledge/route";
import { GET as queueFeed } from "../app/feeds/queue.atom/route";
import { callRoute } from "../lib/api/testing/call-route";
import { readAtomFeed } from "../lib/feeds/testing/read-atom";
import { addUser, CLI_OPERATOR, createToken } from "../lib/governance/accounts";
import { getQueue } from "../lib/governance/get-queue";
import { isSelftestKfunc, MIN_UNCHANGED_RELEASES, unchangedRun } from "../lib/governance/queue";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { ingestedOnly, readKnownReleases } from "../lib/releases/known-releases";
import { setUpTestDatabase } from "./test-db";

const database = setUpTestDatabase();
const prisma = () => database.get().prisma;
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};
const TAG = "tag:kfunc-catalog,2025:";

type Route<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

async function post<P extends object>(route: Route<P>, params: P, body: unknown, token: string) {
  const response = await route(
    new Request("http://127.0.0.1/api", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve(params) },
  );
  const text = await response.text();
  expect(response.status, text).toBe(201);
  return JSON.parse(text) as { id: number };
}

const file = (body: object) => post(fileRoute, {}, body, tokens.carol as string);
const decide = (id: number, outcome: "APPROVED" | "REJECTED", reason: string) =>
  post(decideRoute, { id: String(id) }, { outcome, reason }, tokens.mia as string);
const depend = (kfunc: string, project: string) =>
  post(
    dependentRoute,
    { name: kfunc },
    { project, url: `https://example.org/${project}` },
    tokens.carol as string,
  );

// The fixture catalog plus one documented deprecation, in a directory of the test's own.
let catalogDir: string;
beforeAll(() => {
  catalogDir = mkdtempSync(path.join(tmpdir(), "queue-catalog-"));
  cpSync(path.join(import.meta.dirname, "fixtures", "catalog"), catalogDir, { recursive: true });
  const documented = path.join(catalogDir, "documented-events.json");
  const { events } = JSON.parse(readFileSync(documented, "utf8"));
  events.push({
    kfunc: "bpf_task_kptr_get",
    kind: "DEPRECATED",
    release: "v6.1",
    toState: "DEPRECATED",
    replacement: null,
    removalEarliest: "v6.18",
    rationale: "test: deprecated with a schedule it did not keep",
    sourceUrl: "https://example.invalid/queue/deprecate",
    commit: null,
    confidence: "verified-in-source",
  });
  writeFileSync(documented, JSON.stringify({ events }));
});
afterAll(() => rmSync(catalogDir, { recursive: true, force: true }));

beforeAll(async () => {
  await loadCatalogData(prisma(), catalogDir);
  await prisma().release.create({ data: { id: 7002, tag: "v7.2", major: 7, minor: 2 } });
  for (const [email, role] of [
    ["carol@example.org", "contributor"],
    ["mia@example.org", "maintainer"],
  ] as const) {
    await addUser(prisma(), CLI_OPERATOR, { email, role, password: "correct horse battery" });
  }
  for (const [who, email, scopes] of [
    ["carol", "carol@example.org", ["propose"]],
    ["mia", "mia@example.org", ["decide"]],
  ] as const) {
    tokens[who] = (await createToken(prisma(), CLI_OPERATOR, { email, scopes: [...scopes] })).token;
  }

  const promote = await file({
    kfunc: "bbr_main",
    kind: "PROMOTE",
    release: "v6.1",
    rationale: "TCP congestion control in BPF, used since v6.1.",
    evidence: ["https://example.org/bbr"],
  });
  ids.promoteDecision = (await decide(promote.id, "APPROVED", "Widely used.")).id;
  const deprecateBbr = await file({
    kfunc: "bbr_main",
    kind: "DEPRECATE",
    release: "v6.18",
    removalEarliest: "v7.2",
    rationale: "Superseded.",
  });
  await decide(deprecateBbr.id, "APPROVED", "Agreed.");
  const deprecateCpumask = await file({
    kfunc: "bpf_cpumask_create",
    kind: "DEPRECATE",
    release: "v6.12",
    removalEarliest: "v6.18",
    replacement: "bpf_task_acquire",
    rationale: "Replaced.",
  });
  await decide(deprecateCpumask.id, "APPROVED", "Agreed.");
  const rejected = await file({
    kfunc: "bpf_new_in_btf",
    kind: "PROMOTE",
    rationale: "Seen once.",
    evidence: ["https://example.org/new"],
  });
  ids.rejectedProposal = rejected.id;
  ids.rejectDecision = (await decide(rejected.id, "REJECTED", "Too new.")).id;

  await depend("bpf_cpumask_create", "scheduler-a");
  await depend("bpf_cpumask_create", "scheduler-b");
  await depend("bpf_xdp_ct_lookup", "firewall");

  // Two open proposals, the older first.
  ids.openAcquire = (
    await file({
      kfunc: "bpf_task_acquire",
      kind: "PROMOTE",
      rationale: "Every sched_ext scheduler uses it.",
      evidence: ["https://example.org/acquire"],
    })
  ).id;
  ids.openXdp = (
    await file({
      kfunc: "bpf_xdp_ct_lookup",
      kind: "PROMOTE",
      rationale: "Conntrack lookups from XDP in production.",
      evidence: ["https://example.org/xdp-1", "https://example.org/xdp-2"],
    })
  ).id;
  await post(commentRoute, { id: String(ids.openXdp) }, { body: "Which kernels?" }, tokens.carol as string);

  const violation = await prisma().lifecycleEvent.findFirstOrThrow({
    where: { kind: "POLICY_VIOLATION", retractedAt: null, kfunc: { name: "bbr_main" } },
  });
  ids.bbrViolation = violation.id;
  await post(
    acknowledgeRoute,
    { id: String(violation.id) },
    { note: "Known: the v6.12 prototype change predates the promotion." },
    tokens.mia as string,
  );
});

describe("the queue", () => {
  it("lists open proposals oldest first, with the evidence the catalog's data holds", async () => {
    const queue = await getQueue();
    expect(queue.newestIngested).toBe("v6.18");
    expect(queue.ingested).toBe(3);
    expect(queue.proposals.map((p) => [p.id, p.kfunc, p.kind])).toEqual([
      [ids.openAcquire, "bpf_task_acquire", "PROMOTE"],
      [ids.openXdp, "bpf_xdp_ct_lookup", "PROMOTE"],
    ]);
    const [acquire, xdp] = queue.proposals;
    expect(acquire).toMatchObject({
      author: "carol",
      kfuncState: "UNSTABLE",
      evidence: ["https://example.org/acquire"],
      comments: 0,
      dependents: 0,
      data: {
        presentIn: ["v6.1", "v6.12", "v6.18"],
        prototypeChanges: [],
        flagChanges: ["v6.12"],
        violations: 0,
      },
    });
    expect(xdp).toMatchObject({
      comments: 1,
      dependents: 1,
      data: { presentIn: ["v6.1", "v6.12"], prototypeChanges: [], flagChanges: [] },
    });
  });

  it("groups deprecations by removal release and marks the overdue one", async () => {
    const queue = await getQueue({ now: new Date("2026-01-01T00:00:00Z") });
    expect(
      queue.deprecations.map((g) => ({
        title: g.title,
        overdue: g.overdue,
        items: g.items.map((i) => [i.name, i.overdueIn, i.dependents, i.replacement]),
      })),
    ).toEqual([
      {
        title: "Pending removal in v6.18",
        overdue: 1,
        items: [["bpf_cpumask_create", "v6.18", 2, "bpf_task_acquire"]],
      },
      { title: "Pending removal in v7.2", overdue: 0, items: [["bbr_main", null, 0, null]] },
    ]);
    // Deprecated in v6.12 (released 2024-11-17): v6.13, v6.15, v6.17 and v6.18 came after it.
    expect(queue.deprecations[0]?.items[0]?.age).toEqual({ releases: 4, days: 410 });
  });

  it("lists violations unacknowledged first, with the acknowledgement", async () => {
    const queue = await getQueue();
    expect(queue.violations.map((v) => [v.kfunc, v.release, v.rule, v.ack?.by ?? null])).toEqual([
      ["bpf_task_kptr_get", "v6.12", "REMOVED_BEFORE_SCHEDULE", null],
      ["bbr_main", "v6.12", "STABLE_SIGNATURE_CHANGED", "mia"],
    ]);
    expect(queue.violations[1]?.ack?.note).toMatch(/predates the promotion/);
  });

  it("ranks promotion candidates by unchanged releases plus two per dependent", async () => {
    const queue = await getQueue();
    expect(
      queue.candidates.rows.map((c) => [
        c.name,
        c.run.releases,
        c.run.since,
        c.dependents,
        c.score,
        c.openProposal,
      ]),
    ).toEqual([
      ["bpf_xdp_ct_lookup", 2, "v6.1", 1, 4, ids.openXdp],
      ["bpf_task_acquire", 2, "v6.12", 0, 2, ids.openAcquire],
    ]);
    expect(queue.candidates.total).toBe(2);
    expect((await getQueue({ candidates: 1 })).candidates).toMatchObject({
      total: 2,
      rows: [{ name: "bpf_xdp_ct_lookup" }],
    });
  });

  it("counts every run as unchangedRun does over all of the kfunc's presences", async () => {
    // The queue judges a kfunc that never changed on the releases it is in alone, and reads the
    // presences of the others (get-queue.ts): both paths must agree with the rule itself.
    const releases = ingestedOnly(await readKnownReleases(prisma()));
    const kfuncs = await prisma().kfunc.findMany({
      where: { state: "UNSTABLE" },
      select: {
        name: true,
        presences: { select: { releaseId: true, prototype: true, flags: true, progTypes: true } },
      },
    });
    const expected = kfuncs
      .map((k) => ({
        name: k.name,
        run: unchangedRun(
          releases.map((r) => ({
            tag: r.tag,
            evidence: r.ingestion.evidence,
            presence: k.presences.find((p) => p.releaseId === r.id) ?? null,
          })),
        ),
      }))
      .filter((k) => k.run.releases >= MIN_UNCHANGED_RELEASES && !isSelftestKfunc(k.name));
    const queue = await getQueue();
    expect(new Map(queue.candidates.rows.map((c) => [c.name, c.run]))).toEqual(
      new Map(expected.map((k) => [k.name, k.run])),
    );
    // Both paths are taken: bpf_task_acquire's flags differ between releases, bpf_xdp_ct_lookup's do not.
    const flagSets = (name: string) =>
      new Set(kfuncs.find((k) => k.name === name)?.presences.map((p) => p.flags.join()));
    expect(flagSets("bpf_task_acquire").size).toBeGreaterThan(1);
    expect(flagSets("bpf_xdp_ct_lookup").size).toBe(1);
  });
});

describe("GET /feeds/queue.atom", () => {
  it("has open proposals, decisions, deprecations and violations, newest first", async () => {
    const answer = await callRoute(queueFeed, "/feeds/queue.atom");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const feed = readAtomFeed(answer.text);
    expect(feed.id).toBe(`${TAG}feed/queue`);
    expect(feed.links.find((l) => l.rel === "alternate")?.href).toBe("http://127.0.0.1/queue");

    const byId = new Map(feed.entries.map((e) => [e.id, e]));
    const open = byId.get(`${TAG}proposal/${ids.openXdp}`);
    expect(open?.title).toBe(`Proposal #${ids.openXdp}: promote to stable bpf_xdp_ct_lookup`);
    expect(open?.links[0]?.href).toBe(`http://127.0.0.1/kfuncs/bpf_xdp_ct_lookup#proposal-${ids.openXdp}`);
    expect(open?.content).toContain("Evidence: https://example.org/xdp-2");
    expect(byId.get(`${TAG}decision/${ids.rejectDecision}`)?.title).toBe(
      `Proposal #${ids.rejectedProposal} rejected: promote to stable bpf_new_in_btf`,
    );
    expect(byId.has(`${TAG}decision/${ids.promoteDecision}`)).toBe(true);

    const deprecations = feed.entries.filter((e) => e.categories.some((c) => c.term === "DEPRECATED"));
    expect(deprecations.map((e) => e.title).sort()).toEqual([
      "bbr_main: Deprecated in v6.18",
      "bpf_cpumask_create: Deprecated in v6.12",
      "bpf_task_kptr_get: Deprecated in v6.1",
      "scx_bpf_dispatch: Deprecated in v6.13",
    ]);
    const violations = feed.entries.filter((e) => e.categories.some((c) => c.term === "POLICY_VIOLATION"));
    expect(violations).toHaveLength(2);
    const acked = byId.get(`${TAG}event/${ids.bbrViolation}`);
    expect(acked?.links[0]?.href).toBe(`http://127.0.0.1/queue#violation-${ids.bbrViolation}`);
    expect(acked?.content).toMatch(/Acknowledged by mia at .*: Known: the v6\.12 prototype change/);
    expect(violations.find((v) => v !== acked)?.content).toMatch(/Not acknowledged yet\./);

    const updated = feed.entries.map((e) => e.updated);
    expect(updated).toEqual([...updated].sort().reverse());
    expect(feed.updated).toBe(updated[0]);
    // The acknowledgement is the newest thing in the queue.
    expect(feed.entries[0]?.id).toBe(`${TAG}event/${ids.bbrViolation}`);
  });
});
