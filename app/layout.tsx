import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { AccountMenu } from "@/components/account/account-menu";
import { NavLinks } from "@/components/nav-links";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "kfunc catalog", template: "%s · kfunc catalog" },
  description: "Which BPF kfuncs exist in which Linux release, and whether you can rely on them.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
          Skip to content
        </a>
        <header className="border-b border-zinc-200 dark:border-zinc-800">
          <nav
            aria-label="Main"
            className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-2 px-4 py-3"
          >
            <Link href="/" className="font-mono text-base font-bold no-underline">
              kfunc<span className="text-sky-600 dark:text-sky-400">/</span>catalog
            </Link>
            <div className="flex flex-wrap items-center gap-2">
              <NavLinks />
              <AccountMenu />
            </div>
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-7xl px-4 py-6">
          {children}
        </main>
        <footer className="mx-auto max-w-7xl px-4 pb-8 text-xs text-zinc-500">
          Data read from kernel sources and BTF; every event carries its source.
        </footer>
      </body>
    </html>
  );
}
