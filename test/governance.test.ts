// Integration: the proposal paths through the real route handlers, with real accounts, sessions
// and API tokens, on a real database (PostgreSQL when DATABASE_URL is set, else PGlite).
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as dependentRoute } from "../app/api/v1/kfuncs/[name]/dependents/route";
import { POST as commentRoute } from "../app/api/v1/proposals/[id]/comments/route";
import { POST as decideRoute } from "../app/api/v1/proposals/[id]/decision/route";
import { POST as withdrawRoute } from "../app/api/v1/proposals/[id]/withdraw/route";
import { POST as fileRoute } from "../app/api/v1/proposals/route";
import { addUser, CLI_OPERATOR, createToken, revokeToken, setRole } from "../lib/governance/accounts";
import { rescheduleDeprecation } from "../lib/governance/proposals";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { setUpTestDatabase } from "./test-db";

const database = setUpTestDatabase();
const prisma = () => database.get().prisma;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  await loadCatalogData(prisma(), path.join(import.meta.dirname, "fixtures", "catalog"));
  // A release after the newest fixture release, for deprecation schedules.
  await prisma().release.create({ data: { id: 7002, tag: "v7.2", major: 7, minor: 2 } });
  await prisma().release.create({ data: { id: 7003, tag: "v7.3", major: 7, minor: 3 } });
  for (const [email, role] of [
    ["carol@example.org", "contributor"],
    ["mia@example.org", "maintainer"],
    ["max@example.org", "maintainer"],
  ] as const) {
    await addUser(prisma(), CLI_OPERATOR, { email, role, password: "correct horse battery" });
  }
  tokens.carol = (
    await createToken(prisma(), CLI_OPERATOR, { email: "carol@example.org", scopes: ["propose"] })
  ).token;
  tokens.mia = (
    await createToken(prisma(), CLI_OPERATOR, { email: "mia@example.org", scopes: ["decide"] })
  ).token;
  tokens.max = (
    await createToken(prisma(), CLI_OPERATOR, { email: "max@example.org", scopes: ["decide"] })
  ).token;
  tokens.miaPropose = (
    await createToken(prisma(), CLI_OPERATOR, { email: "mia@example.org", scopes: ["propose"] })
  ).token;
});

type Route<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

async function post<P extends object>(
  route: Route<P>,
  url: string,
  params: P,
  body: unknown,
  token?: string,
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await route(
    new Request(new URL(url, "http://127.0.0.1"), { method: "POST", headers, body: JSON.stringify(body) }),
    { params: Promise.resolve(params) },
  );
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}

const state = async (name: string) =>
  (await prisma().kfunc.findUniqueOrThrow({ where: { name }, select: { state: true } })).state;

