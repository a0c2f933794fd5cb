import Link from "next/link";

/** A kfunc's name, linking to its page. */
export function KfuncLink({ name }: { name: string }) {
  return (
    <Link href={`/kfuncs/${name}`} className="break-all font-mono text-sky-700 underline dark:text-sky-400">
      {name}
    </Link>
  );
}
