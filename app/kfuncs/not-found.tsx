import Link from "next/link";

export default function KfuncNotFound() {
  return (
    <div className="mx-auto max-w-xl space-y-3 py-12 text-center">
      <h1 className="text-2xl font-bold">No such kfunc</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        The catalog has no kfunc by that name in any ingested release. Names are case-sensitive C identifiers,
        such as <code className="font-mono">bpf_task_acquire</code>.
      </p>
      <Link href="/kfuncs" className="text-sky-700 underline dark:text-sky-400">
        Search the catalog
      </Link>
    </div>
  );
}
