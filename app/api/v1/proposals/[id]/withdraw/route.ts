import { mutationHandler } from "@/lib/api/mutation";
import { GovernanceError } from "@/lib/governance/errors";
import { rowId, withdrawProposal } from "@/lib/governance/proposals";

export const dynamic = "force-dynamic";

/** POST /api/v1/proposals/{id}/withdraw: the author (or a maintainer) withdraws an open proposal. */
export const POST = mutationHandler<{ id: string }>(
  "propose",
  async ({ params, principal, prisma, audit }) => {
    const parsed = rowId.safeParse(params.id);
    if (!parsed.success) throw new GovernanceError(404, `No proposal ${params.id.slice(0, 32)}.`);
    const id = parsed.data;
    await withdrawProposal(prisma, principal, id, audit);
    return Response.json({ id, status: "WITHDRAWN" });
  },
);
