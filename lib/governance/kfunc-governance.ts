// What the kfunc page shows about governance: proposals with their comments and decisions, the
// projects that depend on the kfunc, the evidence in the data, and which proposals the lifecycle
// rules allow now (and why not, for the others).
import "server-only";
import { getPrisma } from "../db/client";
import { checkTransition } from "../lifecycle/rules";
import type { LifecycleState } from "../lifecycle/states";
import { PROPOSAL_KIND_LABELS, PROPOSAL_KINDS, type ProposalKind, targetState } from "./proposals";

export interface ProposalOption {
  kind: ProposalKind;
  label: string;
  /** Null when the rules allow it; otherwise why not, in words. */
  forbidden: string | null;
}

/** Which proposals the rules allow from a state, the fields a form asks for assumed filled in. */
export function proposalOptions(state: LifecycleState, wasStable = false): ProposalOption[] {
  return PROPOSAL_KINDS.map((kind) => {
    const to = targetState(kind, wasStable);
    const check = checkTransition({
      from: state,
      to,
      actor: "maintainer",
      rationale: "—",
      evidence: ["https://example.invalid"],
      release: "v1.0",
      removalEarliest: "v99.0",
    });
    const forbidden =
      kind === "UNDEPRECATE" && state !== "DEPRECATED"
        ? "It is not deprecated."
        : check.ok
          ? null
          : check.problems.map((p) => p.message).join(" ");
    return { kind, label: PROPOSAL_KIND_LABELS[kind], forbidden };
  });
}

export async function getKfuncGovernance(name: string) {
  const prisma = await getPrisma();
  const [proposals, dependents, violations] = await Promise.all([
    prisma.proposal.findMany({
      where: { kfunc: { name } },
      orderBy: { createdAt: "desc" },
      include: {
        author: { select: { id: true, name: true } },
        comments: { orderBy: { createdAt: "asc" }, include: { author: { select: { name: true } } } },
        decision: { include: { decider: { select: { name: true } } } },
      },
    }),
    prisma.dependent.findMany({
      where: { kfunc: { name } },
      orderBy: { createdAt: "asc" },
      include: { user: { select: { id: true, name: true } } },
    }),
    prisma.lifecycleEvent.count({ where: { kfunc: { name }, kind: "POLICY_VIOLATION", retractedAt: null } }),
  ]);
  const releaseTags = new Map(
    (await prisma.release.findMany({ select: { id: true, tag: true } })).map((r) => [r.id, r.tag]),
  );
  return {
    proposals: proposals.map((p) => ({
      id: p.id,
      kind: p.kind,
      status: p.status,
      author: p.author,
      rationale: p.rationale,
      evidence: p.evidence,
      replacement: p.replacement,
      release: p.releaseId ? (releaseTags.get(p.releaseId) ?? null) : null,
      removalEarliest: p.removalEarliestId ? (releaseTags.get(p.removalEarliestId) ?? null) : null,
      createdAt: p.createdAt,
      comments: p.comments.map((c) => ({
        id: c.id,
        author: c.author.name,
        body: c.body,
        createdAt: c.createdAt,
      })),
      decision: p.decision
        ? {
            outcome: p.decision.outcome,
            reason: p.decision.reason,
            decider: p.decision.decider.name,
            decidedAt: p.decision.decidedAt,
          }
        : null,
    })),
    dependents: dependents.map((d) => ({
      id: d.id,
      project: d.project,
      url: d.url,
      recordedBy: d.user,
      createdAt: d.createdAt,
    })),
    violations,
  };
}

export type KfuncGovernance = Awaited<ReturnType<typeof getKfuncGovernance>>;
