import type { QueueFeedItem, QueueViolation } from "../governance/queue";
import { type AtomEntry, buildAtomFeed } from "./atom";
import { EPOCH, eventEntry, FEED_LIMIT, TAG_AUTHORITY } from "./event-feed";

// The maintainers' queue as an Atom feed: open proposals, decisions, deprecations and policy
// violations, newest first. Pure: callers pass the items (lib/governance/get-queue.ts) and the
// origin to build absolute URLs from.

const kfuncUrl = (origin: string, kfunc: string, proposalId?: number) =>
  `${origin}/kfuncs/${encodeURIComponent(kfunc)}${proposalId ? `#proposal-${proposalId}` : ""}`;

function ackLines(ack: QueueViolation["ack"]): string {
  return ack ? `\n\nAcknowledged by ${ack.by} at ${ack.at}: ${ack.note}` : "\n\nNot acknowledged yet.";
}

export function queueEntry(item: QueueFeedItem, origin: string): AtomEntry {
  switch (item.type) {
    case "proposal": {
      const p = item.proposal;
      const lines = [
        p.rationale,
        ...(p.replacement ? [`Replacement: ${p.replacement}`] : []),
        ...(p.release ? [`Release: ${p.release}`] : []),
        ...(p.removalEarliest ? [`Earliest removal: ${p.removalEarliest}`] : []),
        ...p.evidence.map((link) => `Evidence: ${link}`),
        `Present in: ${p.data.presentIn.join(", ") || "no ingested release"}`,
        `Registered dependents: ${p.dependents}`,
      ];
      return {
        id: `${TAG_AUTHORITY}proposal/${p.id}`,
        title: `Proposal #${p.id}: ${p.kindLabel.toLowerCase()} ${p.kfunc}`,
        updated: p.createdAt,
        published: p.createdAt,
        author: p.author,
        links: [{ rel: "alternate", type: "text/html", href: kfuncUrl(origin, p.kfunc, p.id) }],
        categories: [{ term: "proposal", label: "Open proposal" }],
        summary: p.rationale,
        content: lines.join("\n"),
      };
    }
    case "decision": {
      const verb = item.outcome === "APPROVED" ? "approved" : "rejected";
      return {
        id: `${TAG_AUTHORITY}decision/${item.id}`,
        title: `Proposal #${item.proposalId} ${verb}: ${item.kindLabel.toLowerCase()} ${item.kfunc}`,
        updated: item.decidedAt,
        published: item.decidedAt,
        author: item.decider,
        links: [{ rel: "alternate", type: "text/html", href: kfuncUrl(origin, item.kfunc, item.proposalId) }],
        categories: [{ term: `decision:${item.outcome}`, label: `Decision: ${verb}` }],
        summary: item.reason,
        content: `${item.decider} ${verb} proposal #${item.proposalId}.\n\n${item.reason}`,
      };
    }
    case "deprecation":
      return eventEntry(item.event, origin);
    case "violation": {
      const entry = eventEntry(item.event, origin);
      return {
        ...entry,
        updated: item.ack && item.ack.at > entry.updated ? item.ack.at : entry.updated,
        links: [
          { rel: "alternate", type: "text/html", href: `${origin}/queue#violation-${item.event.id}` },
          ...entry.links.filter((l) => l.rel !== "alternate"),
        ],
        content: `${entry.content ?? ""}${ackLines(item.ack)}`,
      };
    }
  }
}

/** The newest FEED_LIMIT items of the queue, newest first. */
export function buildQueueFeed(items: readonly QueueFeedItem[], origin: string): string {
  const entries = items
    .map((item) => queueEntry(item, origin))
    .sort((a, b) => b.updated.localeCompare(a.updated) || b.id.localeCompare(a.id))
    .slice(0, FEED_LIMIT);
  return buildAtomFeed({
    id: `${TAG_AUTHORITY}feed/queue`,
    title: "kfunc catalog: maintainers' queue",
    subtitle: "Open proposals, decisions, deprecations and policy violations, newest first.",
    updated: entries[0]?.updated ?? EPOCH,
    self: `${origin}/feeds/queue.atom`,
    alternate: `${origin}/queue`,
    author: { name: "kfunc catalog", uri: `${origin}/` },
    generator: "kfunc catalog",
    entries,
  });
}
