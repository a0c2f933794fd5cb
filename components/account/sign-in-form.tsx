"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient, safeReturnPath } from "@/lib/auth/client";

const field =
  "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export function SignInForm({ returnTo, mode }: { returnTo: string | null; mode: "sign-in" | "sign-up" }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    setBusy(true);
    setError(null);
    const result =
      mode === "sign-in"
        ? await authClient.signIn.email({ email, password })
        : await authClient.signUp.email({ email, password, name: String(form.get("name") ?? "") || email });
    setBusy(false);
    if (result.error) {
      const status = result.error.status;
      setError(
        status === 429
          ? "Too many attempts. Wait a minute and try again."
          : (result.error.message ?? "That did not work.") || "That did not work.",
      );
      return;
    }
    router.push(safeReturnPath(returnTo));
    router.refresh();
  }

  return (
    <form
      onSubmit={onSubmit}
      className="max-w-sm space-y-3"
      aria-label={mode === "sign-in" ? "Sign in" : "Create an account"}
    >
      {mode === "sign-up" ? (
        <label className="block space-y-1 text-sm">
          <span className="font-medium">Name</span>
          <input name="name" autoComplete="name" maxLength={100} className={field} />
        </label>
      ) : null}
      <label className="block space-y-1 text-sm">
        <span className="font-medium">Email</span>
        <input name="email" type="email" required autoComplete="email" className={field} />
      </label>
      <label className="block space-y-1 text-sm">
        <span className="font-medium">Password</span>
        <input
          name="password"
          type="password"
          required
          minLength={mode === "sign-up" ? 10 : undefined}
          autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
          className={field}
        />
      </label>
      {error ? (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 p-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={busy}
        className="rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-800 disabled:opacity-60"
      >
        {busy ? "…" : mode === "sign-in" ? "Sign in" : "Create account"}
      </button>
    </form>
  );
}
