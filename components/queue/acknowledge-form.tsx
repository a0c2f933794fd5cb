"use client";

import { useActionState } from "react";
import { acknowledgeViolationAction } from "@/app/queue/actions";

/**
 * A maintainer's note on an unacknowledged violation. The result stays shown after the page
 * re-renders with the acknowledgement (the list item keeps its key, so this keeps its state).
 */
export function AcknowledgeForm({ eventId, acknowledged }: { eventId: number; acknowledged: boolean }) {
  const [result, action, pending] = useActionState(acknowledgeViolationAction, null);
  const noteId = `ack-note-${eventId}`;
  const messageId = `ack-message-${eventId}`;
  return (
    <div className="space-y-1">
      {acknowledged ? null : (
        <form action={action} className="flex flex-col gap-2 sm:flex-row sm:items-end">
          <input type="hidden" name="eventId" value={eventId} />
          <div className="flex-1">
            <label htmlFor={noteId} className="block text-xs font-medium">
              Note (what was done about it)
            </label>
            <textarea
              id={noteId}
              name="note"
              required
              rows={1}
              maxLength={10_000}
              aria-describedby={messageId}
              className="mt-0.5 w-full rounded-md border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            />
          </div>
          <button
            type="submit"
            disabled={pending}
            className="rounded-md border border-zinc-300 bg-zinc-100 px-3 py-1 text-sm font-medium hover:bg-zinc-200 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-800 dark:hover:bg-zinc-700"
          >
            {pending ? "Acknowledging…" : "Acknowledge"}
          </button>
        </form>
      )}
      <p id={messageId} aria-live="polite" className="text-sm">
        {result ? (
          <span
            role={result.ok ? "status" : "alert"}
            className={
              result.ok ? "text-emerald-800 dark:text-emerald-300" : "text-red-700 dark:text-red-400"
            }
          >
            {result.ok ? "✓ " : "✕ "}
            {result.message}
          </span>
        ) : null}
      </p>
    </div>
  );
}
