import Link from "next/link";

/** "Parent / current" above a detail page. */
export function Breadcrumb({ parent, href, current }: { parent: string; href: string; current: string }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm">
      <Link href={href} className="text-sky-700 underline dark:text-sky-400">
        {parent}
      </Link>{" "}
      / <span className="font-mono">{current}</span>
    </nav>
  );
}
