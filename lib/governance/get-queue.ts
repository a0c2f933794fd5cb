import "server-only";
import { versioned } from "../cache/versioned";
import { getPrisma } from "../db/client";
import { dateOnly, toKfuncEvent } from "../events/event";
import { ingestedOnly, readKnownReleases } from "../releases/known-releases";
import { compareReleaseTags } from "../releases/version";
import { PROPOSAL_KIND_LABELS } from "./proposals";
import {
  compareViolations,
  groupDeprecations,
  type Queue,
  type QueueFeedItem,
  type QueueProposal,
  type QueueRelease,
  type QueueViolation,
  rankCandidates,
  unchangedRun,
} from "./queue";

// The maintainers' queue (/queue and /feeds/queue.atom): open proposals with the evidence the
// data holds, the deprecation queue, policy violations and promotion candidates. Reads here,
// shapes in queue.ts (pure). Plain serializable data: no Prisma rows, no Dates.

type Db = Awaited<ReturnType<typeof getPrisma>>;

export async function getQueue(options: { candidates?: number; now?: Date } = {}): Promise<Queue> {
  const now = options.now ?? new Date();
  const data = await readQueueData();
  return {
    newestIngested: data.newestIngested,
    ingested: data.ingested,
    proposals: data.proposals,
    // Ages ("deprecated 9 months ago") are counted now, outside the cached read.
    deprecations: groupDeprecations(data.deprecated, data.releases, now),
    violations: data.violations,
    candidates: {
      total: data.ranked.length,
      rows: data.ranked.slice(0, options.candidates ?? data.ranked.length),
    },
  };
}

/**
 * Everything the queue reads, ranked: cached under the catalog version like every catalog read
 * (lib/cache/versioned.ts), since ranking the candidates reads every presence of every unstable kfunc.
 */
const readQueueData = versioned("getQueueData", async () => {
  const prisma = await getPrisma();
  const known = await readKnownReleases(prisma);
  const ingested = ingestedOnly(known);
  const releases: QueueRelease[] = known.map((r) => ({
    tag: r.tag,
    releasedOn: dateOnly(r.releasedOn),
    ingested: r.ingestion !== null,
  }));
  const tagOf = new Map(known.map((r) => [r.id, r.tag]));
  const ingestedIds = new Set(ingested.map((r) => r.id));
  const [proposals, deprecated, violations, candidates] = await Promise.all([
    readOpenProposals(prisma, tagOf, ingestedIds),
    readDeprecated(prisma, tagOf, ingestedIds),
    readViolations(prisma),
    readCandidates(prisma, ingested),
  ]);
  return {
    newestIngested: ingested.at(-1)?.tag ?? null,
    ingested: ingested.length,
    releases,
    proposals,
    deprecated,
    violations,
    ranked: rankCandidates(candidates),
  };
});

const sortTags = (tags: string[]) => tags.sort(compareReleaseTags);

