import type { Metadata } from "next";
import { CheckForms, HeaderDownload } from "@/components/check/check-forms";
import { ReportView } from "@/components/check/report-view";
import { checkableReleases, checkFromQuery } from "@/lib/check/get-check";

// Reads the database on every request; never prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Portability check" };

type Search = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).slice(0, 100_000);

export default async function CheckPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const names = one(params.names);
  const release = one(params.release).slice(0, 32);
  const min = one(params.min).slice(0, 32);
  const [releases, check] = await Promise.all([checkableReleases(), checkFromQuery(names, release, min)]);
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">Will my BPF program load?</h1>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          Check the kfuncs a program uses against every release the catalog covers ({releases[0]} to{" "}
          {releases.at(-1)}): where each one exists, its lifecycle state, whether the prototype you compiled
          against and your program types fit, and on which releases the program loads. In CI:{" "}
          <code className="font-mono">kfunc check prog.bpf.o --min v6.12</code>.
        </p>
      </header>
      <CheckForms releases={releases} names={names} release={release} min={min} />
      {check && "error" in check ? (
        <p
          role="alert"
          className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          {check.error}
        </p>
      ) : null}
      {check && "report" in check ? (
        <section aria-label="Report" className="space-y-2">
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            This report has a link of its own: copy the address bar to share it.
          </p>
          <ReportView report={check.report} />
        </section>
      ) : null}
      <section
        aria-labelledby="header-heading"
        className="space-y-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      >
        <h2 id="header-heading" className="text-lg font-semibold">
          Compile against one release
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          A C header of <code className="font-mono">extern … __ksym __weak;</code> declarations for every
          kfunc of a release, each with its state, flags, program types and module. Also{" "}
          <code className="font-mono">kfunc header --release v7.3</code>.
        </p>
        <HeaderDownload releases={releases} />
      </section>
    </div>
  );
}
