"use server";
// The kfunc page's forms. Each action is made by governedAction, which checks the session, the
// origin and the permission; the lifecycle rules are checked again by lib/governance.
import { revalidatePath } from "next/cache";
import { type ActionResult, governedAction } from "@/lib/auth/action";
import {
  addDependent,
  commentOnProposal,
  decideProposal,
  fileProposal,
  removeDependent,
  rescheduleDeprecation,
  withdrawProposal,
} from "@/lib/governance/proposals";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};
const optional = (form: FormData, name: string) => text(form, name).trim() || null;
const lines = (form: FormData, name: string) =>
  text(form, name)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

function refresh(kfunc: string) {
  revalidatePath(`/kfuncs/${encodeURIComponent(kfunc)}`);
  revalidatePath("/queue");
}

export const fileProposalAction = governedAction(
  "propose",
  async ({ principal, prisma, audit }, _previous: ActionResult | null, form: FormData) => {
    const kfunc = text(form, "kfunc");
    const proposal = await fileProposal(
      prisma,
      principal,
      {
        kfunc,
        kind: text(form, "kind"),
        rationale: text(form, "rationale"),
        evidence: lines(form, "evidence"),
        replacement: optional(form, "replacement"),
        release: optional(form, "release"),
        removalEarliest: optional(form, "removalEarliest"),
      },
      audit,
    );
    refresh(kfunc);
    return `Proposal #${proposal.id} filed. Maintainers will see it in the queue.`;
  },
);

export const commentAction = governedAction(
  "propose",
  async ({ principal, prisma, audit }, _previous: ActionResult | null, form: FormData) => {
    await commentOnProposal(
      prisma,
      principal,
      { proposalId: text(form, "proposalId"), body: text(form, "body") },
      audit,
    );
    refresh(text(form, "kfunc"));
    return "Comment added.";
  },
);

export const decideAction = governedAction(
  "decide",
  async ({ principal, prisma, audit }, _previous: ActionResult | null, form: FormData) => {
    const outcome = text(form, "outcome");
    await decideProposal(
      prisma,
      principal,
      { proposalId: text(form, "proposalId"), outcome, reason: text(form, "reason") },
      audit,
    );
    refresh(text(form, "kfunc"));
    return outcome === "APPROVED" ? "Approved: the state and the history are updated." : "Rejected.";
  },
);

export const withdrawAction = governedAction(
  "propose",
  async ({ principal, prisma, audit }, _previous: ActionResult | null, form: FormData) => {
    await withdrawProposal(prisma, principal, Number(text(form, "proposalId")), audit);
    refresh(text(form, "kfunc"));
    return "Proposal withdrawn.";
  },
);

export const addDependentAction = governedAction(
  "propose",
  async ({ principal, prisma, audit }, _previous: ActionResult | null, form: FormData) => {
    const kfunc = text(form, "kfunc");
    await addDependent(
      prisma,
      principal,
      { kfunc, project: text(form, "project"), url: optional(form, "url") },
      audit,
    );
    refresh(kfunc);
    return "Recorded. Thank you: maintainers see how many projects a change would affect.";
  },
);

export const removeDependentAction = governedAction(
  "propose",
  async ({ principal, prisma, audit }, _previous: ActionResult | null, form: FormData) => {
    await removeDependent(prisma, principal, Number(text(form, "dependentId")), audit);
    refresh(text(form, "kfunc"));
    return "Removed.";
  },
);

export const rescheduleAction = governedAction(
  "decide",
  async ({ principal, prisma, audit }, _previous: ActionResult | null, form: FormData) => {
    const kfunc = text(form, "kfunc");
    await rescheduleDeprecation(
      prisma,
      principal,
      {
        kfunc,
        removalEarliest: text(form, "removalEarliest"),
        replacement: optional(form, "replacement"),
        reason: text(form, "reason"),
      },
      audit,
    );
    refresh(kfunc);
    return "Schedule changed.";
  },
);
