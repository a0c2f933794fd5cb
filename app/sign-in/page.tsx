import type { Metadata } from "next";
import Link from "next/link";
import { SignInForm } from "@/components/account/sign-in-form";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from "@/lib/governance/roles";

export const metadata: Metadata = { title: "Sign in" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const returnTo = typeof params.returnTo === "string" ? params.returnTo.slice(0, 2000) : null;
  const mode = params.mode === "sign-up" ? "sign-up" : "sign-in";
  const other = new URLSearchParams({
    ...(returnTo ? { returnTo } : {}),
    ...(mode === "sign-in" ? { mode: "sign-up" } : {}),
  });
  return (
    <div className="grid gap-8 md:grid-cols-2">
      <section className="space-y-4">
        <h1 className="text-2xl font-bold">{mode === "sign-in" ? "Sign in" : "Create an account"}</h1>
        <SignInForm returnTo={returnTo} mode={mode} />
        <p className="text-sm">
          {mode === "sign-in" ? "No account yet? " : "Have an account? "}
          <Link href={`/sign-in?${other}`} className="text-sky-700 underline dark:text-sky-400">
            {mode === "sign-in" ? "Create one" : "Sign in"}
          </Link>
        </p>
      </section>
      <section className="space-y-2 text-sm text-zinc-700 dark:text-zinc-300">
        <h2 className="text-lg font-semibold">Why sign in</h2>
        <p>
          Reading the catalog needs no account. An account lets you take part in the lifecycle of kfuncs: new
          accounts are contributors; an admin makes maintainers.
        </p>
        <dl className="space-y-2">
          {ROLES.map((role) => (
            <div key={role}>
              <dt className="font-medium">{ROLE_LABELS[role]}</dt>
              <dd className="text-zinc-600 dark:text-zinc-400">{ROLE_DESCRIPTIONS[role]}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
