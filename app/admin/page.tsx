import type { Metadata } from "next";
import Link from "next/link";
import {
  ActionForm,
  buttonClass,
  inputClass,
  secondaryButtonClass,
} from "@/components/governance/action-form";
import { currentPrincipal } from "@/lib/auth/action";
import { can } from "@/lib/auth/principal";
import { getPrisma } from "@/lib/db/client";
import { listTokens, listUsers } from "@/lib/governance/accounts";
import { ROLE_LABELS, ROLES, TOKEN_SCOPES } from "@/lib/governance/roles";
import { addUserAction, createTokenAction, revokeTokenAction, setRoleAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Accounts, tokens and audit" };

const AUDIT_ROWS = 200;
const when = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 16) : "never");

export default async function AdminPage() {
  const principal = await currentPrincipal().catch(() => null);
  if (!can(principal, "audit")) {
    return (
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">Accounts, tokens and audit</h1>
        <p className="text-sm">
          {principal
            ? "Only maintainers and admins can see this page."
            : "Sign in as a maintainer or an admin to see this page."}{" "}
          {principal ? null : (
            <Link href="/sign-in?returnTo=/admin" className="text-sky-700 underline dark:text-sky-400">
              Sign in
            </Link>
          )}
        </p>
      </div>
    );
  }
  const prisma = await getPrisma();
  const administer = can(principal, "administer");
  const [audit, users, tokens] = await Promise.all([
    prisma.auditLog.findMany({ orderBy: { id: "desc" }, take: AUDIT_ROWS }),
    administer ? listUsers(prisma) : [],
    administer ? listTokens(prisma) : [],
  ]);
  return (
    <div className="space-y-8">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">Accounts, tokens and audit</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          The first admin is made at the command line:{" "}
          <code className="font-mono">kfunc users add you@example.org --role admin</code>.
        </p>
      </header>

      {administer ? (
        <>
          <section aria-labelledby="users-heading" className="space-y-3">
            <h2 id="users-heading" className="text-lg font-semibold">
              Accounts ({users.length})
            </h2>
            <div className="overflow-x-auto">
              <table className="w-full min-w-[40rem] text-sm">
                <thead className="text-left text-xs text-zinc-500">
                  <tr>
                    <th className="py-1 pr-3">Email</th>
                    <th className="py-1 pr-3">Name</th>
                    <th className="py-1 pr-3">Since</th>
                    <th className="py-1 pr-3">Role</th>
                  </tr>
                </thead>
                <tbody>
                  {users.map((u) => (
                    <tr key={u.id} className="border-t border-zinc-200 dark:border-zinc-800">
                      <td className="max-w-[16rem] break-all py-1 pr-3 font-mono">{u.email}</td>
                      <td className="py-1 pr-3">{u.name}</td>
                      <td className="py-1 pr-3 tabular-nums">{when(u.createdAt).slice(0, 10)}</td>
                      <td className="py-1 pr-3">
                        <ActionForm
                          action={setRoleAction}
                          label={`Role of ${u.email}`}
                          className="flex gap-2"
                        >
                          <input type="hidden" name="email" value={u.email} />
                          <div className="flex gap-2">
                            <select
                              name="role"
                              defaultValue={u.role}
                              className={inputClass}
                              aria-label={`Role of ${u.email}`}
                            >
                              <RoleOptions />
                            </select>
                            <button type="submit" className={secondaryButtonClass}>
                              Set
                            </button>
                          </div>
                        </ActionForm>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <ActionForm action={addUserAction} label="Add an account" className="max-w-2xl">
              <div className="grid gap-2 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-end">
                <label className="block space-y-1 text-sm">
                  <span className="font-medium">Email</span>
                  <input name="email" type="email" required className={inputClass} />
                </label>
                <label className="block space-y-1 text-sm">
                  <span className="font-medium">Name</span>
                  <input name="name" maxLength={100} className={inputClass} />
                </label>
                <label className="block space-y-1 text-sm">
                  <span className="font-medium">Role</span>
                  <select name="role" defaultValue="contributor" className={inputClass}>
                    <RoleOptions />
                  </select>
                </label>
                <button type="submit" className={buttonClass}>
                  Add account
                </button>
              </div>
            </ActionForm>
          </section>

          <section aria-labelledby="tokens-heading" className="space-y-3">
            <h2 id="tokens-heading" className="text-lg font-semibold">
              API tokens ({tokens.length})
            </h2>
            <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
              For automation: a CI job that ingests (<code className="font-mono">ingest</code>) or files
              proposals (<code className="font-mono">propose</code>). Sent as{" "}
              <code className="font-mono">Authorization: Bearer kfc_…</code>. A token does only what both its
              scopes and its owner&apos;s role allow. Stored hashed: shown once.
            </p>
            {tokens.length ? (
              <div className="overflow-x-auto">
                <table className="w-full min-w-[40rem] text-sm">
                  <thead className="text-left text-xs text-zinc-500">
                    <tr>
                      <th className="py-1 pr-3">Token</th>
                      <th className="py-1 pr-3">Owner</th>
                      <th className="py-1 pr-3">Scopes</th>
                      <th className="py-1 pr-3">Created</th>
                      <th className="py-1 pr-3">Last used</th>
                      <th className="py-1 pr-3" />
                    </tr>
                  </thead>
                  <tbody>
                    {tokens.map((t) => (
                      <tr key={t.id} className="border-t border-zinc-200 dark:border-zinc-800">
                        <td className="py-1 pr-3 font-mono">
                          {t.start}… <span className="text-xs text-zinc-500">{t.name}</span>
                        </td>
                        <td className="break-all py-1 pr-3 font-mono">{t.owner}</td>
                        <td className="py-1 pr-3">{t.scopes.join(", ")}</td>
                        <td className="py-1 pr-3 tabular-nums">{when(t.createdAt)}</td>
                        <td className="py-1 pr-3 tabular-nums">{when(t.lastUsedAt)}</td>
                        <td className="py-1 pr-3">
                          {t.revoked ? (
                            <span className="text-xs text-zinc-500">revoked</span>
                          ) : (
                            <ActionForm action={revokeTokenAction} label={`Revoke token ${t.start}`}>
                              <input type="hidden" name="id" value={t.id} />
                              <button type="submit" className={secondaryButtonClass}>
                                Revoke
                              </button>
                            </ActionForm>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p className="text-sm text-zinc-500">No API token yet.</p>
            )}
            <ActionForm action={createTokenAction} label="Create an API token" className="max-w-2xl">
              <div className="grid gap-2 sm:grid-cols-[1fr_1fr] sm:items-end">
                <label className="block space-y-1 text-sm">
                  <span className="font-medium">Owner&apos;s email</span>
                  <input name="email" type="email" required className={inputClass} />
                </label>
                <label className="block space-y-1 text-sm">
                  <span className="font-medium">Name</span>
                  <input name="name" maxLength={100} placeholder="CI ingest" className={inputClass} />
                </label>
              </div>
              <fieldset className="flex flex-wrap gap-3 text-sm">
                <legend className="font-medium">Scopes</legend>
                {TOKEN_SCOPES.map((scope) => (
                  <label key={scope} className="flex items-center gap-1">
                    <input type="checkbox" name="scope" value={scope} /> {scope}
                  </label>
                ))}
              </fieldset>
              <button type="submit" className={buttonClass}>
                Create token
              </button>
            </ActionForm>
          </section>
        </>
      ) : null}

      <section aria-labelledby="audit-heading" className="space-y-2">
        <h2 id="audit-heading" className="text-lg font-semibold">
          Audit log <span className="text-sm font-normal text-zinc-500">(newest {AUDIT_ROWS})</span>
        </h2>
        {audit.length ? (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[40rem] text-sm">
              <thead className="text-left text-xs text-zinc-500">
                <tr>
                  <th className="py-1 pr-3">When (UTC)</th>
                  <th className="py-1 pr-3">Who</th>
                  <th className="py-1 pr-3">Via</th>
                  <th className="py-1 pr-3">Action</th>
                  <th className="py-1 pr-3">Target</th>
                  <th className="py-1 pr-3">From</th>
                </tr>
              </thead>
              <tbody>
                {audit.map((a) => (
                  <tr key={a.id} className="border-t border-zinc-200 align-top dark:border-zinc-800">
                    <td className="whitespace-nowrap py-1 pr-3 tabular-nums">{when(a.at)}</td>
                    <td className="break-all py-1 pr-3 font-mono">{a.actor}</td>
                    <td className="py-1 pr-3 font-mono text-xs">{a.via}</td>
                    <td className="py-1 pr-3 font-mono">{a.action}</td>
                    <td className="break-all py-1 pr-3 font-mono">{a.target}</td>
                    <td
                      className="max-w-[16rem] truncate py-1 pr-3 text-xs text-zinc-500"
                      title={a.userAgent ?? ""}
                    >
                      {[a.ip, a.userAgent].filter(Boolean).join(" · ") || "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="text-sm text-zinc-500">Nothing recorded yet.</p>
        )}
      </section>
    </div>
  );
}

function RoleOptions() {
  return ROLES.map((r) => (
    <option key={r} value={r}>
      {ROLE_LABELS[r]}
    </option>
  ));
}
