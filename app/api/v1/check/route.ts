import { apiHandler } from "@/lib/api/http";
import { handleCheckRequest } from "@/lib/check/handle-request";
import { checkResponseSchema } from "@/lib/check/schemas";

export const dynamic = "force-dynamic";

/** POST /api/v1/check: will this program load on which kernel? (or: what does this kernel offer?) */
export const POST = apiHandler(async (request) => {
  const started = performance.now();
  const body = checkResponseSchema.parse(await handleCheckRequest(request));
  // Server-Timing: the time spent here (reading the upload, the catalog, the report), for bench:check.
  const duration = (performance.now() - started).toFixed(1);
  return Response.json(body, {
    headers: { "Cache-Control": "no-store", "Server-Timing": `check;dur=${duration}` },
  });
});
