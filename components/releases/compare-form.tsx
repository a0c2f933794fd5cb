"use client";

import { useRouter } from "next/navigation";

/** Chooses the release to compare against; only rewrites the URL. */
export function CompareForm({
  tag,
  current,
  options,
}: {
  tag: string;
  current: string | null;
  options: string[];
}) {
  const router = useRouter();
  return (
    <form action={`/releases/${tag}`} method="get" className="flex items-center gap-2 text-sm">
      <label htmlFor="compare-vs" className="font-medium">
        Compare with
      </label>
      <select
        id="compare-vs"
        name="vs"
        defaultValue={current ?? ""}
        onChange={(e) => router.push(`/releases/${tag}${e.target.value ? `?vs=${e.target.value}` : ""}`)}
        className="rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
      >
        <option value="">previous ingested release</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="rounded-md border px-2 py-1">
          Compare
        </button>
      </noscript>
    </form>
  );
}
