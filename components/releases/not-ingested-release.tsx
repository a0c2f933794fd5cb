import { EVENT_KIND_LABELS } from "@/lib/lifecycle/states";
import type { KnownRelease, ReleaseEvent } from "@/lib/releases/get-releases";
import { Breadcrumb } from "../breadcrumb";
import { KfuncLink } from "../kfunc-link";
import { SourceRef } from "../source-ref";
import { ReleaseNotes } from "./release-notes";

/** A release the catalog knows but never read: only what upstream documented about it. */
export function NotIngestedRelease({ release, events }: { release: KnownRelease; events: ReleaseEvent[] }) {
  return (
    <article className="space-y-6">
      <Breadcrumb parent="Releases" href="/releases" current={release.tag} />
      <header className="space-y-2">
        <h1 className="font-mono text-2xl font-bold">{release.tag}</h1>
        <p className="text-sm">
          {release.releasedOn ? `Released ${release.releasedOn}.` : "Release date not confirmed."}
        </p>
        <p className="rounded-md border border-sky-300 bg-sky-50 p-2 text-sm dark:border-sky-800 dark:bg-sky-950">
          This release has not been ingested: the catalog has no list of its kfuncs. Below is what is
          documented about it.
        </p>
        <ReleaseNotes tag={release.tag} />
      </header>
      <section aria-labelledby="documented" className="space-y-2">
        <h2 id="documented" className="text-lg font-semibold">
          Lifecycle events in {release.tag}{" "}
          <span className="text-sm font-normal text-zinc-500">({events.length})</span>
        </h2>
        {events.length === 0 ? (
          <p className="text-sm text-zinc-500">None recorded.</p>
        ) : (
          <ul className="space-y-2">
            {events.map((e) => (
              <li key={e.id} className="text-sm">
                <span className="font-semibold">{EVENT_KIND_LABELS[e.kind] ?? e.kind}</span>:{" "}
                <KfuncLink name={e.kfunc} />
                {e.rationale ? (
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400">{e.rationale}</span>
                ) : null}
                {e.sourceUrl ? <SourceRef source={e.sourceUrl} className="text-xs" /> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
