import { mutationHandler, readJsonBody } from "@/lib/api/mutation";
import { acknowledgeViolation } from "@/lib/governance/proposals";

export const dynamic = "force-dynamic";

/** POST /api/v1/violations/{id}/acknowledge: a maintainer acknowledges a policy violation. */
export const POST = mutationHandler<{ id: string }>(
  "decide",
  async ({ request, params, principal, prisma, audit }) => {
    const body = (await readJsonBody(request)) as Record<string, unknown>;
    const ack = await acknowledgeViolation(prisma, principal, { ...body, eventId: params.id }, audit);
    return Response.json({ id: ack.id }, { status: 201 });
  },
);
