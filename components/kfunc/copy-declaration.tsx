"use client";

import { useId, useState } from "react";
import { ksymDeclaration } from "@/lib/kfunc/ksym-declaration";

export interface DeclarationChoice {
  release: string;
  prototype: string;
}

/** Picks a release's prototype and copies the matching `extern … __ksym;` line. */
export function CopyDeclaration({ choices }: { choices: DeclarationChoice[] }) {
  const id = useId();
  const [release, setRelease] = useState(choices[choices.length - 1]?.release ?? "");
  const [weak, setWeak] = useState(false);
  const [status, setStatus] = useState("");
  const choice = choices.find((c) => c.release === release) ?? choices[choices.length - 1];
  if (!choice) return null;
  const line = ksymDeclaration(choice.prototype, weak);
  return (
    <div className="space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label htmlFor={`${id}-release`} className="font-medium">
          Declaration for
        </label>
        <select
          id={`${id}-release`}
          value={choice.release}
          onChange={(e) => {
            setRelease(e.target.value);
            setStatus("");
          }}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
        >
          {choices.map((c) => (
            <option key={c.release} value={c.release}>
              {c.release}
            </option>
          ))}
        </select>
        <label className="flex items-start gap-1">
          <input
            type="checkbox"
            className="mt-1"
            checked={weak}
            onChange={(e) => setWeak(e.target.checked)}
          />
          <span>
            optional: <code>__weak</code>, check with <code>bpf_ksym_exists()</code>
          </span>
        </label>
        <button
          type="button"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(line);
              setStatus("Copied.");
            } catch {
              setStatus("Could not copy: select the line and copy it by hand.");
            }
          }}
          className="rounded-md bg-sky-700 px-3 py-1 font-medium text-white hover:bg-sky-800"
        >
          Copy declaration
        </button>
        <span role="status" aria-live="polite" className="text-xs text-zinc-600 dark:text-zinc-400">
          {status}
        </span>
      </div>
      <pre className="overflow-x-auto rounded bg-zinc-100 p-2 font-mono text-xs dark:bg-zinc-900">
        <code data-testid="ksym-declaration">{line}</code>
      </pre>
    </div>
  );
}
