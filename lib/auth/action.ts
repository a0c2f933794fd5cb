// Every server action that changes something is made here, as every mutating route handler is made
// by lib/api/mutation.ts: it resolves the signed-in account, refuses a request from another origin
// (Next refuses a foreign Origin on actions, but lets a request with none through; this does not),
// checks the permission, and returns refusals as a result the form shows instead of throwing.
import "server-only";
import { headers } from "next/headers";
import { getPrisma } from "../db/client";
import type { PrismaClient } from "../generated/prisma/client";
import { type AuditContext, auditContext } from "../governance/audit";
import { GovernanceError } from "../governance/errors";
import type { Permission } from "../governance/roles";
import { AuthError } from "./errors";
import { authorize, type Principal, principalFrom } from "./principal";

/** What a form shows after it was sent. */
export type ActionResult = { ok: true; message: string } | { ok: false; message: string; status: number };

export interface ActionContext {
  principal: Principal;
  prisma: PrismaClient;
  audit: AuditContext;
}

export type GovernedAction<A extends unknown[]> = ((...args: A) => Promise<ActionResult>) & {
  /** What the action requires; read by the authorization test. */
  requires: Permission;
};

function originOk(h: Headers): boolean {
  const origin = h.get("origin");
  if (!origin) return false;
  const host = h.get("x-forwarded-host")?.split(",")[0]?.trim() || h.get("host");
  const trusted = (process.env.KFUNC_TRUSTED_ORIGINS ?? "").split(",").map((o) => o.trim());
  try {
    return new URL(origin).host === host || trusted.includes(origin);
  } catch {
    return false;
  }
}

/** Resolves who is asking from request headers (for actions and server components). */
export async function currentPrincipal(prisma?: PrismaClient): Promise<Principal | null> {
  const h = await headers();
  return principalFrom(prisma ?? (await getPrisma()), h);
}

export function governedAction<A extends unknown[]>(
  requires: Permission,
  action: (context: ActionContext, ...args: A) => Promise<string>,
): GovernedAction<A> {
  const wrapped = async (...args: A): Promise<ActionResult> => {
    try {
      const h = await headers();
      const prisma = await getPrisma();
      const principal = await principalFrom(prisma, h);
      if (principal && !originOk(h)) throw new AuthError(403, "Cross-site request refused.");
      authorize(principal, requires);
      const message = await action(
        { principal: principal as Principal, prisma, audit: auditContext(h) },
        ...args,
      );
      return { ok: true, message };
    } catch (error) {
      if (error instanceof AuthError || error instanceof GovernanceError) {
        return { ok: false, message: error.message, status: error.status };
      }
      console.error("server action failed:", error);
      return { ok: false, message: "The server failed to record this. Nothing was changed.", status: 500 };
    }
  };
  return Object.assign(wrapped, { requires });
}
