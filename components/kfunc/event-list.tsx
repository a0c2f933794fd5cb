import type { KfuncEvent } from "@/lib/events/event";
import { mergeSameChanges } from "@/lib/events/same-change";
import { EVENT_KIND_LABELS, EVENT_ORIGIN_LABELS } from "@/lib/lifecycle/states";
import { SourceRef } from "../source-ref";
import { StateBadge } from "../state-badge";

function BeforeAfter({ detail }: { detail: unknown }) {
  if (!detail || typeof detail !== "object") return null;
  const d = detail as { before?: unknown; after?: unknown };
  if (d.before === undefined || d.after === undefined) return null;
  const show = (v: unknown) => (Array.isArray(v) ? v.join(" | ") || "(none)" : String(v));
  return (
    <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 font-mono text-xs">
      <dt className="text-zinc-500">before</dt>
      <dd className="break-all">{show(d.before)}</dd>
      <dt className="text-zinc-500">after</dt>
      <dd className="break-all">{show(d.after)}</dd>
    </dl>
  );
}

function Source({ e }: { e: KfuncEvent }) {
  return (
    <p className="mt-1 text-xs text-zinc-500">
      {EVENT_ORIGIN_LABELS[e.origin] ?? e.origin} · by {e.actor}
      {e.sourceUrl ? (
        <>
          {" · "}
          <SourceRef source={e.sourceUrl} />
        </>
      ) : null}
    </p>
  );
}

/** The history, newest first; a documented change and its observation read as one change. */
export function EventList({ events }: { events: KfuncEvent[] }) {
  if (events.length === 0) return <p className="text-sm text-zinc-500">No events recorded yet.</p>;
  return (
    <ol className="space-y-3" aria-label="Lifecycle events, newest first">
      {mergeSameChanges(events).map(({ event: e, observed }) => (
        <li key={e.id} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
          <div className="flex flex-wrap items-center gap-2">
            <span
              className={
                e.kind === "POLICY_VIOLATION"
                  ? "font-semibold text-red-700 dark:text-red-400"
                  : "font-semibold"
              }
            >
              {e.kind === "POLICY_VIOLATION" ? "⚠ " : ""}
              {EVENT_KIND_LABELS[e.kind] ?? e.kind}
            </span>
            {e.release ? (
              <span className="rounded bg-zinc-100 px-1.5 font-mono text-xs dark:bg-zinc-800">
                {e.release}
              </span>
            ) : null}
            {e.occurredAt ? (
              <time dateTime={e.occurredAt} className="text-xs text-zinc-500">
                {e.occurredAt}
              </time>
            ) : null}
            {e.fromState && e.toState ? (
              <span className="flex items-center gap-1 text-xs">
                <StateBadge state={e.fromState} /> → <StateBadge state={e.toState} />
              </span>
            ) : e.toState ? (
              <StateBadge state={e.toState} />
            ) : null}
          </div>
          {e.rationale ? <p className="mt-1 text-sm">{e.rationale}</p> : null}
          <BeforeAfter detail={e.detail} />
          <Source e={e} />
          {observed ? (
            <div className="mt-2 border-t border-zinc-100 pt-2 dark:border-zinc-800">
              <p className="text-sm">
                Also observed:{" "}
                {observed.rationale ?? `${EVENT_KIND_LABELS[observed.kind]} in ${observed.release}`}
              </p>
              <BeforeAfter detail={observed.detail} />
              <Source e={observed} />
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
