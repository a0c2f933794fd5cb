import { apiHandler } from "@/lib/api/http";
import { catalogJson } from "@/lib/catalog/export";
import { getCatalogExport } from "@/lib/catalog/get-catalog";
import { parseCatalogQuery } from "@/lib/catalog/parse-query";
import { catalogSearchString } from "@/lib/catalog/query";

export const dynamic = "force-dynamic";

// GET /export/kfuncs.json?<catalog filters>: the catalog view as JSON, each kfunc with its
// availability in every known release.
export const GET = apiHandler(async (request) => {
  const query = parseCatalogQuery(new URL(request.url).searchParams);
  const rows = await getCatalogExport(query);
  const view = catalogSearchString({ ...query, page: 1 });
  return Response.json(catalogJson(rows, query.hide, `/kfuncs${view}`), {
    headers: {
      "Content-Disposition": 'attachment; filename="kfuncs.json"',
      "Cache-Control": "public, max-age=60",
    },
  });
});
