import { mutationHandler, readJsonBody } from "@/lib/api/mutation";
import { addDependent } from "@/lib/governance/proposals";

export const dynamic = "force-dynamic";

/** POST /api/v1/kfuncs/{name}/dependents: record that a project uses this kfunc (contributor). */
export const POST = mutationHandler<{ name: string }>(
  "propose",
  async ({ request, params, principal, prisma, audit }) => {
    const body = (await readJsonBody(request)) as Record<string, unknown>;
    const dependent = await addDependent(prisma, principal, { ...body, kfunc: params.name }, audit);
    return Response.json({ id: dependent.id }, { status: 201 });
  },
);
