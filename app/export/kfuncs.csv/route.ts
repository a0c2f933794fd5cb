import { apiHandler } from "@/lib/api/http";
import { catalogCsv } from "@/lib/catalog/export";
import { getCatalogExport } from "@/lib/catalog/get-catalog";
import { parseCatalogQuery } from "@/lib/catalog/parse-query";

export const dynamic = "force-dynamic";

// GET /export/kfuncs.csv?<catalog filters>: the catalog view as CSV.
export const GET = apiHandler(async (request) => {
  const query = parseCatalogQuery(new URL(request.url).searchParams);
  const body = catalogCsv(await getCatalogExport(query), query.hide);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="kfuncs.csv"',
      "Cache-Control": "public, max-age=60",
    },
  });
});