describe("proposals", () => {
  it("promotes a kfunc: contributor proposes with evidence, a maintainer approves, one DECISION event", async () => {
    const filed = await post(
      fileRoute,
      "/api/v1/proposals",
      {},
      {
        kfunc: "bpf_task_acquire",
        kind: "PROMOTE",
        rationale: "Used in production by two schedulers.",
        evidence: ["https://example.org/scheduler"],
      },
      tokens.carol,
    );
    expect(filed.status, filed.text).toBe(201);
    const id = filed.json().id;
    expect(await state("bpf_task_acquire")).toBe("UNSTABLE");

    const comment = await post(
      commentRoute,
      `/api/v1/proposals/${id}/comments`,
      { id: String(id) },
      { body: "+1" },
      tokens.miaPropose,
    );
    expect(comment.status, comment.text).toBe(201);

    const decided = await post(
      decideRoute,
      `/api/v1/proposals/${id}/decision`,
      { id: String(id) },
      {
        outcome: "APPROVED",
        reason: "Evidence is convincing.",
      },
      tokens.mia,
    );
    expect(decided.status, decided.text).toBe(201);
    expect(await state("bpf_task_acquire")).toBe("STABLE");
    const events = await prisma().lifecycleEvent.findMany({
      where: { kfunc: { name: "bpf_task_acquire" }, origin: "DECISION" },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: "PROMOTED",
      toState: "STABLE",
      actor: "maintainer:mia@example.org",
    });
    expect(events[0]?.detail).toMatchObject({ links: ["https://example.org/scheduler"], proposalId: id });
  });

  it("refuses what the rules forbid, saying why, and changes nothing", async () => {
    const removed = await post(
      fileRoute,
      "/api/v1/proposals",
      {},
      {
        kfunc: "scx_bpf_dispatch",
        kind: "PROMOTE",
        rationale: "x",
        evidence: ["https://example.org"],
      },
      tokens.carol,
    );
    expect(removed.status).toBe(400);
    expect(removed.json().error.message).toMatch(/removed kfunc|not a lifecycle transition|Removed/i);
    const noEvidence = await post(
      fileRoute,
      "/api/v1/proposals",
      {},
      {
        kfunc: "bpf_cpumask_create",
        kind: "PROMOTE",
        rationale: "x",
      },
      tokens.carol,
    );
    expect(noEvidence.status).toBe(400);
    expect(noEvidence.json().error.message).toMatch(/evidence/);
    expect(
      await prisma().proposal.count({
        where: { kfunc: { name: { in: ["scx_bpf_dispatch", "bpf_cpumask_create"] } } },
      }),
    ).toBe(0);
  });

  it("records exactly one decision when two maintainers decide at once", async () => {
    const filed = await post(
      fileRoute,
      "/api/v1/proposals",
      {},
      {
        kfunc: "bpf_cpumask_create",
        kind: "DEPRECATE",
        rationale: "Superseded.",
        release: "v6.18",
        removalEarliest: "v7.2",
      },
      tokens.carol,
    );
    expect(filed.status, filed.text).toBe(201);
    const id = String(filed.json().id);
    const answers = await Promise.all([
      post(decideRoute, `/x`, { id }, { outcome: "APPROVED", reason: "ok" }, tokens.mia),
      post(decideRoute, `/x`, { id }, { outcome: "REJECTED", reason: "no" }, tokens.max),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const conflict = answers.find((a) => a.status === 409);
    expect(conflict?.json().error.message).toMatch(/already (approved|rejected) by/);
    expect(await prisma().decision.count({ where: { proposalId: Number(id) } })).toBe(1);
  });

  it("a maintainer moves a deprecation's removal release; one before the deprecation is refused", async () => {
    const filed = await post(
      fileRoute,
      "/api/v1/proposals",
      {},
      {
        kfunc: "bpf_new_in_btf",
        kind: "DEPRECATE",
        rationale: "x",
        release: "v6.18",
        removalEarliest: "v7.2",
      },
      tokens.carol,
    );
    const id = String(filed.json().id);
    const approved = await post(decideRoute, "/x", { id }, { outcome: "APPROVED", reason: "ok" }, tokens.mia);
    expect(approved.status, approved.text).toBe(201);
    const kfunc = () =>
      prisma().kfunc.findUniqueOrThrow({
        where: { name: "bpf_new_in_btf" },
        include: { removalEarliest: true },
      });
    expect(await kfunc()).toMatchObject({ state: "DEPRECATED", removalEarliest: { tag: "v7.2" } });
    const mia = {
      userId: (await prisma().user.findUniqueOrThrow({ where: { email: "mia@example.org" } })).id,
      email: "mia@example.org",
      name: "mia",
      role: "maintainer" as const,
      via: "session",
      scopes: null,
    };
    await expect(
      rescheduleDeprecation(prisma(), mia, {
        kfunc: "bpf_new_in_btf",
        removalEarliest: "v6.12",
        reason: "x",
      }),
    ).rejects.toThrow(/must come after v6.18/);
    expect((await kfunc()).removalEarliest?.tag).toBe("v7.2");
    await rescheduleDeprecation(prisma(), mia, {
      kfunc: "bpf_new_in_btf",
      removalEarliest: "v7.3",
      reason: "Users asked for one more release.",
    });
    const after = await kfunc();
    expect(after).toMatchObject({ state: "DEPRECATED", removalEarliest: { tag: "v7.3" } });
    const carol = { ...mia, role: "contributor" as const };
    await expect(
      rescheduleDeprecation(prisma(), carol, {
        kfunc: "bpf_new_in_btf",
        removalEarliest: "v7.2",
        reason: "x",
      }),
    ).rejects.toThrow(/role \(contributor\)/);
  });

  it("every other path: reject, withdraw, withdraw a deprecation, record a removal, and what stays forbidden", async () => {
    const file = (body: Record<string, unknown>, token = tokens.carol) =>
      post(fileRoute, "/api/v1/proposals", {}, { rationale: "x", ...body }, token);
    const decide = (id: number, outcome: string) =>
      post(decideRoute, "/x", { id: String(id) }, { outcome, reason: "because" }, tokens.mia);

    // Rejected: the state stays, the decision is recorded, no event.
    const eventsBefore = await prisma().lifecycleEvent.count({ where: { origin: "DECISION" } });
    const deprecate = await file({
      kfunc: "bpf_task_acquire",
      kind: "DEPRECATE",
      release: "v6.18",
      removalEarliest: "v7.3",
    });
    expect(deprecate.status, deprecate.text).toBe(201);
    expect((await decide(deprecate.json().id, "REJECTED")).status).toBe(201);
    expect(await state("bpf_task_acquire")).toBe("STABLE");
    expect(await prisma().lifecycleEvent.count({ where: { origin: "DECISION" } })).toBe(eventsBefore);

    // Withdrawn by its author; another contributor may not withdraw it.
    const again = await file({
      kfunc: "bpf_task_acquire",
      kind: "DEPRECATE",
      release: "v6.18",
      removalEarliest: "v7.3",
    });
    const someoneElse = await createToken(prisma(), CLI_OPERATOR, {
      email: "max@example.org",
      scopes: ["propose"],
    });
    await setRole(prisma(), CLI_OPERATOR, "max@example.org", "contributor");
    const notMine = await post(withdrawRoute, "/x", { id: String(again.json().id) }, {}, someoneElse.token);
    expect(notMine.status).toBe(409);
    await setRole(prisma(), CLI_OPERATOR, "max@example.org", "maintainer");
    const withdrawn = await post(withdrawRoute, "/x", { id: String(again.json().id) }, {}, tokens.carol);
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect((await decide(again.json().id, "APPROVED")).status).toBe(409);

    // A stable kfunc cannot be removed without a deprecation: refused, saying so.
    const removeStable = await file({ kfunc: "bpf_task_acquire", kind: "REMOVE", release: "v7.3" });
    expect(removeStable.status).toBe(400);
    expect(removeStable.json().error.message).toMatch(/deprecated before it can be removed/);

    // Deprecated, then the deprecation withdrawn: back to stable, where it was.
    const dep = await file({
      kfunc: "bpf_task_acquire",
      kind: "DEPRECATE",
      release: "v6.18",
      removalEarliest: "v7.3",
    });
    expect((await decide(dep.json().id, "APPROVED")).status).toBe(201);
    expect(await state("bpf_task_acquire")).toBe("DEPRECATED");
    const undo = await file({ kfunc: "bpf_task_acquire", kind: "UNDEPRECATE" });
    expect(undo.status, undo.text).toBe(201);
    expect((await decide(undo.json().id, "APPROVED")).status).toBe(201);
    expect(await state("bpf_task_acquire")).toBe("STABLE");

    // A removal is recorded for a release after the last one that has the kfunc.
    const early = await file({ kfunc: "bpf_cpumask_create", kind: "REMOVE", release: "v6.18" });
    expect(early.status).toBe(400);
    expect(early.json().error.message).toMatch(/sees bpf_cpumask_create in v6.18/);
    const removal = await file({ kfunc: "bpf_cpumask_create", kind: "REMOVE", release: "v7.3" });
    expect(removal.status, removal.text).toBe(201);
    expect((await decide(removal.json().id, "APPROVED")).status).toBe(201);
    expect(await state("bpf_cpumask_create")).toBe("REMOVED");
  });

  it("scopes and revocation: a propose token cannot decide; a revoked token is refused", async () => {
    const filed = await post(
      fileRoute,
      "/api/v1/proposals",
      {},
      {
        kfunc: "bbr_main",
        kind: "PROMOTE",
        rationale: "TCP congestion control in BPF.",
        evidence: ["https://example.org/b"],
      },
      tokens.carol,
    );
    const id = String(filed.json().id);
    const wrongScope = await post(
      decideRoute,
      "/x",
      { id },
      { outcome: "APPROVED", reason: "ok" },
      tokens.miaPropose,
    );
    expect(wrongScope.status).toBe(403);
    expect(wrongScope.json().error.message).toMatch(/scope/);
    const contributor = await post(
      decideRoute,
      "/x",
      { id },
      { outcome: "APPROVED", reason: "ok" },
      tokens.carol,
    );
    expect(contributor.status).toBe(403);
    const anonymous = await post(decideRoute, "/x", { id }, { outcome: "APPROVED", reason: "ok" });
    expect(anonymous.status).toBe(401);

    const made = await createToken(prisma(), CLI_OPERATOR, {
      email: "carol@example.org",
      scopes: ["propose"],
    });
    await revokeToken(prisma(), CLI_OPERATOR, made.id);
    const revoked = await post(withdrawRoute, "/x", { id }, {}, made.token);
    expect(revoked.status).toBe(401);
    expect(revoked.json().error.message).toMatch(/revoked|not valid/);
    expect((await prisma().proposal.findUniqueOrThrow({ where: { id: Number(id) } })).status).toBe("OPEN");
  });

  it("a role change takes effect on the next request with the same token", async () => {
    await setRole(prisma(), CLI_OPERATOR, "carol@example.org", "maintainer");
    const dependent = await post(
      dependentRoute,
      "/x",
      { name: "bpf_task_acquire" },
      { project: "scx_rusty", url: "https://example.org/rusty" },
      tokens.carol,
    );
    expect(dependent.status, dependent.text).toBe(201);
    await setRole(prisma(), CLI_OPERATOR, "carol@example.org", "contributor");
    const again = await post(
      dependentRoute,
      "/x",
      { name: "bpf_task_acquire" },
      { project: "scx_rusty" },
      tokens.carol,
    );
    expect(again.status).toBe(409);
  });
});
