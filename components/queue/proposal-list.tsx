import Link from "next/link";
import { KfuncLink } from "@/components/kfunc-link";
import { StateBadge } from "@/components/state-badge";
import { agoWords, type QueueProposal } from "@/lib/governance/queue";

function Releases({ tags, empty }: { tags: string[]; empty: string }) {
  return tags.length ? <span className="font-mono">{tags.join(", ")}</span> : <span>{empty}</span>;
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
    <ol className="space-y-3">
      {proposals.map((p) => {
        const href = `/kfuncs/${p.kfunc}#proposal-${p.id}`;
        const present = p.data.presentIn;
        return (
          <li
            key={p.id}
            id={`proposal-${p.id}`}
            className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
          >
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <Link href={href} className="font-semibold text-sky-700 underline dark:text-sky-400">
                #{p.id} {p.kindLabel}
              </Link>
              <KfuncLink name={p.kfunc} />
              <StateBadge state={p.kfuncState} />
            </div>
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              Filed by {p.author}{" "}
              <time dateTime={p.createdAt} title={p.createdAt.slice(0, 16).replace("T", " ")}>
                {agoWords(p.createdAt, now)}
              </time>{" "}
              · {p.comments} comment{p.comments === 1 ? "" : "s"} · {p.dependents} registered dependent
              {p.dependents === 1 ? "" : "s"}
            </p>
            <p className="line-clamp-3 whitespace-pre-line text-sm">{p.rationale}</p>
            {p.replacement || p.release || p.removalEarliest ? (
              <p className="text-sm">
                {p.replacement ? (
                  <>
                    Replacement: <KfuncLink name={p.replacement} />.{" "}
                  </>
                ) : null}
                {p.release ? (
                  <>
                    Takes effect in <span className="font-mono">{p.release}</span>.{" "}
                  </>
                ) : null}
                {p.removalEarliest ? (
                  <>
                    Earliest removal <span className="font-mono">{p.removalEarliest}</span>.
                  </>
                ) : null}
              </p>
            ) : null}
            <div className="grid gap-x-6 gap-y-2 text-sm md:grid-cols-2">
              <div>
                <h3 className="text-xs font-medium uppercase tracking-wide text-zinc-500">Evidence cited</h3>
                {p.evidence.length ? (
                  <ul className="list-inside list-disc">
                    {p.evidence.map((link) => (
                      <li key={link} className="break-all">
                        <a
                          href={link}
                          rel="nofollow noopener"
                          className="text-sky-700 underline dark:text-sky-400"
                        >
                          {link}
                        </a>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="text-zinc-500">No links.</p>
                )}
              </div>
              <div>
                <h3 className="text-xs font-medium uppercase tracking-wide text-zinc-500">
                  In the catalog&apos;s data
                </h3>
                <dl className="grid grid-cols-[auto_1fr] gap-x-3">
                  <dt>Present in</dt>
                  <dd>
                    {present.length} of {ingested} ingested releases
                    {present.length ? (
                      <span className="font-mono">
                        {" "}
                        ({present[0]}
                        {present.length > 1 ? ` … ${present.at(-1)}` : ""})
                      </span>
                    ) : null}
                  </dd>
                  <dt>Prototype changes</dt>
                  <dd>
                    <Releases tags={p.data.prototypeChanges} empty="none" />
                  </dd>
                  <dt>Flag changes</dt>
                  <dd>
                    <Releases tags={p.data.flagChanges} empty="none" />
                  </dd>
                  <dt>Policy violations</dt>
                  <dd>{p.data.violations || "none"}</dd>
                </dl>
              </div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
