// The audit log: who did what, when and from where. Written in the same transaction as the change
// it records; the table refuses UPDATE, DELETE and TRUNCATE.
import type { Principal } from "../auth/principal";
import type { Prisma } from "../generated/prisma/client";

/** Where a request came from, as far as the server can tell. */
export interface AuditContext {
  ip?: string | null;
  userAgent?: string | null;
}

/** The client address: from a forwarding header only when KFUNC_TRUSTED_PROXIES says it is set by a proxy. */
export function auditContext(headers: Headers, source: NodeJS.ProcessEnv = process.env): AuditContext {
  const trusted = Boolean(source.KFUNC_TRUSTED_PROXIES?.trim());
  const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || null;
  return {
    ip: trusted ? forwarded : null,
    userAgent: headers.get("user-agent")?.slice(0, 500) ?? null,
  };
}

export async function writeAudit(
  tx: Prisma.TransactionClient,
  actor: Pick<Principal, "userId" | "email" | "via"> | { userId: null; email: string; via: string },
  action: string,
  target: string | null,
  context: AuditContext = {},
  detail?: Record<string, unknown>,
) {
  await tx.auditLog.create({
    data: {
      actorId: actor.userId,
      actor: actor.email,
      via: actor.via,
      action,
      target,
      ip: context.ip ?? null,
      userAgent: context.userAgent ?? null,
      detail: detail as Prisma.InputJsonValue | undefined,
    },
  });
}
