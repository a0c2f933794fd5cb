// Proposals, decisions, dependents and violation acknowledgements: every governance write, in one
// module. Each function takes the authorized principal (lib/auth/principal.ts), checks what the
// lifecycle rules (lib/lifecycle/rules.ts) allow, writes in one transaction, and leaves an audit
// row. An approval changes a kfunc's state only by writing a DECISION event and recomputing the
// catalog through the same derivation that ingestion uses, so the rules stay in one place.
import { z } from "zod";
import { authorize, type Principal } from "../auth/principal";
import { afterCatalogChange } from "../cache/invalidate";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { LONG_TRANSACTION } from "../ingest/ingest";
import { lockCatalog, recomputeDerived } from "../ingest/recompute";
import { checkReschedule, checkTransition, type TransitionProblem } from "../lifecycle/rules";
import type { LifecycleState } from "../lifecycle/states";
import { compareReleaseTags } from "../releases/version";
import { isWellFormed } from "../util/text";
import { type AuditContext, writeAudit } from "./audit";
import { GovernanceError } from "./errors";

export { GovernanceError };

type Tx = Prisma.TransactionClient;

export const PROPOSAL_KINDS = ["PROMOTE", "DEPRECATE", "UNDEPRECATE", "REMOVE"] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export const PROPOSAL_KIND_LABELS: Record<ProposalKind, string> = {
  PROMOTE: "Promote to stable",
  DEPRECATE: "Deprecate",
  UNDEPRECATE: "Withdraw the deprecation",
  REMOVE: "Record a removal",
};

/**
 * Text kept exactly as given (trimmed): HTML and SQL in it are stored as they are and escaped where
 * they are shown. What PostgreSQL cannot store as given, a NUL or half a surrogate pair, is refused.
 */
const text = (max: number, empty?: string) =>
  (empty ? z.string().trim().min(1, empty) : z.string().trim())
    .max(max)
    .refine((value) => !value.includes("\u0000"), "must not contain a NUL character")
    .refine(isWellFormed, "must be Unicode text (it holds half a surrogate pair)");

/** A row id: a positive integer that fits the database's integer columns. */
export const rowId = z.coerce.number().int().positive().max(2_147_483_647);

