"use client";

import { useState } from "react";
import type { ProposalOption } from "@/lib/governance/kfunc-governance";
import { ActionForm, buttonClass, inputClass, ReleaseField } from "./action-form";

type Action = React.ComponentProps<typeof ActionForm>["action"];

/** File a proposal. Kinds the rules forbid are shown, disabled, with the reason. */
export function ProposalForm({
  kfunc,
  options,
  releases,
  action,
}: {
  kfunc: string;
  options: ProposalOption[];
  releases: string[];
  action: Action;
}) {
  const firstAllowed = options.find((o) => !o.forbidden)?.kind ?? options[0]?.kind;
  const [kind, setKind] = useState(firstAllowed);
  const chosen = options.find((o) => o.kind === kind);
  return (
    <ActionForm
      action={action}
      label="File a proposal"
      className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <input type="hidden" name="kfunc" value={kfunc} />
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">What do you propose?</legend>
        {options.map((option) => (
          <label key={option.kind} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="kind"
              value={option.kind}
              checked={kind === option.kind}
              disabled={Boolean(option.forbidden)}
              onChange={() => setKind(option.kind)}
              className="mt-1"
            />
            <span>
              {option.label}
              {option.forbidden ? (
                <span className="block text-xs text-zinc-500">Not allowed now: {option.forbidden}</span>
              ) : null}
            </span>
          </label>
        ))}
      </fieldset>
      {chosen?.forbidden ? null : (
        <>
          <label className="block space-y-1 text-sm">
            <span className="font-medium">Rationale</span>
            <textarea name="rationale" required rows={3} maxLength={10000} className={inputClass} />
          </label>
          <label className="block space-y-1 text-sm">
            <span className="font-medium">
              Evidence links, one per line
              {kind === "PROMOTE" ? " (production users, list threads: at least one)" : ""}
            </span>
            <textarea
              name="evidence"
              rows={2}
              required={kind === "PROMOTE"}
              placeholder="https://github.com/…"
              className={`${inputClass} font-mono`}
            />
          </label>
          {kind === "DEPRECATE" || kind === "REMOVE" ? (
            <div className="grid gap-2 sm:grid-cols-3">
              <label className="block space-y-1 text-sm">
                <span className="font-medium">{kind === "REMOVE" ? "Removed in" : "Deprecated in"}</span>
                <select name="release" className={inputClass} defaultValue="">
                  <option value="">newest ingested release</option>
                  {releases.map((tag) => (
                    <option key={tag}>{tag}</option>
                  ))}
                </select>
              </label>
              {kind === "DEPRECATE" ? (
                <>
                  <ReleaseField label="Earliest removal" name="removalEarliest" releases={releases} />
                  <label className="block space-y-1 text-sm">
                    <span className="font-medium">Replacement kfunc</span>
                    <input name="replacement" maxLength={200} className={`${inputClass} font-mono`} />
                  </label>
                </>
              ) : null}
            </div>
          ) : null}
          <button type="submit" className={buttonClass}>
            File proposal
          </button>
        </>
      )}
    </ActionForm>
  );
}
