"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { publicPathname } from "@/lib/cache/public-pathname";
import { cn } from "./cn";

const LINKS = [
  { href: "/", label: "Overview" },
  { href: "/kfuncs", label: "Catalog" },
  { href: "/matrix", label: "Matrix" },
  { href: "/releases", label: "Releases" },
  { href: "/check", label: "Check" },
  { href: "/queue", label: "Queue" },
  { href: "/api-docs", label: "API" },
] as const;

export function NavLinks() {
  const pathname = publicPathname(usePathname());
  return (
    <ul className="flex flex-wrap gap-0.5 text-sm sm:gap-1">
      {LINKS.map((link) => {
        const current = link.href === "/" ? pathname === "/" : pathname.startsWith(link.href);
        return (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={current ? "page" : undefined}
              className={cn(
                "rounded-md px-2 py-1.5 no-underline sm:px-3 hover:bg-zinc-100 dark:hover:bg-zinc-800",
                current && "bg-zinc-100 font-semibold dark:bg-zinc-800",
              )}
            >
              {link.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
