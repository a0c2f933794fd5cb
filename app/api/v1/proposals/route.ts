import { mutationHandler, readJsonBody } from "@/lib/api/mutation";
import { fileProposal } from "@/lib/governance/proposals";

export const dynamic = "force-dynamic";

/** POST /api/v1/proposals: file a proposal (contributor; token scope `propose`). */
export const POST = mutationHandler("propose", async ({ request, principal, prisma, audit }) => {
  const proposal = await fileProposal(prisma, principal, await readJsonBody(request), audit);
  return Response.json({ id: proposal.id, status: proposal.status }, { status: 201 });
});
