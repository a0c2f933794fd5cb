import { mutationHandler, readJsonBody } from "@/lib/api/mutation";
import { commentOnProposal } from "@/lib/governance/proposals";

export const dynamic = "force-dynamic";

/** POST /api/v1/proposals/{id}/comments (contributor; token scope `propose`). */
export const POST = mutationHandler<{ id: string }>(
  "propose",
  async ({ request, params, principal, prisma, audit }) => {
    const body = (await readJsonBody(request)) as Record<string, unknown>;
    const comment = await commentOnProposal(prisma, principal, { ...body, proposalId: params.id }, audit);
    return Response.json({ id: comment.id }, { status: 201 });
  },
);
