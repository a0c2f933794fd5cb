import { mutationHandler, readJsonBody } from "@/lib/api/mutation";
import { INGEST_BODY_LIMIT, ingestSummarySchema } from "@/lib/api/mutation-schemas";
import { catalogChanged } from "@/lib/cache/invalidate";
import { ingestRequest } from "@/lib/ingest/ingest-request";

export const dynamic = "force-dynamic";

/** POST /api/v1/ingest: write a release snapshot (maintainer; token scope `ingest`). */
export const POST = mutationHandler("ingest", async ({ request, principal, prisma, audit }) => {
  const summary = await ingestRequest(
    prisma,
    principal,
    await readJsonBody(request, INGEST_BODY_LIMIT),
    audit,
  );
  await catalogChanged({ ingested: true });
  return Response.json(ingestSummarySchema.parse(summary));
});
