import { apiHandler, NotFoundError } from "@/lib/api/http";

export const dynamic = "force-dynamic";

/** Any other path under /api answers a JSON 404 rather than the HTML not-found page. */
export const GET = apiHandler<{ path: string[] }>(async (request) => {
  throw new NotFoundError(`No API route at ${new URL(request.url).pathname}; see /api/openapi.json.`);
});
