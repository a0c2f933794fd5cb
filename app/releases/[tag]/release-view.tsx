import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumb } from "@/components/breadcrumb";
import { KfuncLink } from "@/components/kfunc-link";
import { PrototypeDiff } from "@/components/prototype-diff";
import { CompareForm } from "@/components/releases/compare-form";
import { NotIngestedRelease } from "@/components/releases/not-ingested-release";
import { ReleaseNotes } from "@/components/releases/release-notes";
import { SubsystemGroups } from "@/components/releases/subsystem-groups";
import type { ChangedKfunc, KfuncFacts } from "@/lib/releases/diff";
import { sourceKindLabel } from "@/lib/releases/evidence";
import { getEventsInRelease, getKnownReleases, getReleaseChanges } from "@/lib/releases/get-releases";
import { compareReleaseTags, normaliseReleaseTag } from "@/lib/releases/version";

// One release's report: what it added, removed and changed against the release before it (or the
// one chosen with ?vs=), and the lifecycle events placed in it. Rendered by app/releases/[tag] and,
// for the cache, by app/cached-view/[version]/release (proxy.ts).

function Section({
  id,
  title,
  count,
  children,
}: {
  id: string;
  title: string;
  count: number;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="space-y-2">
      <h2 id={id} className="text-lg font-semibold">
        {title} <span className="text-sm font-normal text-zinc-500">({count})</span>
      </h2>
      {count === 0 ? <p className="text-sm text-zinc-500">None.</p> : children}
    </section>
  );
}

function FactsList({ items }: { items: KfuncFacts[] }) {
  return (
    <SubsystemGroups items={items}>
      {(k) => (
        <li key={k.name} className="text-sm">
          <KfuncLink name={k.name} />
          {k.prototype ? (
            <code className="ml-2 hidden font-mono text-xs text-zinc-500 md:inline">{k.prototype}</code>
          ) : null}
        </li>
      )}
    </SubsystemGroups>
  );
}

function ChangedList({ items }: { items: ChangedKfunc[] }) {
  const list = (v: string[]) => v.join(" | ") || "(none)";
  return (
    <SubsystemGroups items={items} spacing="space-y-2">
      {(c) => (
        <li key={c.name} className="rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-800">
          <KfuncLink name={c.name} />
          {c.prototype?.before && c.prototype.after ? (
            <div className="mt-1">
              <span className="text-xs font-medium">Prototype: </span>
              <PrototypeDiff before={c.prototype.before} after={c.prototype.after} />
            </div>
          ) : null}
          {c.flags ? (
            <p className="mt-1 font-mono text-xs">
              flags: {list(c.flags.before)} → {list(c.flags.after)}
            </p>
          ) : null}
          {c.progTypes ? (
            <p className="mt-1 font-mono text-xs">
              program types: {list(c.progTypes.before)} → {list(c.progTypes.after)}
            </p>
          ) : null}
        </li>
      )}
    </SubsystemGroups>
  );
}

