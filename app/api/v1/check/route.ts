import { apiHandler } from "@/lib/api/http";
import { handleCheckRequest } from "@/lib/check/handle-request";
import { checkResponseSchema } from "@/lib/check/schemas";

export const dynamic = "force-dynamic";

/** POST /api/v1/check: will this program load on which kernel? (or: what does this kernel offer?) */
export const POST = apiHandler(async (request) => {
  const body = checkResponseSchema.parse(await handleCheckRequest(request));
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});
