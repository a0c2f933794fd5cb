import type { Metadata } from "next";
import Link from "next/link";
import { getKnownReleases, getReleaseOverview } from "@/lib/releases";

export const metadata: Metadata = { title: "Releases" };
export const dynamic = "force-dynamic";

export default async function ReleasesPage() {
  const [known, ingested] = await Promise.all([getKnownReleases(), getReleaseOverview()]);
  const byTag = new Map(ingested.map((r) => [r.tag, r]));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">Releases</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Every mainline release the catalog knows. Ingested releases link to what changed in them.
        </p>
      </div>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full min-w-[560px] text-left text-sm">
          <caption className="sr-only">Known kernel releases, newest first</caption>
          <thead className="bg-zinc-50 text-xs uppercase text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-3 py-2">
                Release
              </th>
              <th scope="col" className="px-3 py-2">
                Released
              </th>
              <th scope="col" className="px-3 py-2">
                Ingested from
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                kfuncs
              </th>
            </tr>
          </thead>
          <tbody>
            {[...known].reverse().map((r) => {
              const ingestion = byTag.get(r.tag);
              return (
                <tr key={r.tag} className="border-t border-zinc-100 dark:border-zinc-800">
                  <th scope="row" className="px-3 py-2 font-mono">
                    {ingestion ? (
                      <Link href={`/releases/${r.tag}`} className="text-sky-700 underline dark:text-sky-400">
                        {r.tag}
                      </Link>
                    ) : (
                      r.tag
                    )}
                  </th>
                  <td className="px-3 py-2">
                    {r.releasedOn ? <time dateTime={r.releasedOn}>{r.releasedOn}</time> : "—"}
                  </td>
                  <td className="px-3 py-2 text-xs">
                    {ingestion ? ingestion.origin : <span className="text-zinc-500">not ingested</span>}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {ingestion ? ingestion.kfuncCount : "—"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
