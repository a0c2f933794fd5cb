"use client";

import { useState } from "react";
import type { CheckResponse } from "@/lib/check/schemas";
import { ProbeView } from "./probe-view";
import { ReportView } from "./report-view";

// The /check page's inputs. Names and source go in a plain GET form, so the report has a URL to
// share and works without JavaScript. A file (a BPF object, or a kernel's BTF) is posted to
// POST /api/v1/check from the browser and its report is shown here: an upload has no URL, and
// nothing uploaded is kept.

const MAX_BYTES = 16 * 1024 * 1024;

interface Props {
  releases: string[];
  names: string;
  release: string;
  min: string;
}

const SELECT = "rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900";

/** A labelled choice of release; the first option ("" value) says what no choice means. */
function ReleaseSelect(props: {
  id: string;
  name: string;
  label: string;
  none: string;
  value: string;
  releases: string[];
}) {
  return (
    <label className="flex flex-col gap-1" htmlFor={props.id}>
      <span className="font-medium">{props.label}</span>
      <select id={props.id} name={props.name} defaultValue={props.value} className={SELECT}>
        <option value="">{props.none}</option>
        {props.releases.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
    </label>
  );
}

function TargetFields({
  releases,
  release,
  min,
  idPrefix,
}: {
  releases: string[];
  release: string;
  min: string;
  idPrefix: string;
}) {
  return (
    <div className="flex flex-wrap gap-4 text-sm">
      <ReleaseSelect
        id={`${idPrefix}-release`}
        name="release"
        label="Target release"
        none={`newest (${releases.at(-1)})`}
        value={release}
        releases={releases}
      />
      <ReleaseSelect
        id={`${idPrefix}-min`}
        name="min"
        label="…or this release and later"
        none="–"
        value={min}
        releases={releases}
      />
    </div>
  );
}

export function CheckForms({ releases, names, release, min }: Props) {
  const [result, setResult] = useState<CheckResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function upload(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    setResult(null);
    setError(null);
    if (!(file instanceof File) || file.size === 0) {
      setError(file instanceof File && file.name ? `${file.name} is empty.` : "Choose a file first.");
      return;
    }
    if (file.size > MAX_BYTES) {
      setError(`${file.name} is ${file.size} bytes; the limit is 16 MiB.`);
      return;
    }
    for (const key of ["release", "min"]) if (!form.get(key)) form.delete(key);
    setBusy(true);
    try {
      const answer = await fetch("/api/v1/check", { method: "POST", body: form });
      const body = await answer.json();
      // The first issue says what was wrong in the user's words; the message wraps it for APIs.
      if (!answer.ok)
        setError(
          body?.error?.issues?.[0]?.message ??
            body?.error?.message ??
            `The server answered ${answer.status}.`,
        );
      else setResult(body as CheckResponse);
    } catch {
      setError("The server could not be reached.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-2">
        <form
          method="get"
          action="/check"
          className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
        >
          <h2 className="text-lg font-semibold">Paste kfunc names or declarations</h2>
          <label htmlFor="names" className="block text-sm text-zinc-600 dark:text-zinc-400">
            Names separated by spaces, commas or lines, or C declarations such as{" "}
            <code className="font-mono">extern void bpf_rcu_read_lock(void) __ksym __weak;</code>
          </label>
          <textarea
            id="names"
            name="names"
            defaultValue={names}
            rows={5}
            required
            spellCheck={false}
            className="w-full rounded border border-zinc-300 bg-white p-2 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
            placeholder="bpf_task_acquire bpf_task_release scx_bpf_dispatch"
          />
          <TargetFields releases={releases} release={release} min={min} idPrefix="names" />
          <button
            type="submit"
            className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
          >
            Check names
          </button>
          <p className="text-xs text-zinc-500">The report gets a link you can share.</p>
        </form>

        <form
          onSubmit={upload}
          className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
        >
          <h2 className="text-lg font-semibold">Upload a BPF object or a kernel&apos;s BTF</h2>
          <label htmlFor="file" className="block text-sm text-zinc-600 dark:text-zinc-400">
            A compiled program (<code className="font-mono">clang -target bpf -g -O2 -c</code>), C source, or
            a kernel&apos;s <code className="font-mono">/sys/kernel/btf/vmlinux</code> to check that kernel.
            Up to 16 MiB; nothing is stored.
          </label>
          <input
            id="file"
            name="file"
            type="file"
            className="block w-full text-sm file:mr-3 file:rounded file:border-0 file:bg-zinc-100 file:px-3 file:py-1.5 dark:file:bg-zinc-800"
          />
          <TargetFields releases={releases} release="" min="" idPrefix="file" />
          <button
            type="submit"
            disabled={busy}
            className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60"
          >
            {busy ? "Checking…" : "Check file"}
          </button>
        </form>
      </div>

      <div aria-live="polite">
        {error ? (
          <p
            role="alert"
            className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
          >
            {error}
          </p>
        ) : null}
        {result?.type === "program" ? <ReportView report={result.report} /> : null}
        {result?.type === "kernel" ? <ProbeView report={result.report} /> : null}
      </div>
    </div>
  );
}

/** A download link for one release's header; the select changes which. */
export function HeaderDownload({ releases }: { releases: string[] }) {
  const [release, setRelease] = useState(releases.at(-1) ?? "");
  return (
    <div className="flex flex-wrap items-end gap-3 text-sm">
      <label className="flex flex-col gap-1" htmlFor="header-release">
        <span className="font-medium">Release</span>
        <select
          id="header-release"
          value={release}
          onChange={(e) => setRelease(e.target.value)}
          className={SELECT}
        >
          {releases.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <a
        href={`/api/v1/releases/${release}/header`}
        download={`kfuncs-${release}.h`}
        className="rounded border border-zinc-300 px-3 py-1.5 font-medium no-underline hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Download kfuncs-{release}.h
      </a>
    </div>
  );
}