export async function ReleaseView({
  tag: rawTag,
  searchParams,
}: {
  tag: string;
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const tag = normaliseReleaseTag(rawTag);
  if (!tag) notFound();
  const rawVs = searchParams.vs;
  const vs = typeof rawVs === "string" ? normaliseReleaseTag(rawVs) : null;
  const asked = vs && vs !== tag ? vs : undefined;
  let result = await getReleaseChanges(tag, asked);
  let vsProblem: string | null = null;
  if (!result.found && result.problem === "base") {
    vsProblem = `${String(rawVs)} is not an ingested release; comparing with the previous one instead.`;
    result = await getReleaseChanges(tag);
  } else if (rawVs !== undefined && !vs) {
    vsProblem = `"${String(rawVs)}" is not a release tag; comparing with the previous one instead.`;
  }
  if (!result.found) {
    const known = (await getKnownReleases()).find((r) => r.tag === tag);
    if (!known) notFound();
    return <NotIngestedRelease release={known} events={await getEventsInRelease(tag)} />;
  }
  const changes = result.changes;
  const { release, base, diff } = changes;
  // Removal is proven only when both releases are complete sources (lib/releases/evidence.ts).
  const provesRemoval = release.evidence.provesAbsence && (base?.evidence.provesAbsence ?? true);
  // Compared with a newer release, "added" and "removed" would read backwards in time: name the
  // sides instead.
  const backwards = base !== null && compareReleaseTags(base.tag, release.tag) > 0;
  const titles = backwards
    ? { added: `Only in ${release.tag}`, removed: `Only in ${base.tag}`, changed: "Different" }
    : { added: "Added", removed: provesRemoval ? "Removed" : "Absent here", changed: "Changed" };

  return (
    <article className="space-y-6">
      <Breadcrumb parent="Releases" href="/releases" current={release.tag} />
      <header className="space-y-2">
        <h1 className="font-mono text-2xl font-bold">{release.tag}</h1>
        <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[9rem_1fr]">
          <dt className="font-medium">Released</dt>
          <dd>{release.releasedOn ?? "date not confirmed"}</dd>
          <dt className="font-medium">Ingested from</dt>
          <dd>
            {release.origin} <span className="text-zinc-500">({sourceKindLabel(release.sourceKind)})</span>
          </dd>
          <dt className="font-medium">Ingested at</dt>
          <dd>
            <time dateTime={release.ingestedAt}>{release.ingestedAt.slice(0, 16).replace("T", " ")} UTC</time>
          </dd>
          <dt className="font-medium">kfuncs</dt>
          <dd>{release.kfuncCount}</dd>
        </dl>
        <ReleaseNotes tag={release.tag} />
        {!release.evidence.provesAbsence ? (
          <p className="rounded-md border border-sky-300 bg-sky-50 p-2 text-sm dark:border-sky-800 dark:bg-sky-950">
            This release was read from BTF: one build of one kernel configuration. A kfunc missing here may
            only be configured out, and BTF carries no KF flags or program types.
          </p>
        ) : null}
      </header>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm" aria-live="polite">
          {base ? (
            <>
              Compared with{" "}
              <Link href={`/releases/${base.tag}`} className="font-mono underline">
                {base.tag}
              </Link>
              {backwards ? (
                <>
                  {" "}
                  (newer): <strong>{diff.added.length}</strong> only in {release.tag},{" "}
                  <strong>{diff.removed.length}</strong> only in {base.tag},{" "}
                  <strong>{diff.changed.length}</strong> different, {diff.unchanged} the same.{" "}
                  <Link href={`/releases/${base.tag}?vs=${release.tag}`} className="underline">
                    What changed from {release.tag} to {base.tag}
                  </Link>
                </>
              ) : (
                <>
                  : <strong>{diff.added.length}</strong> added, <strong>{diff.removed.length}</strong>{" "}
                  {provesRemoval ? "removed" : "absent (BTF: not built, not proven removed)"},{" "}
                  <strong>{diff.changed.length}</strong> changed, {diff.unchanged} unchanged.
                </>
              )}
            </>
          ) : (
            "The oldest ingested release: every kfunc in it is listed as added."
          )}
        </p>
        <CompareForm
          tag={release.tag}
          current={vs && vs !== tag && !vsProblem ? vs : null}
          options={changes.ingested}
        />
      </div>
      {changes.flagsBase ? (
        <p className="rounded-md border border-sky-300 bg-sky-50 p-2 text-sm dark:border-sky-800 dark:bg-sky-950">
          {base?.tag} was read from BTF, which carries no KF flags or program types, so only prototypes are
          compared here.{" "}
          <Link href={`/releases/${release.tag}?vs=${changes.flagsBase}`} className="underline">
            Compare with {changes.flagsBase}
          </Link>
          , the previous source release, to see flag and program-type changes too.
        </p>
      ) : null}
      {vsProblem ? (
        <p
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm dark:border-amber-800 dark:bg-amber-950"
        >
          {vsProblem}
        </p>
      ) : null}

      <nav aria-label="Sections of this report" className="text-sm">
        <ul className="flex flex-wrap gap-2">
          {(["added", "removed", "changed"] as const).map((id) => (
            <li key={id}>
              <a
                href={`#${id}`}
                className="rounded-full border border-zinc-300 px-3 py-1 no-underline hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
              >
                {titles[id]} <span className="tabular-nums text-zinc-500">{diff[id].length}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <Section id="added" title={titles.added} count={diff.added.length}>
        <FactsList items={diff.added} />
      </Section>
      <Section id="removed" title={titles.removed} count={diff.removed.length}>
        <FactsList items={diff.removed} />
      </Section>
      <Section id="changed" title={titles.changed} count={diff.changed.length}>
        <ChangedList items={diff.changed} />
      </Section>
    </article>
  );
}