async function readOpenProposals(
  prisma: Db,
  tagOf: Map<number, string>,
  ingestedIds: Set<number>,
): Promise<QueueProposal[]> {
  const rows = await prisma.proposal.findMany({
    where: { status: "OPEN" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: {
      author: { select: { name: true } },
      _count: { select: { comments: true } },
      kfunc: {
        select: {
          name: true,
          state: true,
          _count: { select: { dependents: true } },
          presences: { select: { releaseId: true } },
          events: {
            where: {
              retractedAt: null,
              kind: { in: ["SIGNATURE_CHANGED", "FLAGS_CHANGED", "POLICY_VIOLATION"] },
            },
            select: { kind: true, releaseId: true },
          },
        },
      },
    },
  });
  return rows.map((p) => {
    const changes = (kind: string) =>
      sortTags(
        p.kfunc.events
          .filter((e) => e.kind === kind && e.releaseId !== null)
          .map((e) => tagOf.get(e.releaseId as number) ?? "?"),
      );
    return {
      id: p.id,
      kfunc: p.kfunc.name,
      kfuncState: p.kfunc.state,
      kind: p.kind,
      kindLabel: PROPOSAL_KIND_LABELS[p.kind],
      author: p.author.name,
      rationale: p.rationale,
      evidence: p.evidence,
      replacement: p.replacement,
      release: p.releaseId ? (tagOf.get(p.releaseId) ?? null) : null,
      removalEarliest: p.removalEarliestId ? (tagOf.get(p.removalEarliestId) ?? null) : null,
      createdAt: p.createdAt.toISOString(),
      comments: p._count.comments,
      dependents: p.kfunc._count.dependents,
      data: {
        presentIn: sortTags(
          p.kfunc.presences
            .filter((r) => ingestedIds.has(r.releaseId))
            .map((r) => tagOf.get(r.releaseId) ?? "?"),
        ),
        prototypeChanges: changes("SIGNATURE_CHANGED"),
        flagChanges: changes("FLAGS_CHANGED"),
        violations: p.kfunc.events.filter((e) => e.kind === "POLICY_VIOLATION").length,
      },
    };
  });
}

async function readDeprecated(prisma: Db, tagOf: Map<number, string>, ingestedIds: Set<number>) {
  const rows = await prisma.kfunc.findMany({
    where: { state: "DEPRECATED" },
    orderBy: { name: "asc" },
    select: {
      name: true,
      replacement: { select: { name: true } },
      deprecatedIn: { select: { tag: true, releasedOn: true } },
      removalEarliest: { select: { tag: true } },
      presences: { select: { releaseId: true } },
      _count: { select: { dependents: true } },
      events: {
        where: { retractedAt: null, kind: "DEPRECATED" },
        orderBy: { id: "desc" },
        take: 1,
        select: { occurredAt: true },
      },
    },
  });
  return rows.map((k) => ({
    name: k.name,
    replacement: k.replacement?.name ?? null,
    deprecatedIn: k.deprecatedIn?.tag ?? null,
    removalEarliest: k.removalEarliest?.tag ?? null,
    deprecatedOn: dateOnly(k.deprecatedIn?.releasedOn ?? k.events[0]?.occurredAt ?? null),
    presentIn: k.presences
      .filter((p) => ingestedIds.has(p.releaseId))
      .map((p) => tagOf.get(p.releaseId) ?? "?"),
    dependents: k._count.dependents,
  }));
}

async function readViolations(prisma: Db): Promise<QueueViolation[]> {
  const rows = await prisma.lifecycleEvent.findMany({
    where: { kind: "POLICY_VIOLATION", retractedAt: null },
    include: {
      kfunc: { select: { name: true, state: true } },
      release: { select: { tag: true } },
      ack: { include: { user: { select: { name: true } } } },
    },
  });
  return rows
    .map((e) => ({
      id: e.id,
      kfunc: e.kfunc.name,
      kfuncState: e.kfunc.state,
      release: e.release?.tag ?? null,
      message: e.rationale ?? "Policy violation.",
      rule: ((e.detail ?? {}) as { rule?: string }).rule ?? null,
      recordedAt: e.recordedAt.toISOString(),
      acknowledged: e.ack !== null,
      ack: e.ack ? { note: e.ack.note, by: e.ack.user.name, at: e.ack.createdAt.toISOString() } : null,
    }))
    .sort(compareViolations)
    .map(({ acknowledged: _, ...v }) => v);
}

async function readCandidates(prisma: Db, ingested: ReturnType<typeof ingestedOnly>) {
  const rows = await prisma.kfunc.findMany({
    where: { state: "UNSTABLE" },
    select: {
      name: true,
      firstSeen: { select: { tag: true } },
      _count: { select: { dependents: true } },
      presences: { select: { releaseId: true, prototype: true, flags: true, progTypes: true } },
      proposals: { where: { status: "OPEN", kind: "PROMOTE" }, select: { id: true }, take: 1 },
    },
  });
  return rows.map((k) => {
    const byRelease = new Map(k.presences.map((p) => [p.releaseId, p]));
    return {
      name: k.name,
      firstSeen: k.firstSeen?.tag ?? null,
      run: unchangedRun(
        ingested.map((r) => ({
          tag: r.tag,
          evidence: r.ingestion.evidence,
          presence: byRelease.get(r.id) ?? null,
        })),
      ),
      dependents: k._count.dependents,
      openProposal: k.proposals[0]?.id ?? null,
    };
  });
}

// ── The feed ───────────────────────────────────────────────────────────────────────────────────

/**
 * What the queue's feed announces, each list newest first and at most `limit` long: open
 * proposals, decisions, deprecations and policy violations. The feed merges and cuts them.
 */
export async function getQueueFeedItems(limit: number): Promise<QueueFeedItem[]> {
  const prisma = await getPrisma();
  const known = await readKnownReleases(prisma);
  const tagOf = new Map(known.map((r) => [r.id, r.tag]));
  const ingestedIds = new Set(ingestedOnly(known).map((r) => r.id));
  const eventInclude = {
    kfunc: { select: { name: true } },
    release: { select: { tag: true } },
    ack: { include: { user: { select: { name: true } } } },
  } as const;
  const [proposals, decisions, deprecations, violations] = await Promise.all([
    readOpenProposals(prisma, tagOf, ingestedIds),
    prisma.decision.findMany({
      orderBy: [{ decidedAt: "desc" }, { id: "desc" }],
      take: limit,
      include: {
        decider: { select: { name: true } },
        proposal: { select: { id: true, kind: true, kfunc: { select: { name: true } } } },
      },
    }),
    prisma.lifecycleEvent.findMany({
      where: { kind: "DEPRECATED", retractedAt: null },
      orderBy: [{ recordedAt: "desc" }, { id: "desc" }],
      take: limit,
      include: eventInclude,
    }),
    prisma.lifecycleEvent.findMany({
      where: { kind: "POLICY_VIOLATION", retractedAt: null },
      orderBy: [{ recordedAt: "desc" }, { id: "desc" }],
      take: limit,
      include: eventInclude,
    }),
  ]);
  return [
    ...proposals.slice(-limit).map((proposal) => ({ type: "proposal" as const, proposal })),
    ...decisions.map((d) => ({
      type: "decision" as const,
      id: d.id,
      proposalId: d.proposal.id,
      kfunc: d.proposal.kfunc.name,
      kindLabel: PROPOSAL_KIND_LABELS[d.proposal.kind],
      outcome: d.outcome,
      reason: d.reason,
      decider: d.decider.name,
      decidedAt: d.decidedAt.toISOString(),
    })),
    ...deprecations.map((e) => ({
      type: "deprecation" as const,
      event: { ...toKfuncEvent(e), kfunc: e.kfunc.name },
    })),
    ...violations.map((e) => ({
      type: "violation" as const,
      event: { ...toKfuncEvent(e), kfunc: e.kfunc.name },
      ack: e.ack ? { note: e.ack.note, by: e.ack.user.name, at: e.ack.createdAt.toISOString() } : null,
    })),
  ];
}
