import { apiHandler, jsonResponse, parseQuery } from "@/lib/api/http";
import { emptyQuery } from "@/lib/api/params";
import { releaseListSchema } from "@/lib/api/schemas";
import { shapeReleases } from "@/lib/api/shape";
import { getKnownReleases, getReleaseOverview } from "@/lib/releases/get-releases";

export const dynamic = "force-dynamic";

/** GET /api/v1/releases: every known release, oldest first, with its newest ingestion. */
export const GET = apiHandler(async (request) => {
  parseQuery(request, emptyQuery);
  const [known, ingested] = await Promise.all([getKnownReleases(), getReleaseOverview()]);
  return jsonResponse(request, releaseListSchema, { data: shapeReleases(request, known, ingested) });
});
