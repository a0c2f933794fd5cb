import { isWebSource } from "../events/source-ref";
import { EVENT_KIND_LABELS, EVENT_ORIGIN_LABELS } from "../lifecycle/states";
import { type AtomEntry, type AtomFeed, buildAtomFeed } from "./atom";

// Lifecycle events as Atom feeds: one for every kfunc, one per kfunc. Pure: callers pass the
// events (newest first) and the origin to build absolute URLs from.

/** What a feed entry needs from a lifecycle event (lib/events.ts CatalogEvent has it all). */
export interface FeedEvent {
  id: number;
  kfunc: string;
  kind: string;
  origin: string;
  fromState: string | null;
  toState: string | null;
  release: string | null;
  /** YYYY-MM-DD */
  occurredAt: string | null;
  /** ISO date-time */
  recordedAt: string;
  actor: string;
  rationale: string | null;
  sourceUrl: string | null;
  detail: unknown;
}

/** Tag URIs (RFC 4151) do not change when the catalog moves to another host. */
export const TAG_AUTHORITY = "tag:kfunc-catalog,2025:";
/** An empty feed has no newest entry; a fixed instant keeps its body (and ETag) stable. */
export const EPOCH = "1970-01-01T00:00:00.000Z";
export const FEED_LIMIT = 100;

const kindLabel = (kind: string) => EVENT_KIND_LABELS[kind] ?? kind;
const lower = (state: string) => state.toLowerCase();

export function eventTitle(event: FeedEvent): string {
  return `${event.kfunc}: ${kindLabel(event.kind)}${event.release ? ` in ${event.release}` : ""}`;
}

function showValue(v: unknown): string {
  if (Array.isArray(v)) return v.length ? v.join(" | ") : "(none)";
  return v === null || v === undefined ? "(none)" : String(v);
}

function eventContent(event: FeedEvent): string {
  const lines: string[] = [];
  if (event.fromState && event.toState)
    lines.push(`State: ${lower(event.fromState)} → ${lower(event.toState)}`);
  else if (event.toState) lines.push(`State: ${lower(event.toState)}`);
  if (event.rationale) lines.push(event.rationale);
  const detail = event.detail as { before?: unknown; after?: unknown } | null;
  if (detail && typeof detail === "object" && "before" in detail && "after" in detail) {
    lines.push(`Before: ${showValue(detail.before)}`, `After: ${showValue(detail.after)}`);
  }
  if (event.occurredAt) lines.push(`Occurred: ${event.occurredAt}`);
  lines.push(`Origin: ${EVENT_ORIGIN_LABELS[event.origin] ?? event.origin}, by ${event.actor}`);
  if (event.sourceUrl) lines.push(`Source: ${event.sourceUrl}`);
  return lines.join("\n");
}

export function eventEntry(event: FeedEvent, origin: string): AtomEntry {
  const summary =
    event.rationale ?? `${kindLabel(event.kind)}${event.release ? ` in ${event.release}` : ""}.`;
  return {
    id: `${TAG_AUTHORITY}event/${event.id}`,
    title: eventTitle(event),
    updated: event.recordedAt,
    ...(event.occurredAt ? { published: `${event.occurredAt}T00:00:00Z` } : {}),
    author: event.actor,
    links: [
      { rel: "alternate", type: "text/html", href: `${origin}/kfuncs/${encodeURIComponent(event.kfunc)}` },
      ...(event.sourceUrl && isWebSource(event.sourceUrl)
        ? [{ rel: "related" as const, href: event.sourceUrl, title: "source" }]
        : []),
    ],
    categories: [{ term: event.kind, label: kindLabel(event.kind) }],
    summary,
    content: eventContent(event),
  };
}

function newest(events: readonly FeedEvent[]): string {
  let max = EPOCH;
  for (const e of events) if (e.recordedAt > max) max = e.recordedAt;
  return max;
}

/** Every kfunc's events, newest first. */
export function buildEventsFeed(events: readonly FeedEvent[], origin: string): string {
  const feed: AtomFeed = {
    id: `${TAG_AUTHORITY}feed/events`,
    title: "kfunc catalog: lifecycle events",
    subtitle: `The latest ${FEED_LIMIT} lifecycle events of Linux BPF kfuncs, newest first.`,
    updated: newest(events),
    self: `${origin}/feeds/events.atom`,
    alternate: `${origin}/kfuncs`,
    author: { name: "kfunc catalog", uri: `${origin}/` },
    generator: "kfunc catalog",
    entries: events.map((e) => eventEntry(e, origin)),
  };
  return buildAtomFeed(feed);
}

/** One kfunc's events, newest first. */
export function buildKfuncFeed(name: string, events: readonly FeedEvent[], origin: string): string {
  const path = encodeURIComponent(name);
  return buildAtomFeed({
    id: `${TAG_AUTHORITY}feed/kfuncs/${name}`,
    title: `${name}: lifecycle events`,
    subtitle: `The lifecycle history of the kfunc ${name}, newest first.`,
    updated: newest(events),
    self: `${origin}/feeds/kfuncs/${path}.atom`,
    alternate: `${origin}/kfuncs/${path}`,
    author: { name: "kfunc catalog", uri: `${origin}/` },
    generator: "kfunc catalog",
    entries: events.map((e) => eventEntry(e, origin)),
  });
}
