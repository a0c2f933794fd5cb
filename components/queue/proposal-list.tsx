import Link from "next/link";
import { KfuncLink } from "@/components/kfunc-link";
import { StateBadge } from "@/components/state-badge";
import { agoWords, type QueueProposal } from "@/lib/governance/queue";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "prototype unchanged" or "prototype changed in v6.12, v7.2". */
function Changes({ what, releases }: { what: string; releases: string[] }) {
  if (!releases.length) return <>{what} unchanged</>;
  return (
    <>
      {what} changed in <span className="font-mono">{releases.join(", ")}</span>
    </>
  );
}

/** A link's host and path, short enough to scan. */
function shortLink(href: string): string {
  try {
    const url = new URL(href);
    const text = `${url.host}${url.pathname === "/" ? "" : url.pathname}`;
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  } catch {
    return href;
  }
}

/** Open proposals, oldest first, each with what the catalog's data says next to what it claims. */
export function ProposalList({
  proposals,
  ingested,
  now,
}: {
  proposals: QueueProposal[];
  ingested: number;
  now: Date;
}) {
  return (
    <ol className="space-y-2">
      {proposals.map((p) => {
        const present = p.data.presentIn;
        return (
          <li
            key={p.id}
            id={`proposal-${p.id}`}
            className="space-y-1 rounded-md border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800"
          >
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <Link
                href={`/kfuncs/${p.kfunc}#proposal-${p.id}`}
                className="font-semibold text-sky-700 underline dark:text-sky-400"
              >
                #{p.id} {p.kindLabel}
              </Link>
              <KfuncLink name={p.kfunc} />
              <StateBadge state={p.kfuncState} />
              <span className="text-xs text-zinc-600 dark:text-zinc-400">
                by {p.author},{" "}
                <time dateTime={p.createdAt} title={p.createdAt.slice(0, 16).replace("T", " ")}>
                  {agoWords(p.createdAt, now)}
                </time>{" "}
                · {plural(p.comments, "comment")} · {plural(p.dependents, "registered dependent")}
              </span>
            </div>
            <p className="line-clamp-2 whitespace-pre-line">{p.rationale}</p>
            {p.replacement || p.removalEarliest || (p.release && p.kind !== "PROMOTE") ? (
              <p>
                {p.replacement ? (
                  <>
                    Replacement <KfuncLink name={p.replacement} />.{" "}
                  </>
                ) : null}
                {p.release ? (
                  <>
                    In <span className="font-mono">{p.release}</span>.{" "}
                  </>
                ) : null}
                {p.removalEarliest ? (
                  <>
                    Removal from <span className="font-mono">{p.removalEarliest}</span>.
                  </>
                ) : null}
              </p>
            ) : null}
            <p>
              <span className="text-xs font-medium text-zinc-500">Evidence: </span>
              {p.evidence.length ? (
                p.evidence.map((link, i) => (
                  <span key={link}>
                    {i ? ", " : ""}
                    <a
                      href={link}
                      rel="nofollow noopener"
                      className="break-all text-sky-700 underline dark:text-sky-400"
                    >
                      {shortLink(link)}
                    </a>
                  </span>
                ))
              ) : (
                <span className="text-zinc-500">no links</span>
              )}
            </p>
            <p className="text-zinc-700 dark:text-zinc-300">
              <span className="text-xs font-medium text-zinc-500">In the data: </span>
              present in {present.length} of {ingested} ingested releases
              {present.length ? (
                <span className="font-mono">
                  {" "}
                  ({present[0]}
                  {present.length > 1 ? ` … ${present.at(-1)}` : ""})
                </span>
              ) : null}
              {" · "}
              <Changes what="prototype" releases={p.data.prototypeChanges} />
              {" · "}
              <Changes what="flags" releases={p.data.flagChanges} />
              {" · "}
              {p.data.violations ? (
                <strong>{plural(p.data.violations, "policy violation")}</strong>
              ) : (
                "no policy violations"
              )}
            </p>
          </li>
        );
      })}
    </ol>
  );
}
