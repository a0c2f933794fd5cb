"use client";

import { DATABASE_UNAVAILABLE } from "@/lib/db/unavailable";

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  // The server tags "could not reach the database" with this digest (lib/db/client.ts); in a
  // production build the digest is all that crosses to the browser, never the message or a stack.
  const unavailable = error.digest === DATABASE_UNAVAILABLE;
  return (
    <div
      role="alert"
      className="mx-auto max-w-xl space-y-3 rounded-lg border border-red-300 bg-red-50 p-6 dark:border-red-800 dark:bg-red-950"
    >
      {unavailable ? (
        <>
          <h1 className="text-lg font-semibold">The database is unavailable</h1>
          <p className="text-sm">
            The catalog's database cannot be reached right now (it may be restarting). Nothing was changed.
            Try again shortly: the server reconnects by itself.
          </p>
        </>
      ) : (
        <>
          <h1 className="text-lg font-semibold">The catalog could not be read</h1>
          <p className="text-sm">
            Something failed on the server while loading this page. Nothing was changed. Try again; if it
            keeps failing, check that the database is running and migrated (<code>npm run db:migrate</code>).
          </p>
          {error.digest ? <p className="font-mono text-xs">Reference: {error.digest}</p> : null}
        </>
      )}
      <button type="button" onClick={reset} className="rounded-md border px-3 py-1.5 text-sm">
        Try again
      </button>
    </div>
  );
}
