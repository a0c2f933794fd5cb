import "server-only";
import Link from "next/link";
import { KfuncLink } from "@/components/kfunc-link";
import { StateBadge } from "@/components/state-badge";
import { getStateCounts } from "@/lib/catalog/get-catalog";
import { getLatestStateChanges } from "@/lib/events/get-events";
import { EVENT_KIND_LABELS, LIFECYCLE_STATES, STATE_DESCRIPTIONS } from "@/lib/lifecycle/states";
import { getReleaseOverview } from "@/lib/releases/get-releases";

/** The overview: the same for every visitor (nothing per user). */
export async function OverviewView() {
  const [counts, releases, latest] = await Promise.all([
    getStateCounts(),
    getReleaseOverview(),
    getLatestStateChanges(8),
  ]);
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
        <search aria-label="Look up a kfunc">
          <form action="/kfuncs" method="get" className="flex max-w-xl flex-wrap items-end gap-2">
            <div className="min-w-0 flex-1">
              <label htmlFor="home-q" className="mb-1 block text-sm font-medium">
                Look up a kfunc by name or prototype
              </label>
              <input
                id="home-q"
                name="q"
                type="search"
                maxLength={100}
                placeholder="bpf_task_acquire, cpumask, struct sock …"
                className="w-full rounded-md border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
              />
            </div>
            <button
              type="submit"
              className="rounded-md bg-sky-700 px-4 py-2 font-medium text-white hover:bg-sky-800"
            >
              Search
            </button>
          </form>
        </search>
        <p>
          <Link href="/kfuncs" className="font-medium">
            Browse {total} kfuncs
          </Link>
        </p>
      </section>
      {latest.length ? (
        <section aria-labelledby="latest-heading" className="space-y-3">
          <h2 id="latest-heading" className="text-xl font-semibold">
            Latest removals, renames and deprecations
          </h2>
          <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {latest.map((e) => (
              <li key={e.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-3 py-2 text-sm">
                <Link href={`/releases/${e.release}`} className="w-14 font-mono">
                  {e.release}
                </Link>
                <span className="w-24 font-medium">{EVENT_KIND_LABELS[e.kind] ?? e.kind}</span>
                <KfuncLink name={e.kfunc} />
                {typeof (e.detail as { replacement?: unknown } | null)?.replacement === "string" ? (
                  <span className="text-zinc-600 dark:text-zinc-400">
                    → <KfuncLink name={(e.detail as { replacement: string }).replacement} />
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
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
        {counts.STABLE === 0 ? (
          <p className="max-w-3xl text-sm text-zinc-700 dark:text-zinc-300">
            <strong>Why is no kfunc stable?</strong> Upstream described a stable state in 2023 (promotion on
            evidence of production use, a kept signature, removal only after deprecation) but never marked any
            kfunc stable, and the kernel carries no flag for it. This catalog records only what has a source,
            so every kfunc is unstable until a promotion with evidence is approved here.
          </p>
        ) : null}
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
