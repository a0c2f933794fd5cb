"use client";

import { useState } from "react";

/**
 * A <details> whose first state comes from the server and is the user's after that: a re-render
 * after a form is sent (which may change `initiallyOpen`) never folds it under the user's answer.
 */
export function Disclosure({
  summary,
  initiallyOpen,
  children,
}: {
  summary: React.ReactNode;
  initiallyOpen: boolean;
  children: React.ReactNode;
}) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="cursor-pointer text-sm font-semibold text-sky-700 dark:text-sky-400">
        {summary}
      </summary>
      <div className="pt-2">{children}</div>
    </details>
  );
}
