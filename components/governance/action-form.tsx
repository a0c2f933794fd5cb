"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { cn } from "../cn";

type Action = (previous: ActionResult | null, form: FormData) => Promise<ActionResult>;

/** A form posted to a server action, showing the action's answer (or refusal) under it. */
export function ActionForm({
  action,
  children,
  className,
  label,
}: {
  action: Action;
  children: React.ReactNode;
  className?: string;
  label: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} aria-label={label} className={cn("space-y-2", className)}>
      <fieldset disabled={pending} className="space-y-2">
        {children}
      </fieldset>
      {state ? (
        <p
          role={state.ok ? "status" : "alert"}
          className={cn(
            "rounded-md border p-2 text-sm",
            state.ok
              ? "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100"
              : "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
          )}
        >
          {state.message}
        </p>
      ) : null}
    </form>
  );
}

export const inputClass =
  "w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";
export const buttonClass =
  "rounded-md bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-sky-800 disabled:opacity-60";
export const secondaryButtonClass =
  "rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** A labelled, required choice of one known release, with nothing chosen at first. */
export function ReleaseField({
  label,
  name,
  releases,
}: {
  label: string;
  name: string;
  releases: readonly string[];
}) {
  return (
    <label className="block space-y-1 text-sm">
      <span className="font-medium">{label}</span>
      <select name={name} required defaultValue="" className={inputClass}>
        <option value="" disabled>
          choose a release
        </option>
        {releases.map((tag) => (
          <option key={tag}>{tag}</option>
        ))}
      </select>
    </label>
  );
}
