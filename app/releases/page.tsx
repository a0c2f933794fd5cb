import type { Metadata } from "next";
import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { getKnownReleases, getReleaseOverview } from "@/lib/releases/get-releases";

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
          Every mainline release the catalog knows: what changed in the ingested ones, what is documented
          about the others.
        </p>
      </div>
      <DataTable
        caption={"Known kernel releases, newest first"}
        columns={[
          "Release",
          "Released",
          "Ingested from",
          <span key="n" className="block text-right">
            kfuncs
          </span>,
        ]}
        minWidth="min-w-[560px]"
      >
        {[...known].reverse().map((r) => {
          const ingestion = byTag.get(r.tag);
          return (
            <tr key={r.tag} className="border-t border-zinc-100 dark:border-zinc-800">
              <th scope="row" className="px-3 py-2 font-mono">
                <Link href={`/releases/${r.tag}`} className="text-sky-700 underline dark:text-sky-400">
                  {r.tag}
                </Link>
              </th>
              <td className="px-3 py-2">
                {r.releasedOn ? <time dateTime={r.releasedOn}>{r.releasedOn}</time> : "—"}
              </td>
              <td className="px-3 py-2 text-xs">
                {ingestion ? ingestion.origin : <span className="text-zinc-500">not ingested</span>}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{ingestion ? ingestion.kfuncCount : "—"}</td>
            </tr>
          );
        })}
      </DataTable>
    </div>
  );
}
