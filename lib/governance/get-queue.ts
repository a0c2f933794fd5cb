import "server-only";
import { cachedUntilIngest, versioned } from "../cache/versioned";
import { getPrisma } from "../db/client";
import { dateOnly, toKfuncEvent } from "../events/event";
import type { PresenceFacts } from "../releases/compare";
import { ingestedOnly, readKnownReleases } from "../releases/known-releases";
import { compareReleaseTags } from "../releases/version";
import { PROPOSAL_KIND_LABELS } from "./proposals";
import {
  compareViolations,
  groupDeprecations,
  MIN_UNCHANGED_RELEASES,
  type Queue,
  type QueueFeedItem,
  type QueueProposal,
  type QueueRelease,
  type QueueViolation,
  rankCandidates,
  type UnchangedRun,
  unchangedRun,
  withDaysAt,
} from "./queue";

// The maintainers' queue (/queue and /feeds/queue.atom): open proposals with the evidence the
// data holds, the deprecation queue, policy violations and promotion candidates. Reads here,
// shapes in queue.ts (pure). Plain serializable data: no Prisma rows, no Dates.

type Db = Awaited<ReturnType<typeof getPrisma>>;

export async function getQueue(options: { candidates?: number; now?: Date } = {}): Promise<Queue> {
  const now = options.now ?? new Date();
  const [data, unstable, runs] = await Promise.all([
    readQueueData(),
    readUnstableKfuncs(),
    readUnchangedRuns(),
  ]);
  // Ranked here, not in a cached read: the runs are an entry of their own (Next does not cache a
  // read made inside another cached read), and ranking a few thousand rows takes milliseconds.
  const ranked = rankCandidates(
    unstable.map(({ id, ...k }) => ({ ...k, run: runs[id] ?? { releases: 0, since: null } })),
  );
  return {
    newestIngested: data.newestIngested,
    ingested: data.ingested,
    proposals: data.proposals,
    // Ages ("deprecated 9 months ago") are counted now, outside the cached read.
    deprecations: withDaysAt(data.deprecations, now),
    violations: data.violations,
    candidates: {
      total: ranked.length,
      rows: ranked.slice(0, options.candidates ?? ranked.length),
    },
  };
}

/**
 * Everything the queue reads but the candidates: cached under the catalog version like every
 * catalog read (lib/cache/versioned.ts). Each cached entry must stay under Next's 2 MB limit for one
 * entry (larger ones are not cached at all), hence the candidates apart and no release lists.
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
  const ingestedTags = new Map(ingested.map((r) => [r.id, r.tag]));
  const [proposals, deprecated, violations] = await Promise.all([
    readOpenProposals(prisma, tagOf, ingestedTags),
    readDeprecated(prisma, ingestedTags),
    readViolations(prisma),
  ]);
  return {
    newestIngested: ingested.at(-1)?.tag ?? null,
    ingested: ingested.length,
    proposals,
    // Grouped and ordered once per catalog version; only the days since each deprecation are
    // counted per request (getQueue), the rest does not change with the clock.
    deprecations: groupDeprecations(deprecated, releases, new Date()),
    violations,
  };
});

const sortTags = (tags: string[]) => tags.sort(compareReleaseTags);

async function readOpenProposals(
  prisma: Db,
  tagOf: Map<number, string>,
  ingestedTags: ReadonlyMap<number, string>,
): Promise<QueueProposal[]> {
  const rows = await prisma.proposal.findMany({
    where: { status: "OPEN" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: {
      author: { select: { name: true } },
      _count: { select: { comments: true } },
      kfunc: {
        select: {
          id: true,
          name: true,
          state: true,
          _count: { select: { dependents: true } },
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
  const presentIn = await readPresentIn(
    prisma,
    rows.map((p) => p.kfuncId),
    ingestedTags,
  );
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
        presentIn: presentIn.get(p.kfunc.id) ?? [],
        prototypeChanges: changes("SIGNATURE_CHANGED"),
        flagChanges: changes("FLAGS_CHANGED"),
        violations: p.kfunc.events.filter((e) => e.kind === "POLICY_VIOLATION").length,
      },
    };
  });
}

async function readDeprecated(prisma: Db, ingestedTags: ReadonlyMap<number, string>) {
  const rows = await prisma.kfunc.findMany({
    where: { state: "DEPRECATED" },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      replacement: { select: { name: true } },
      deprecatedIn: { select: { tag: true, releasedOn: true } },
      removalEarliest: { select: { tag: true } },
      _count: { select: { dependents: true } },
      events: {
        where: { retractedAt: null, kind: "DEPRECATED" },
        orderBy: { id: "desc" },
        take: 1,
        select: { occurredAt: true },
      },
    },
  });
  const presentIn = await readPresentIn(
    prisma,
    rows.map((k) => k.id),
    ingestedTags,
  );
  return rows.map((k) => ({
    name: k.name,
    replacement: k.replacement?.name ?? null,
    deprecatedIn: k.deprecatedIn?.tag ?? null,
    removalEarliest: k.removalEarliest?.tag ?? null,
    deprecatedOn: dateOnly(k.deprecatedIn?.releasedOn ?? k.events[0]?.occurredAt ?? null),
    newestIn: presentIn.get(k.id)?.at(-1) ?? null,
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

/**
 * Every unstable kfunc with what ranks it besides its run: dependents and an open promotion.
 * Cached under the catalog version (a dependent or a proposal moves a kfunc up or down).
 */
