import "server-only";
import { Suspense } from "react";
import { CatalogFilters } from "@/components/catalog/catalog-filters";
import { CatalogSkeleton } from "@/components/catalog/catalog-skeleton";
import { CatalogTable } from "@/components/catalog/catalog-table";
import { Pagination } from "@/components/catalog/pagination";
import { StateTabs } from "@/components/catalog/state-tabs";
import { getCatalog, getCatalogFilterOptions } from "@/lib/catalog/get-catalog";
import { parseCatalogQuery } from "@/lib/catalog/parse-query";
import {
  type CatalogQuery,
  catalogSearchString,
  type RawSearchParams,
  restrictToOptions,
} from "@/lib/catalog/query";
import { getReleaseEvidence } from "@/lib/releases/get-releases";

/** The catalog for one URL's search parameters: the same for every visitor (nothing per user). */
export async function CatalogView({ searchParams }: { searchParams: RawSearchParams }) {
  const options = await getCatalogFilterOptions();
  const query = restrictToOptions(parseCatalogQuery(searchParams), options);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">kfunc catalog</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Every kfunc in every ingested kernel release, with its lifecycle state. Filters live in the URL:
          share it.
        </p>
      </div>
      <CatalogFilters query={query} options={options} />
      {/* Hiding a column re-renders the table without refetching or a skeleton. */}
      <Suspense key={catalogSearchString({ ...query, hide: [] })} fallback={<CatalogSkeleton />}>
        <CatalogResults query={query} />
      </Suspense>
    </div>
  );
}

async function CatalogResults({ query }: { query: CatalogQuery }) {
  const [{ rows, total, stateCounts }, evidence] = await Promise.all([
    getCatalog(query),
    query.release && (query.progType || query.flag) ? getReleaseEvidence(query.release) : null,
  ]);
  // A BTF release knows no program types or KF flags: say why those filters find nothing there.
  const unknowable = evidence && !evidence.knowsFlags ? query.release : null;
  const view = catalogSearchString({ ...query, page: 1, pageSize: 50 });
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <StateTabs query={query} counts={stateCounts} />
        {total > 0 ? (
          <p className="flex gap-3 text-sm">
            <span className="text-zinc-600 dark:text-zinc-400">Export this view:</span>
            <a
              href={`/export/kfuncs.csv${view}`}
              className="text-sky-700 underline dark:text-sky-400"
              download
            >
              CSV
            </a>
            <a
              href={`/export/kfuncs.json${view}`}
              className="text-sky-700 underline dark:text-sky-400"
              download
            >
              JSON
            </a>
            <a href={`/matrix${view}`} className="text-sky-700 underline dark:text-sky-400">
              as matrix
            </a>
          </p>
        ) : null}
      </div>
      {unknowable ? (
        <p
          role="status"
          className="rounded-md border border-sky-300 bg-sky-50 p-2 text-sm dark:border-sky-800 dark:bg-sky-950"
        >
          {unknowable} was read from the BTF of one build, which records no program types or KF flags: the
          program-type and flag filters cannot be applied to it. Choose a release read from source, or clear
          those filters.
        </p>
      ) : null}
      {rows.length === 0 ? (
        <div
          role="status"
          className="rounded-lg border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700"
        >
          <p className="font-medium">
            {total > 0
              ? `Page ${query.page} is past the end: ${total} kfuncs match.`
              : "No kfuncs match these filters."}
          </p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            <a
              href={total > 0 ? `/kfuncs${catalogSearchString({ ...query, page: 1 })}` : "/kfuncs"}
              className="text-sky-700 underline dark:text-sky-400"
            >
              {total > 0 ? "Go to the first page" : "Clear all filters"}
            </a>
          </p>
        </div>
      ) : (
        <>
          <CatalogTable rows={rows} query={query} />
          <Pagination query={query} total={total} />
        </>
      )}
    </div>
  );
}
