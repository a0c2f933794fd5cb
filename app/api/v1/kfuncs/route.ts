import { apiHandler, BadRequestError, jsonResponse, parseQuery } from "@/lib/api/http";
import { pageLinks } from "@/lib/api/pagination";
import { kfuncListQuery } from "@/lib/api/params";
import { kfuncListSchema } from "@/lib/api/schemas";
import { shapeKfuncSummary } from "@/lib/api/shape";
import { getCatalog } from "@/lib/catalog/get-catalog";
import { parseCatalogQuery } from "@/lib/catalog/parse-query";
import type { SortDirection, SortField } from "@/lib/catalog/query";
import { getKnownReleases } from "@/lib/releases/get-releases";

export const dynamic = "force-dynamic";

/** GET /api/v1/kfuncs: the catalog, filtered, sorted and paginated. */
export const GET = apiHandler(async (request) => {
  const query = parseQuery(request, kfuncListQuery);
  if (query.release) {
    const known = await getKnownReleases();
    if (!known.some((r) => r.tag === query.release && r.ingested)) {
      const message = `${query.release} is not an ingested release`;
      throw new BadRequestError(`Bad parameter: release (${message}).`, [{ param: "release", message }]);
    }
  }
  const [field, direction = "asc"] = query.sort.split(".") as [SortField, SortDirection?];
  const { rows, total } = await getCatalog({
    // The UI's defaults for view-only fields (hidden columns and the like); the filters are ours.
    ...parseCatalogQuery(new URLSearchParams()),
    state: query.state,
    subsystem: query.subsystem,
    progType: query.progType,
    flag: query.flag,
    release: query.release,
    q: query.q ?? "",
    sort: { field, direction },
    page: query.page,
    pageSize: query.pageSize,
  });
  return jsonResponse(request, kfuncListSchema, {
    data: rows.map((row) => shapeKfuncSummary(request, row)),
    page: query.page,
    pageSize: query.pageSize,
    total,
    links: pageLinks(request, query.page, query.pageSize, total),
  });
});
