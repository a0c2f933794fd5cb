import type { Metadata } from "next";
import { CandidateTable } from "@/components/queue/candidate-table";
import { DeprecationGroups } from "@/components/queue/deprecation-groups";
import { ProposalList } from "@/components/queue/proposal-list";
import { QueueSection } from "@/components/queue/section";
import { ShowAll } from "@/components/queue/show-all";
import { ViolationList } from "@/components/queue/violation-list";
import { currentPrincipal } from "@/lib/auth/action";
import { can } from "@/lib/auth/principal";
import { getQueue } from "@/lib/governance/get-queue";
import { DEPENDENT_WEIGHT, firstDeprecations, MIN_UNCHANGED_RELEASES } from "@/lib/governance/queue";
import { parseQueueQuery, SHOWN, shownIn } from "@/lib/governance/queue-query";

// Reads the database on every request; never prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Maintainers' queue",
  alternates: {
    types: { "application/atom+xml": [{ url: "/feeds/queue.atom", title: "Maintainers' queue" }] },
  },
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function QueuePage({ searchParams }: Props) {
  const query = parseQueueQuery(await searchParams);
  const now = new Date();
  const [queue, principal] = await Promise.all([
    getQueue({ candidates: shownIn(query, "candidates"), now }),
    currentPrincipal(),
  ]);
  const maintainer = can(principal, "decide");
  const deprecated = queue.deprecations.reduce((n, g) => n + g.count, 0);
  // The first rows of each section, or all of them when asked (lib/governance/queue-query.ts).
  const proposals = queue.proposals.slice(0, shownIn(query, "proposals"));
  const deprecations = firstDeprecations(queue.deprecations, shownIn(query, "deprecations") ?? deprecated);
  const shownDeprecations = deprecations.reduce((n, g) => n + g.items.length, 0);
  const violations = queue.violations.slice(0, shownIn(query, "violations"));
  const overdue = queue.deprecations.reduce((n, g) => n + g.overdue, 0);
  const unacknowledged = queue.violations.filter((v) => !v.ack).length;
  const sections = [
    { id: "proposals", label: "Open proposals", count: queue.proposals.length, note: null },
    {
      id: "deprecations",
      label: "Deprecations",
      count: deprecated,
      note: overdue ? `${overdue} overdue` : null,
    },
    {
      id: "violations",
      label: "Policy violations",
      count: queue.violations.length,
      note: unacknowledged ? `${unacknowledged} unacknowledged` : null,
    },
    { id: "candidates", label: "Promotion candidates", count: queue.candidates.total, note: null },
  ];

  return (
    <article className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">Maintainers&apos; queue</h1>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          What waits on a maintainer: proposals to decide, deprecated kfuncs on their way out, policy
          violations found by ingestion, and unstable kfuncs that look ready for a promotion proposal. Anyone
          can read it; maintainers decide on each kfunc&apos;s page and acknowledge violations here.{" "}
          <a href="/feeds/queue.atom" className="text-sky-700 underline dark:text-sky-400">
            Subscribe to the queue (Atom)
          </a>
          .
        </p>
        <nav aria-label="Sections of the queue" className="text-sm">
          <ul className="flex flex-wrap gap-2">
            {sections.map((s) => (
              <li key={s.id}>
                <a
                  href={`#${s.id}`}
                  className="inline-block rounded-full border border-zinc-300 px-3 py-1 no-underline hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
                >
                  {s.label} <span className="tabular-nums text-zinc-500">{s.count}</span>
                  {s.note ? <span className="text-red-700 dark:text-red-400"> · {s.note}</span> : null}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>

      <QueueSection
        id="proposals"
        title="Open proposals"
        count={queue.proposals.length}
        empty="No open proposals. Contributors file them on a kfunc's page: promote, deprecate, withdraw a deprecation or record a removal."
        intro={
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Oldest first. Each links to its kfunc&apos;s page, where maintainers comment and decide.
          </p>
        }
      >
        <ProposalList proposals={proposals} ingested={queue.ingested} now={now} />
        <ShowAll
          section="proposals"
          shown={proposals.length}
          total={queue.proposals.length}
          limit={SHOWN.proposals}
        />
      </QueueSection>

      <QueueSection
        id="deprecations"
        title="Deprecations"
        count={deprecated}
        empty="No deprecated kfuncs: nothing is scheduled for removal."
        intro={
          <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
            Deprecated kfuncs by their earliest removal release, soonest first. A kfunc is{" "}
            <strong>overdue</strong> when an ingested release at or after its removal release still has it.
            How long ago counts the releases after the deprecation release up to the newest ingested one
            {queue.newestIngested ? ` (${queue.newestIngested})` : ""}, and the time since its release date.
          </p>
        }
      >
        <DeprecationGroups groups={deprecations} />
        <ShowAll
          section="deprecations"
          shown={shownDeprecations}
          total={deprecated}
          limit={SHOWN.deprecations}
        />
      </QueueSection>

      <QueueSection
        id="violations"
        title="Policy violations"
        count={queue.violations.length}
        empty="No policy violations: no stable kfunc changed or disappeared without a deprecation, and nothing was removed before its schedule."
        intro={
          <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
            Found by ingestion: a stable kfunc that changed its prototype or flags or disappeared without a
            deprecation, or a deprecated kfunc removed before its earliest removal release. Unacknowledged
            first;{" "}
            {maintainer
              ? "acknowledge each with a note on what was done."
              : "maintainers acknowledge each with a note."}
          </p>
        }
      >
        <ViolationList violations={violations} canAcknowledge={maintainer} now={now} />
        <ShowAll
          section="violations"
          shown={violations.length}
          total={queue.violations.length}
          limit={SHOWN.violations}
        />
      </QueueSection>

      <QueueSection
        id="candidates"
        title="Promotion candidates"
        count={queue.candidates.total}
        empty={`No unstable kfunc has been present and unchanged for ${MIN_UNCHANGED_RELEASES} ingested releases yet.`}
        intro={
          <div className="max-w-3xl space-y-1 text-sm text-zinc-600 dark:text-zinc-400">
            <p>
              Unstable kfuncs ranked by a score: <strong>one point for each ingested release</strong>,
              counting back from the newest, in which the kfunc is present with the same prototype and KF
              flags, plus{" "}
              <strong>{DEPENDENT_WEIGHT} points for each project registered as depending on it</strong>. A
              long unchanged run shows the interface has held; registered projects show someone relies on it.
            </p>
            <p>
              A kfunc must have held still for at least {MIN_UNCHANGED_RELEASES} releases to be listed. A BTF
              build that lacks it (it may be configured out) neither counts nor ends the run; flags are
              compared between source releases only, since BTF carries none. Ties go to more dependents, then
              the longer run, then the older kfunc. A high score is a reason to propose a promotion, not a
              decision.
            </p>
          </div>
        }
      >
        <CandidateTable rows={queue.candidates.rows} />
        <ShowAll
          section="candidates"
          shown={queue.candidates.rows.length}
          total={queue.candidates.total}
          limit={SHOWN.candidates}
        />
      </QueueSection>
    </article>
  );
}
