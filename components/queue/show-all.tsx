import Link from "next/link";

/**
 * Under a section of the queue that lists only its first rows: how many are shown and a link to all
 * of them; under one that lists all of its many rows, a link back to the first few.
 */
export function ShowAll({
  section,
  shown,
  total,
  limit,
}: {
  section: string;
  /** Rows listed now. */
  shown: number;
  total: number;
  /** How many the section lists by default. */
  limit: number;
}) {
  const link = "text-sky-700 underline dark:text-sky-400";
  if (shown < total)
    return (
      <p className="text-sm">
        Showing the first {shown} of {total}.{" "}
        <Link href={`/queue?${section}=all#${section}`} className={link}>
          Show all {total}
        </Link>
      </p>
    );
  if (total > limit)
    return (
      <p className="text-sm">
        <Link href={`/queue#${section}`} className={link}>
          Show the first {limit} only
        </Link>
      </p>
    );
  return null;
}
