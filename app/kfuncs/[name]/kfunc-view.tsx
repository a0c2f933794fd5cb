import "server-only";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumb } from "@/components/breadcrumb";
import { GovernancePanel } from "@/components/governance/governance-panel";
import { CopyDeclaration } from "@/components/kfunc/copy-declaration";
import { EventList } from "@/components/kfunc/event-list";
import { ReleaseHistory } from "@/components/kfunc/release-history";
import { Timeline } from "@/components/kfunc/timeline";
import { KfuncLink } from "@/components/kfunc-link";
import { StateBadge } from "@/components/state-badge";
import type { Principal } from "@/lib/auth/principal";
import { getKfuncGovernance } from "@/lib/cache/kfunc-governance";
import { proposalOptions } from "@/lib/governance/kfunc-governance";
import { isKfuncName } from "@/lib/kernel/names";
import { progTypeLabel } from "@/lib/kernel/prog-types";
import { getKfunc } from "@/lib/kfunc/get-kfunc";
import { EVENT_KIND_LABELS, STATE_DESCRIPTIONS } from "@/lib/lifecycle/states";
import { getKnownReleases } from "@/lib/releases/get-releases";

function Chips({ values, empty }: { values: string[]; empty: string }) {
  if (!values.length) return <span className="text-sm text-zinc-500">{empty}</span>;
  return (
    <ul className="flex flex-wrap gap-1">
      {values.map((v) => (
        <li key={v} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800">
          {progTypeLabel(v)}
        </li>
      ))}
    </ul>
  );
}

/** The modules a build has the kfunc in, when it is not in vmlinux. */
const modulesOf = (seenIn: readonly string[]) => (seenIn.includes("vmlinux") ? [] : [...seenIn]);

/**
 * One kfunc's page. `principal` is the signed-in account (its forms and "yours"), or null: the
 * rendering for a visitor without a session is the same for all of them, and is what is cached.
 */
