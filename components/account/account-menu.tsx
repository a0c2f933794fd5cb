"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { authClient } from "@/lib/auth/client";
import { publicPathname } from "@/lib/cache/public-pathname";

/** Signed-in name and role with sign-out, or a sign-in link. Client-side, so pages stay cacheable. */
export function AccountMenu() {
  const { data, isPending } = authClient.useSession();
  const pathname = publicPathname(usePathname());
  const router = useRouter();
  if (isPending) return <span className="w-16 text-sm text-zinc-400" aria-hidden="true" />;
  if (!data) {
    return (
      <Link
        href={`/sign-in?returnTo=${encodeURIComponent(pathname)}`}
        className="rounded-md px-2 py-1.5 text-sm no-underline hover:bg-zinc-100 dark:hover:bg-zinc-800"
      >
        Sign in
      </Link>
    );
  }
  const role = (data.user as { role?: string }).role ?? "contributor";
  return (
    <span className="flex items-center gap-2 text-sm">
      <span className="max-w-[12rem] truncate" title={data.user.email}>
        {data.user.name} <span className="text-xs text-zinc-500">({role})</span>
      </span>
      {role === "maintainer" || role === "admin" ? (
        <Link
          href="/admin"
          className="rounded-md px-2 py-1.5 no-underline hover:bg-zinc-100 dark:hover:bg-zinc-800"
        >
          {role === "admin" ? "Admin" : "Audit"}
        </Link>
      ) : null}
      <button
        type="button"
        className="rounded-md px-2 py-1.5 hover:bg-zinc-100 dark:hover:bg-zinc-800"
        onClick={async () => {
          await authClient.signOut();
          router.refresh();
        }}
      >
        Sign out
      </button>
    </span>
  );
}
