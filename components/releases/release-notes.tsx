import { releaseNotes } from "@/lib/releases/release-notes";

/** Facts about the whole release (lib/releases/release-notes.ts), each with where to check it. */
export function ReleaseNotes({ tag }: { tag: string }) {
  return releaseNotes(tag).map((note) => (
    <p
      key={note.text}
      className="rounded-md border border-violet-300 bg-violet-50 p-2 text-sm dark:border-violet-800 dark:bg-violet-950"
    >
      {note.text} <span className="text-zinc-600 dark:text-zinc-400">Source: {note.source}.</span>
    </p>
  ));
}
