import Link from "next/link";
import { type CatalogQuery, catalogSearchString } from "@/lib/catalog/query";

export function Pagination({
  query,
  total,
  basePath = "/kfuncs",
}: {
  query: CatalogQuery;
  total: number;
  basePath?: "/kfuncs" | "/matrix";
}) {
  const pages = Math.max(1, Math.ceil(total / query.pageSize));
  const page = Math.min(query.page, pages);
  const from = total === 0 ? 0 : (page - 1) * query.pageSize + 1;
  const to = Math.min(total, page * query.pageSize);
  const link = (p: number, label: string, rel: "prev" | "next") => (
    <Link
      href={`${basePath}${catalogSearchString({ ...query, page: p })}`}
      rel={rel}
      className="rounded-md border border-zinc-300 px-3 py-1 no-underline hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-2 text-sm">
      <p aria-live="polite">
        Showing {from}–{to} of {total} kfunc{total === 1 ? "" : "s"}
      </p>
      <div className="flex items-center gap-2">
        {page > 1 ? link(page - 1, "← Previous", "prev") : null}
        <span>
          Page {page} of {pages}
        </span>
        {page < pages ? link(page + 1, "Next →", "next") : null}
      </div>
    </nav>
  );
}
