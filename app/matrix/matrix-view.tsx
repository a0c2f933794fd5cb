import "server-only";
import Link from "next/link";
import { CatalogFilters } from "@/components/catalog/catalog-filters";
import { Pagination } from "@/components/catalog/pagination";
import { MatrixTable } from "@/components/matrix/matrix-table";
import { getCatalogFilterOptions } from "@/lib/catalog/get-catalog";
import { parseCatalogQuery } from "@/lib/catalog/parse-query";
import { catalogSearchString, type RawSearchParams, restrictToOptions } from "@/lib/catalog/query";
import { getMatrix } from "@/lib/matrix/get-matrix";

/** The matrix for one URL's search parameters: the same for every visitor (nothing per user). */
export async function MatrixView({ searchParams }: { searchParams: RawSearchParams }) {
  const options = await getCatalogFilterOptions();
  const query = restrictToOptions(parseCatalogQuery(searchParams), options);
  const matrix = await getMatrix(query, query.cols === "ingested");
  const toggle = query.cols === "ingested" ? "all" : "ingested";
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">Availability matrix</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Which kfunc exists in which release. ✓ present (faint ✓: inferred between two ingested releases that
          have it), M only in a module, + introduced, ◆ changed, · not yet, ✕ removed or absent, – not in that
          BTF build, empty: not known. The background is the lifecycle state at that release.
        </p>
      </div>
      <CatalogFilters query={query} options={options} basePath="/matrix" />
      <p className="text-sm">
        <Link
          href={`/matrix${catalogSearchString({ ...query, cols: toggle, page: 1 })}`}
          className="text-sky-700 underline dark:text-sky-400"
        >
          {toggle === "ingested" ? "Show only ingested releases" : "Show every known release"}
        </Link>
      </p>
      {matrix.rows.length === 0 ? (
        <div
          role="status"
          className="rounded-lg border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700"
        >
          <p className="font-medium">
            {matrix.total > 0
              ? `Page ${query.page} is past the end: ${matrix.total} kfuncs match.`
              : "No kfuncs match these filters."}
          </p>
          <Link
            href={matrix.total > 0 ? `/matrix${catalogSearchString({ ...query, page: 1 })}` : "/matrix"}
            className="text-sm text-sky-700 underline dark:text-sky-400"
          >
            {matrix.total > 0 ? "Go to the first page" : "Clear all filters"}
          </Link>
        </div>
      ) : (
        <>
          <MatrixTable matrix={matrix} />
          <Pagination query={query} total={matrix.total} basePath="/matrix" />
        </>
      )}
    </div>
  );
}
