"use client";

import { useActionState } from "react";
import { acknowledgeViolationAction } from "@/app/queue/actions";

/**
 * A maintainer's note on an unacknowledged violation. On success the form gives way to the
 * confirmation, in place: the list is not re-sorted under the maintainer's hands (the violation
 * joins the acknowledged ones on the next load).
 */
export function AcknowledgeForm({ eventId }: { eventId: number }) {
  const [result, action, pending] = useActionState(acknowledgeViolationAction, null);
  const noteId = `ack-note-${eventId}`;
  const messageId = `ack-message-${eventId}`;
  if (result?.ok) {
    return (
      <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
        <span aria-hidden="true">✓ </span>
        {result.message}
      </p>
    );
  }
  return (
    <form action={action} className="space-y-1">
      <p className="text-sm font-medium text-red-800 dark:text-red-300">
        <span aria-hidden="true">⚠ </span>Not acknowledged
      </p>
      <input type="hidden" name="eventId" value={eventId} />
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
        <label htmlFor={noteId} className="sr-only">
          Note on violation #{eventId}: what was done about it
        </label>
        <textarea
          id={noteId}
          name="note"
          required
          rows={1}
          maxLength={10_000}
          placeholder="Note: what was done about it"
          aria-describedby={messageId}
          className="min-h-8 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <button
          type="submit"
          disabled={pending}
          className="rounded-md border border-zinc-300 bg-zinc-100 px-3 py-1 text-sm font-medium hover:bg-zinc-200 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-800 dark:hover:bg-zinc-700"
        >
          {pending ? "Acknowledging…" : "Acknowledge"}
        </button>
      </div>
      <p id={messageId} aria-live="polite" className="text-sm text-red-700 dark:text-red-400">
        {result && !result.ok ? (
          <span role="alert">
            <span aria-hidden="true">✕ </span>
            {result.message}
          </span>
        ) : null}
      </p>
    </form>
  );
}