const readUnstableKfuncs = versioned("getUnstableKfuncs", async () => {
  const prisma = await getPrisma();
  const rows = await prisma.$queryRaw<
    {
      id: number;
      name: string;
      first_seen: string | null;
      dependents: number;
      open_proposal: number | null;
    }[]
  >`
    SELECT k.id, k.name, fs.tag AS first_seen,
           (SELECT count(*)::int FROM dependent d WHERE d.kfunc_id = k.id) AS dependents,
           (SELECT min(p.id) FROM proposal p
             WHERE p.kfunc_id = k.id AND p.status = 'OPEN' AND p.kind = 'PROMOTE') AS open_proposal
    FROM kfunc k LEFT JOIN release fs ON fs.id = k.first_seen_id
    WHERE k.state = 'UNSTABLE'`;
  return rows.map((k) => ({
    id: k.id,
    name: k.name,
    firstSeen: k.first_seen,
    dependents: k.dependents,
    openProposal: k.open_proposal,
  }));
});

/**
 * The unchanged run (queue.ts, unchangedRun) of every kfunc that has one of at least
 * MIN_UNCHANGED_RELEASES, by kfunc id. It depends on presence rows alone, so it is cached until
 * the next ingest (a decision does not recompute it). A kfunc whose presences all carry one
 * prototype and one flag set is judged on the releases it is in, read as one array per kfunc; only
 * the few whose presences differ somewhere have their prototypes and flags read.
 */
const readUnchangedRuns = cachedUntilIngest("getUnchangedRuns", async () => {
  const prisma = await getPrisma();
  const ingested = ingestedOnly(await readKnownReleases(prisma));
  const ids = ingested.map((r) => r.id);
  const flagIds = ingested.filter((r) => r.ingestion.evidence.knowsFlags).map((r) => r.id);
  // One pass: the releases each kfunc is in, and whether its prototype or flags differ anywhere.
  const present = await prisma.$queryRaw<{ kfunc_id: number; releases: number[]; varies: boolean }[]>`
    SELECT kfunc_id, array_agg(release_id) AS releases,
           min(prototype) IS DISTINCT FROM max(prototype)
             OR min(flags) FILTER (WHERE release_id = ANY(${flagIds}::int[]))
                IS DISTINCT FROM max(flags) FILTER (WHERE release_id = ANY(${flagIds}::int[])) AS varies
    FROM kfunc_release WHERE release_id = ANY(${ids}::int[]) GROUP BY kfunc_id`;
  const facts = await readPresenceFacts(
    prisma,
    present.filter((k) => k.varies).map((k) => k.kfunc_id),
  );
  const still: PresenceFacts = { prototype: null, flags: [], progTypes: [] };
  const runs: Record<number, UnchangedRun> = {};
  for (const { kfunc_id: id, releases } of present) {
    const own = facts.get(id);
    const have = new Set(releases);
    const run = unchangedRun(
      ingested.map((r) => ({
        tag: r.tag,
        evidence: r.ingestion.evidence,
        presence: own ? (own.get(r.id) ?? null) : have.has(r.id) ? still : null,
      })),
    );
    if (run.releases >= MIN_UNCHANGED_RELEASES) runs[id] = run;
  }
  return runs;
});

/** The prototype, flags and program types of each of these kfuncs in each release it is in. */
async function readPresenceFacts(
  prisma: Db,
  kfuncIds: number[],
): Promise<Map<number, Map<number, PresenceFacts>>> {
  const byKfunc = new Map<number, Map<number, PresenceFacts>>();
  if (kfuncIds.length === 0) return byKfunc;
  const presences = await prisma.kfuncRelease.findMany({
    where: { kfuncId: { in: kfuncIds } },
    select: { kfuncId: true, releaseId: true, prototype: true, flags: true, progTypes: true },
  });
  for (const { kfuncId, releaseId, ...presence } of presences) {
    const releases = byKfunc.get(kfuncId) ?? new Map<number, PresenceFacts>();
    releases.set(releaseId, presence);
    byKfunc.set(kfuncId, releases);
  }
  return byKfunc;
}

/**
 * The ingested releases each of these kfuncs is present in, oldest first, by kfunc id: one
 * aggregate in the database instead of every presence row through the client.
 */
async function readPresentIn(
  prisma: Db,
  kfuncIds: number[],
  ingested: ReadonlyMap<number, string>,
): Promise<Map<number, string[]>> {
  if (kfuncIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<{ kfunc_id: number; releases: number[] }[]>`
    SELECT kfunc_id, array_agg(release_id ORDER BY release_id) AS releases
    FROM kfunc_release
    WHERE kfunc_id = ANY(${kfuncIds}::int[]) AND release_id = ANY(${[...ingested.keys()]}::int[])
    GROUP BY kfunc_id`;
  // Release ids sort as versions do (schema.prisma), so the tags come out oldest first.
  return new Map(rows.map((r) => [r.kfunc_id, r.releases.map((id) => ingested.get(id) ?? "?")]));
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
  const ingestedTags = new Map(ingestedOnly(known).map((r) => [r.id, r.tag]));
  const eventInclude = {
    kfunc: { select: { name: true } },
    release: { select: { tag: true } },
    ack: { include: { user: { select: { name: true } } } },
  } as const;
  const [proposals, decisions, deprecations, violations] = await Promise.all([
    readOpenProposals(prisma, tagOf, ingestedTags),
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
