import Link from "next/link";
import { StateBadge } from "@/components/state-badge";
import { getStateCounts } from "@/lib/catalog/get-catalog";
import { LIFECYCLE_STATES, STATE_DESCRIPTIONS } from "@/lib/lifecycle/states";
import { getReleaseOverview } from "@/lib/releases/get-releases";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const [counts, releases] = await Promise.all([getStateCounts(), getReleaseOverview()]);
  const total = LIFECYCLE_STATES.reduce((sum, s) => sum + counts[s], 0);
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h1 className="text-3xl font-bold">Can I rely on this kfunc, and on which kernels does it exist?</h1>
        <p className="max-w-3xl text-zinc-700 dark:text-zinc-300">
          kfuncs are kernel functions that BPF programs call. Unlike BPF helpers they carry no stability
          promise: they can change or disappear in any release. This catalog reads every kfunc from the kernel
          itself (source trees and BTF) and records its lifecycle state (unstable, stable, deprecated or
          removed) with the history of how it got there. Every event names its source.
        </p>
        <p>
          <Link
            href="/kfuncs"
            className="rounded-md bg-sky-700 px-4 py-2 font-medium text-white no-underline hover:bg-sky-800"
          >
            Browse {total} kfuncs
          </Link>
        </p>
      </section>
      <section aria-labelledby="states-heading" className="space-y-3">
        <h2 id="states-heading" className="text-xl font-semibold">
          By lifecycle state
        </h2>
        <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {LIFECYCLE_STATES.map((s) => (
            <li key={s}>
              <Link
                href={`/kfuncs?state=${s.toLowerCase()}`}
                className="block h-full rounded-lg border border-zinc-200 p-4 no-underline hover:border-sky-500 dark:border-zinc-800"
              >
                <div className="flex items-center justify-between">
                  <StateBadge state={s} />
                  <span className="text-2xl font-bold tabular-nums">{counts[s]}</span>
                </div>
                <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{STATE_DESCRIPTIONS[s]}</p>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="releases-heading" className="space-y-3">
        <h2 id="releases-heading" className="text-xl font-semibold">
          Ingested releases
        </h2>
        {releases.length === 0 ? (
          <p className="text-sm text-zinc-500">
            No release has been ingested yet. Run <code>npm run db:seed</code>.
          </p>
        ) : (
          <ul className="grid grid-cols-1 gap-3 sm:grid-cols-3">
            {releases.map((r) => (
              <li key={r.tag} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
                <Link href={`/kfuncs?release=${r.tag}`} className="font-mono text-lg font-semibold">
                  {r.tag}
                </Link>
                <p className="text-sm">{r.kfuncCount} kfuncs</p>
                <p className="text-xs text-zinc-500">{r.origin}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