export async function KfuncView({ name, principal }: { name: string; principal: Principal | null }) {
  if (!isKfuncName(name)) notFound();
  const [kfunc, releases, governance] = await Promise.all([
    getKfunc(name),
    getKnownReleases(),
    getKfuncGovernance(name),
  ]);
  if (!kfunc) notFound();
  const declarations = kfunc.presences.flatMap((p) =>
    p.prototype ? [{ release: p.release, prototype: p.prototype }] : [],
  );

  return (
    <article className="space-y-6">
      <Breadcrumb parent="Catalog" href="/kfuncs" current={kfunc.name} />
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="break-all font-mono text-2xl font-bold">{kfunc.name}</h1>
          <StateBadge state={kfunc.state} className="text-sm" describe />
        </div>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {STATE_DESCRIPTIONS[kfunc.state]}{" "}
          <Link
            href={`/check?names=${encodeURIComponent(kfunc.name)}`}
            className="text-sky-700 underline dark:text-sky-400"
          >
            On which releases does a program using it load?
          </Link>
        </p>
        {kfunc.presences.length === 0 ? (
          <p className="rounded-md border border-sky-300 bg-sky-50 p-3 text-sm dark:border-sky-800 dark:bg-sky-950">
            Known only from documents: no ingested release has this kfunc, so its prototype, flags and
            availability are unknown here.{" "}
            {kfunc.events.length
              ? "The history below is what upstream documented."
              : "It is named as another kfunc's replacement."}
          </p>
        ) : null}
        {modulesOf(kfunc.presences.at(-1)?.seenIn ?? []).length ? (
          <p className="rounded-md border border-zinc-300 bg-zinc-50 p-3 text-sm dark:border-zinc-700 dark:bg-zinc-900">
            In module{" "}
            <span className="font-mono">{modulesOf(kfunc.presences.at(-1)?.seenIn ?? []).join(", ")}</span> in{" "}
            {kfunc.presences.at(-1)?.release}&apos;s Debian build: the module must be loaded before a BPF
            program can use this kfunc.
          </p>
        ) : null}
        {kfunc.conflicts.map((c) => (
          <p
            key={`${c.kind}-${c.release}`}
            role="note"
            className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
          >
            <strong>Sources disagree.</strong> {EVENT_KIND_LABELS[c.kind] ?? c.kind}
            {c.release ? ` in ${c.release}` : ""}, as documented, was not applied: {c.message}
          </p>
        ))}
        {kfunc.state === "DEPRECATED" ? (
          <p className="rounded-md border border-orange-300 bg-orange-50 p-3 text-sm dark:border-orange-800 dark:bg-orange-950">
            Deprecated{kfunc.deprecatedIn ? ` in ${kfunc.deprecatedIn}` : ""}
            {kfunc.removalEarliest
              ? `; may be removed from ${kfunc.removalEarliest} on${
                  kfunc.removalEarliestAsWritten && kfunc.removalEarliestAsWritten !== kfunc.removalEarliest
                    ? ` (upstream wrote “${kfunc.removalEarliestAsWritten}”, a release number that was never used)`
                    : ""
                }`
              : "; no removal release announced upstream"}
            .
            {kfunc.replacement ? (
              <>
                {" "}
                Use <KfuncLink name={kfunc.replacement} /> instead.
              </>
            ) : null}
          </p>
        ) : kfunc.replacement ? (
          <p className="rounded-md border border-zinc-300 bg-zinc-50 p-3 text-sm dark:border-zinc-700 dark:bg-zinc-900">
            {kfunc.state === "REMOVED" ? "Removed; replaced by " : "Replaced by "}
            <KfuncLink name={kfunc.replacement} />.
          </p>
        ) : null}
        {kfunc.replaces.length ? (
          <p className="text-sm">
            Replaces{" "}
            {kfunc.replaces.map((name, i) => (
              <span key={name}>
                {i ? ", " : ""}
                <KfuncLink name={name} />
              </span>
            ))}
            .
          </p>
        ) : null}
      </header>

      <section aria-labelledby="timeline-heading" className="space-y-2">
        <h2 id="timeline-heading" className="text-lg font-semibold">
          Timeline
        </h2>
        <Timeline
          name={kfunc.name}
          releases={releases}
          events={kfunc.events.map((e) => ({
            id: e.id,
            kind: e.kind,
            release: e.release,
            toState: e.toState,
          }))}
        />
      </section>

      <section aria-labelledby="proto-heading" className="space-y-2">
        <h2 id="proto-heading" className="text-lg font-semibold">
          Prototype
        </h2>
        {kfunc.prototype ? (
          <pre className="overflow-x-auto rounded-lg bg-zinc-100 p-3 font-mono text-sm dark:bg-zinc-900">
            <code>{kfunc.prototype}</code>
          </pre>
        ) : (
          <p className="text-sm text-zinc-500">No definition was found in the ingested data.</p>
        )}
        {declarations.length ? <CopyDeclaration choices={declarations} /> : null}
        <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="font-medium">Subsystem</dt>
          <dd className="font-mono">{kfunc.subsystem}</dd>
          <dt className="font-medium">KF flags</dt>
          <dd>
            <Chips values={kfunc.flags} empty="none" />
          </dd>
          <dt className="font-medium">Program types</dt>
          <dd>
            <Chips values={kfunc.progTypes} empty="not known (no source release ingested)" />
          </dd>
          <dt className="font-medium">Seen in</dt>
          <dd>{kfunc.firstSeen ? `${kfunc.firstSeen} … ${kfunc.lastSeen}` : "no ingested release"}</dd>
        </dl>
      </section>

      <section aria-labelledby="releases-heading" className="space-y-2">
        <h2 id="releases-heading" className="text-lg font-semibold">
          Prototype and flags per release
        </h2>
        <ReleaseHistory
          presences={kfunc.presences}
          absentFrom={kfunc.absentFrom}
          notInBuild={kfunc.notInBuild}
        />
      </section>

      <section id="governance" aria-labelledby="governance-heading" className="scroll-mt-4 space-y-2">
        <h2 id="governance-heading" className="text-lg font-semibold">
          Lifecycle proposals and users
        </h2>
        <GovernancePanel
          kfunc={kfunc.name}
          deprecation={
            kfunc.state === "DEPRECATED"
              ? { removalEarliest: kfunc.removalEarliest, replacement: kfunc.replacement }
              : null
          }
          principal={principal}
          governance={governance}
          options={proposalOptions(kfunc.state, wasStableBeforeDeprecation(kfunc.events))}
          releases={releases.map((r) => r.tag)}
          evidence={{
            releasesPresent: kfunc.presences.length,
            firstSeen: kfunc.firstSeen,
            lastSeen: kfunc.lastSeen,
            prototypeChanges: kfunc.events.filter((e) => e.kind === "SIGNATURE_CHANGED").length,
            flagChanges: kfunc.events.filter((e) => e.kind === "FLAGS_CHANGED").length,
          }}
        />
      </section>

      <section aria-labelledby="history-heading" className="space-y-2">
        <h2 id="history-heading" className="text-lg font-semibold">
          History <span className="text-sm font-normal text-zinc-500">(newest first)</span>
        </h2>
        <EventList events={kfunc.events} />
      </section>
    </article>
  );
}

/** Whether the kfunc was stable before its current deprecation (withdrawing it returns there). */
function wasStableBeforeDeprecation(events: readonly { kind: string; toState: string | null }[]): boolean {
  const states = [...events].reverse().flatMap((e) => (e.toState ? [e.toState] : []));
  const last = states.lastIndexOf("DEPRECATED");
  return last > 0 && states[last - 1] === "STABLE";
}
