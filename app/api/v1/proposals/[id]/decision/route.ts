import { mutationHandler, readJsonBody } from "@/lib/api/mutation";
import { decideProposal } from "@/lib/governance/proposals";

export const dynamic = "force-dynamic";

/** POST /api/v1/proposals/{id}/decision: approve or reject (maintainer; token scope `decide`). */
export const POST = mutationHandler<{ id: string }>(
  "decide",
  async ({ request, params, principal, prisma, audit }) => {
    const body = (await readJsonBody(request)) as Record<string, unknown>;
    const decision = await decideProposal(prisma, principal, { ...body, proposalId: params.id }, audit);
    return Response.json(
      {
        id: decision.id,
        proposalId: decision.proposalId,
        outcome: decision.outcome,
        eventId: decision.eventId,
      },
      { status: 201 },
    );
  },
);