const link = text(2000).refine((value) => {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, "must be an http(s) URL");

const releaseTag = z
  .string()
  .trim()
  .regex(/^v\d+\.\d+$/, "must be a release tag such as v7.3");

export const proposalInput = z.object({
  kfunc: text(200, "Name the kfunc."),
  kind: z.enum(PROPOSAL_KINDS),
  rationale: text(10_000, "Say why: a rationale is required."),
  evidence: z.array(link).max(20).default([]),
  replacement: text(200).nullish(),
  release: releaseTag.nullish(),
  removalEarliest: releaseTag.nullish(),
});
export type ProposalInput = z.input<typeof proposalInput>;

export const decisionInput = z.object({
  proposalId: rowId,
  outcome: z.enum(["APPROVED", "REJECTED"]),
  reason: text(10_000, "Give the reason for the decision."),
});
export type DecisionInput = z.input<typeof decisionInput>;

export const commentInput = z.object({
  proposalId: rowId,
  body: text(10_000, "The comment is empty."),
});

export const dependentInput = z.object({
  kfunc: text(200, "Name the kfunc."),
  project: text(200, "Name the project."),
  url: link.nullish().or(z.literal("").transform(() => null)),
});

export const ackInput = z.object({
  eventId: rowId,
  note: text(10_000, "Say what was done about it."),
});

/** Parses with a schema; a bad field is a 400 that names it. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const message = result.error.issues
    .map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`)
    .join("; ");
  throw new GovernanceError(400, message);
}

/** The state a proposal asks for, given the kfunc's state now. */
export function targetState(kind: ProposalKind, wasStable: boolean): LifecycleState {
  switch (kind) {
    case "PROMOTE":
      return "STABLE";
    case "DEPRECATE":
      return "DEPRECATED";
    case "UNDEPRECATE":
      return wasStable ? "STABLE" : "UNSTABLE";
    case "REMOVE":
      return "REMOVED";
  }
}

interface KfuncFacts {
  id: number;
  name: string;
  state: LifecycleState;
  lastSeen: string | null;
  /** Whether the kfunc was stable before its current deprecation. */
  wasStable: boolean;
}

async function kfuncFacts(db: Tx | PrismaClient, name: string): Promise<KfuncFacts> {
  const kfunc = await db.kfunc.findUnique({
    where: { name },
    select: {
      id: true,
      name: true,
      state: true,
      lastSeen: { select: { tag: true } },
      events: {
        where: { retractedAt: null, toState: { not: null } },
        select: { toState: true, kind: true },
        orderBy: { id: "asc" },
      },
    },
  });
  if (!kfunc) throw new GovernanceError(404, `No kfunc named ${name} in the catalog.`);
  const states = kfunc.events.map((e) => e.toState);
  const lastDeprecation = states.lastIndexOf("DEPRECATED");
  return {
    id: kfunc.id,
    name: kfunc.name,
    state: kfunc.state,
    lastSeen: kfunc.lastSeen?.tag ?? null,
    wasStable: lastDeprecation > 0 && states[lastDeprecation - 1] === "STABLE",
  };
}

async function newestIngestedTag(db: Tx | PrismaClient): Promise<string | null> {
  const release = await db.release.findFirst({
    where: { ingestions: { some: {} } },
    orderBy: { id: "desc" },
    select: { tag: true },
  });
  return release?.tag ?? null;
}

/**
 * What the lifecycle rules say about a proposal on this kfunc now: the release it takes effect in
 * and the problems that forbid it (empty when it may be approved). The kfunc page shows these
 * before a form is sent; filing and approving check them again.
 */
export async function assessProposal(db: Tx | PrismaClient, input: z.output<typeof proposalInput>) {
  const kfunc = await kfuncFacts(db, input.kfunc);
  const newest = await newestIngestedTag(db);
  const release =
    input.release ?? (input.kind === "PROMOTE" || input.kind === "UNDEPRECATE" ? kfunc.lastSeen : newest);
  const to = targetState(input.kind, kfunc.wasStable);
  const check = checkTransition({
    from: kfunc.state,
    to,
    actor: "maintainer",
    rationale: input.rationale,
    evidence: input.evidence,
    release,
    removalEarliest: input.removalEarliest ?? null,
    replacement: input.replacement ?? null,
  });
  const problems: TransitionProblem[] = check.ok ? [] : [...check.problems];
  if (input.replacement) {
    if (input.replacement === kfunc.name) {
      problems.push({ field: "replacement", message: "A kfunc cannot replace itself." });
    } else if (!(await db.kfunc.findUnique({ where: { name: input.replacement }, select: { id: true } }))) {
      problems.push({ field: "replacement", message: `No kfunc named ${input.replacement} in the catalog.` });
    }
  }
  for (const [field, tag] of [
    ["release", input.release],
    ["removalEarliest", input.removalEarliest],
  ] as const) {
    if (tag && !(await db.release.findUnique({ where: { tag }, select: { id: true } }))) {
      problems.push({ field, message: `${tag} is not a known release.` });
    }
  }
  if (
    input.kind === "REMOVE" &&
    release &&
    kfunc.lastSeen &&
    compareReleaseTags(release, kfunc.lastSeen) <= 0
  ) {
    problems.push({
      field: "release",
      message: `The catalog sees ${kfunc.name} in ${kfunc.lastSeen}: a removal takes effect in a later release.`,
    });
  }
  return { kfunc, release, to, problems };
}

async function releaseId(db: Tx, tag: string | null | undefined): Promise<number | null> {
  if (!tag) return null;
  const release = await db.release.findUnique({ where: { tag }, select: { id: true } });
  return release?.id ?? null;
}

function refuse(problems: TransitionProblem[]): never {
  throw new GovernanceError(400, problems.map((p) => p.message).join(" "), problems);
}

export async function fileProposal(
  prisma: PrismaClient,
  principal: Principal | null,
  raw: unknown,
  context: AuditContext = {},
) {
  const actor = authorize(principal, "propose");
  const input = parseInput(proposalInput, raw);
  return prisma
    .$transaction(async (tx) => {
      const assessment = await assessProposal(tx, input);
      if (assessment.problems.length) refuse(assessment.problems);
      const open = await tx.proposal.findFirst({
        where: { kfuncId: assessment.kfunc.id, kind: input.kind, status: "OPEN" },
        select: { id: true },
      });
      if (open) {
        throw new GovernanceError(
          409,
          `Proposal #${open.id} to ${PROPOSAL_KIND_LABELS[input.kind].toLowerCase()} ${input.kfunc} is already open: comment on it instead.`,
        );
      }
      const proposal = await tx.proposal.create({
        data: {
          kfuncId: assessment.kfunc.id,
          kind: input.kind,
          authorId: actor.userId,
          rationale: input.rationale,
          evidence: input.evidence,
          replacement: input.replacement || null,
          releaseId: await releaseId(tx, assessment.release),
          removalEarliestId: await releaseId(tx, input.removalEarliest),
        },
      });
      await writeAudit(tx, actor, "proposal.file", `kfunc:${input.kfunc}`, context, {
        proposalId: proposal.id,
        kind: input.kind,
      });
      return proposal;
    })
    .then(afterCatalogChange);
}

export async function commentOnProposal(
  prisma: PrismaClient,
  principal: Principal | null,
  raw: unknown,
  context: AuditContext = {},
) {
  const actor = authorize(principal, "propose");
  const input = parseInput(commentInput, raw);
  return prisma
    .$transaction(async (tx) => {
      const proposal = await tx.proposal.findUnique({
        where: { id: input.proposalId },
        select: { id: true },
      });
      if (!proposal) throw new GovernanceError(404, `No proposal #${input.proposalId}.`);
      const comment = await tx.proposalComment.create({
        data: { proposalId: proposal.id, authorId: actor.userId, body: input.body },
      });
      await writeAudit(tx, actor, "proposal.comment", `proposal:${proposal.id}`, context, {
        commentId: comment.id,
      });
      return comment;
    })
    .then(afterCatalogChange);
}

/** The author (or a maintainer) withdraws an open proposal. */
export async function withdrawProposal(
  prisma: PrismaClient,
  principal: Principal | null,
  proposalId: number,
  context: AuditContext = {},
) {
  const actor = authorize(principal, "propose");
  return prisma
    .$transaction(async (tx) => {
      const proposal = await tx.proposal.findUnique({ where: { id: proposalId } });
      if (!proposal) throw new GovernanceError(404, `No proposal #${proposalId}.`);
      if (proposal.authorId !== actor.userId && actor.role === "contributor") {
        throw new GovernanceError(409, "Only the author or a maintainer can withdraw a proposal.");
      }
      const closed = await tx.proposal.updateMany({
        where: { id: proposalId, status: "OPEN" },
        data: { status: "WITHDRAWN", closedAt: new Date() },
      });
      if (closed.count === 0) throw new GovernanceError(409, `Proposal #${proposalId} is already closed.`);
      await writeAudit(tx, actor, "proposal.withdraw", `proposal:${proposalId}`, context);
    })
    .then(afterCatalogChange);
}

const EVENT_KIND_OF = {
  PROMOTE: "PROMOTED",
  DEPRECATE: "DEPRECATED",
  UNDEPRECATE: "UNDEPRECATED",
  REMOVE: "REMOVED",
} as const;

/**
 * A maintainer approves or rejects an open proposal. Exactly one decision is ever recorded: the
 * proposal row is closed with a conditional update under the row lock, and `decision` has one
 * row per proposal at most; whoever comes second gets a 409 naming the first decision.
 */
export async function decideProposal(
  prisma: PrismaClient,
  principal: Principal | null,
  raw: unknown,
  context: AuditContext = {},
) {
  const actor = authorize(principal, "decide");
  const input = parseInput(decisionInput, raw);
  return prisma
    .$transaction(async (tx) => {
      await lockCatalog(tx);
      const proposal = await tx.proposal.findUnique({
        where: { id: input.proposalId },
        include: { kfunc: { select: { name: true } }, decision: { include: { decider: true } } },
      });
      if (!proposal) throw new GovernanceError(404, `No proposal #${input.proposalId}.`);
      if (proposal.status !== "OPEN") {
        const by = proposal.decision
          ? ` by ${proposal.decision.decider.name} at ${proposal.decision.decidedAt.toISOString()}`
          : "";
        throw new GovernanceError(
          409,
          `Proposal #${proposal.id} was already ${proposal.status.toLowerCase()}${by}.`,
        );
      }
      const closed = await tx.proposal.updateMany({
        where: { id: proposal.id, status: "OPEN" },
        data: { status: input.outcome, closedAt: new Date() },
      });
      if (closed.count === 0)
        throw new GovernanceError(409, `Proposal #${proposal.id} was decided meanwhile.`);

      let eventId: number | null = null;
      if (input.outcome === "APPROVED") {
        const [release, removalEarliest] = await Promise.all([
          proposal.releaseId ? tx.release.findUnique({ where: { id: proposal.releaseId } }) : null,
          proposal.removalEarliestId
            ? tx.release.findUnique({ where: { id: proposal.removalEarliestId } })
            : null,
        ]);
        const assessment = await assessProposal(tx, {
          kfunc: proposal.kfunc.name,
          kind: proposal.kind,
          rationale: proposal.rationale,
          evidence: proposal.evidence,
          replacement: proposal.replacement,
          release: release?.tag ?? null,
          removalEarliest: removalEarliest?.tag ?? null,
        });
        if (assessment.problems.length) {
          throw new GovernanceError(
            409,
            `The rules no longer allow this proposal: ${assessment.problems.map((p) => p.message).join(" ")}`,
            assessment.problems,
          );
        }
        const event = await tx.lifecycleEvent.create({
          data: {
            kfuncId: proposal.kfuncId,
            kind: EVENT_KIND_OF[proposal.kind],
            origin: "DECISION",
            fromState: assessment.kfunc.state,
            toState: assessment.to,
            releaseId: release?.id ?? (await releaseId(tx, assessment.release)),
            occurredAt: new Date(),
            actor: `maintainer:${actor.email}`,
            rationale: `${proposal.rationale}\n\nDecision: ${input.reason}`,
            sourceUrl: proposal.evidence[0] ?? null,
            detail: {
              proposalId: proposal.id,
              decidedBy: actor.name,
              links: proposal.evidence,
              ...(proposal.replacement ? { replacement: proposal.replacement } : {}),
              ...(removalEarliest ? { removalEarliest: removalEarliest.tag } : {}),
            },
            dedupeKey: `${proposal.kfunc.name}:decision:${proposal.id}`,
          },
        });
        eventId = event.id;
        await recomputeDerived(tx);
        const after = await tx.kfunc.findUniqueOrThrow({
          where: { id: proposal.kfuncId },
          select: { state: true },
        });
        if (after.state !== assessment.to) {
          throw new GovernanceError(
            409,
            `The history does not allow ${proposal.kfunc.name} to become ${assessment.to.toLowerCase()} (it stays ${after.state.toLowerCase()}); nothing was recorded.`,
          );
        }
      }
      const decision = await tx.decision.create({
        data: {
          proposalId: proposal.id,
          deciderId: actor.userId,
          outcome: input.outcome,
          reason: input.reason,
          eventId,
        },
      });
      await writeAudit(
        tx,
        actor,
        `proposal.${input.outcome.toLowerCase()}`,
        `proposal:${proposal.id}`,
        context,
        {
          kfunc: proposal.kfunc.name,
          eventId,
        },
      );
      return decision;
    }, LONG_TRANSACTION)
    .then(afterCatalogChange);
}

export async function addDependent(
  prisma: PrismaClient,
  principal: Principal | null,
  raw: unknown,
  context: AuditContext = {},
) {
  const actor = authorize(principal, "propose");
  const input = parseInput(dependentInput, raw);
  return prisma
    .$transaction(async (tx) => {
      const kfunc = await tx.kfunc.findUnique({ where: { name: input.kfunc }, select: { id: true } });
      if (!kfunc) throw new GovernanceError(404, `No kfunc named ${input.kfunc} in the catalog.`);
      const existing = await tx.dependent.findUnique({
        where: { kfuncId_project: { kfuncId: kfunc.id, project: input.project } },
      });
      if (existing)
        throw new GovernanceError(409, `${input.project} is already recorded as using ${input.kfunc}.`);
      const dependent = await tx.dependent.create({
        data: { kfuncId: kfunc.id, userId: actor.userId, project: input.project, url: input.url ?? null },
      });
      await writeAudit(tx, actor, "dependent.add", `kfunc:${input.kfunc}`, context, {
        project: input.project,
      });
      return dependent;
    })
    .then(afterCatalogChange);
}

/** The one who recorded it (or a maintainer) removes a dependent. */
export async function removeDependent(
  prisma: PrismaClient,
  principal: Principal | null,
  dependentId: number,
  context: AuditContext = {},
) {
  const actor = authorize(principal, "propose");
  return prisma
    .$transaction(async (tx) => {
      const dependent = await tx.dependent.findUnique({
        where: { id: dependentId },
        include: { kfunc: true },
      });
      if (!dependent) throw new GovernanceError(404, `No dependent #${dependentId}.`);
      if (dependent.userId !== actor.userId && actor.role === "contributor") {
        throw new GovernanceError(409, "Only who recorded it or a maintainer can remove it.");
      }
      await tx.dependent.delete({ where: { id: dependentId } });
      await writeAudit(tx, actor, "dependent.remove", `kfunc:${dependent.kfunc.name}`, context, {
        project: dependent.project,
      });
    })
    .then(afterCatalogChange);
}

export async function acknowledgeViolation(
  prisma: PrismaClient,
  principal: Principal | null,
  raw: unknown,
  context: AuditContext = {},
) {
  const actor = authorize(principal, "decide");
  const input = parseInput(ackInput, raw);
  return prisma
    .$transaction(async (tx) => {
      const event = await tx.lifecycleEvent.findUnique({
        where: { id: input.eventId },
        include: { ack: true, kfunc: { select: { name: true } } },
      });
      if (event?.kind !== "POLICY_VIOLATION") {
        throw new GovernanceError(404, `No policy violation #${input.eventId}.`);
      }
      if (event.ack) throw new GovernanceError(409, `Violation #${event.id} was already acknowledged.`);
      const ack = await tx.violationAck.create({
        data: { eventId: event.id, userId: actor.userId, note: input.note },
      });
      await writeAudit(tx, actor, "violation.acknowledge", `kfunc:${event.kfunc.name}`, context, {
        eventId: event.id,
      });
      return ack;
    })
    .then(afterCatalogChange);
}

export const rescheduleInput = z.object({
  kfunc: text(200, "Name the kfunc."),
  removalEarliest: releaseTag,
  replacement: text(200).nullish(),
  reason: text(10_000, "Say why the schedule changes."),
});

/**
 * A maintainer changes a deprecated kfunc's schedule: a new earliest removal release (and, if given,
 * another replacement). Written as one more DEPRECATED decision event; the derivation reads it as
 * the schedule from then on, through checkReschedule in the lifecycle rules.
 */
export async function rescheduleDeprecation(
  prisma: PrismaClient,
  principal: Principal | null,
  raw: unknown,
  context: AuditContext = {},
) {
  const actor = authorize(principal, "decide");
  const input = parseInput(rescheduleInput, raw);
  return prisma
    .$transaction(async (tx) => {
      await lockCatalog(tx);
      const kfunc = await tx.kfunc.findUnique({
        where: { name: input.kfunc },
        include: { deprecatedIn: true, removalEarliest: true, lastSeen: true },
      });
      if (!kfunc) throw new GovernanceError(404, `No kfunc named ${input.kfunc} in the catalog.`);
      if (kfunc.state !== "DEPRECATED") {
        throw new GovernanceError(400, `${kfunc.name} is not deprecated: there is no schedule to change.`);
      }
      const problems = checkReschedule({
        actor: "maintainer",
        deprecatedIn: kfunc.deprecatedIn?.tag ?? null,
        removalEarliest: input.removalEarliest,
        rationale: input.reason,
      });
      const target = await tx.release.findUnique({ where: { tag: input.removalEarliest } });
      if (!target)
        problems.push({
          field: "removalEarliest",
          message: `${input.removalEarliest} is not a known release.`,
        });
      if (input.replacement && !(await tx.kfunc.findUnique({ where: { name: input.replacement } }))) {
        problems.push({
          field: "replacement",
          message: `No kfunc named ${input.replacement} in the catalog.`,
        });
      }
      if (problems.length) refuse(problems);
      const count = await tx.lifecycleEvent.count({ where: { kfuncId: kfunc.id, origin: "DECISION" } });
      const event = await tx.lifecycleEvent.create({
        data: {
          kfuncId: kfunc.id,
          kind: "DEPRECATED",
          origin: "DECISION",
          fromState: "DEPRECATED",
          toState: "DEPRECATED",
          releaseId: kfunc.lastSeen?.id ?? kfunc.deprecatedInId,
          occurredAt: new Date(),
          actor: `maintainer:${actor.email}`,
          rationale: `Schedule changed: earliest removal ${kfunc.removalEarliest?.tag ?? "none"} → ${input.removalEarliest}. ${input.reason}`,
          detail: {
            reschedule: true,
            decidedBy: actor.name,
            removalEarliest: input.removalEarliest,
            ...(input.replacement ? { replacement: input.replacement } : {}),
          },
          dedupeKey: `${kfunc.name}:decision:reschedule:${count + 1}`,
        },
      });
      await recomputeDerived(tx);
      const after = await tx.kfunc.findUniqueOrThrow({
        where: { id: kfunc.id },
        include: { removalEarliest: true },
      });
      if (after.removalEarliest?.tag !== input.removalEarliest) {
        throw new GovernanceError(409, "The history does not allow this schedule; nothing was recorded.");
      }
      await writeAudit(tx, actor, "deprecation.reschedule", `kfunc:${kfunc.name}`, context, {
        from: kfunc.removalEarliest?.tag ?? null,
        to: input.removalEarliest,
        eventId: event.id,
      });
      return event;
    }, LONG_TRANSACTION)
    .then(afterCatalogChange);
}
