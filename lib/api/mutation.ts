// Every route handler that changes something is made here: it resolves who asks (session cookie or
// API token), refuses a cookie-borne request from another origin (CSRF), checks the permission,
// reads a size-capped JSON body and turns refusals into their JSON answers. The permission is kept
// on the handler, so the authorization test can find every mutating route and what it requires.
import "server-only";
import { AuthError, authorize, type Principal, principalFrom } from "../auth/principal";
import { getPrisma } from "../db/client";
import type { PrismaClient } from "../generated/prisma/client";
import { type AuditContext, auditContext } from "../governance/audit";
import type { Permission } from "../governance/roles";
import {
  BadRequestError,
  errorToResponse,
  type HandlerContext,
  PayloadTooLargeError,
  requestOrigin,
} from "./http";

export interface MutationContext<P> {
  request: Request;
  params: P;
  principal: Principal;
  prisma: PrismaClient;
  audit: AuditContext;
}

export type MutationHandler<P> = ((request: Request, context?: HandlerContext<P>) => Promise<Response>) & {
  /** What the route requires; read by the authorization test. */
  requires: Permission;
};

/** Origins besides the server's own that may send cookie-authenticated requests. */
function trustedOrigins(): string[] {
  return (process.env.KFUNC_TRUSTED_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
}

/**
 * A request that carries the session cookie must say where it comes from, and that must be here:
 * browsers send Origin on every POST, so a missing one is a script replaying a cookie.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (!origin) throw new AuthError(403, "Cross-site request refused: the request has no Origin header.");
  if (origin !== requestOrigin(request) && !trustedOrigins().includes(origin)) {
    throw new AuthError(403, `Cross-site request refused: origin ${origin} is not this site.`);
  }
}

export function mutationHandler<P extends object = Record<string, never>>(
  requires: Permission,
  handler: (context: MutationContext<P>) => Promise<Response>,
): MutationHandler<P> {
  const wrapped = async (request: Request, context?: HandlerContext<P>) => {
    try {
      const prisma = await getPrisma();
      const principal = await principalFrom(prisma, request.headers);
      if (principal?.via === "session") assertSameOrigin(request);
      authorize(principal, requires);
      const params = ((await context?.params) ?? {}) as P;
      return await handler({
        request,
        params,
        principal: principal as Principal,
        prisma,
        audit: auditContext(request.headers),
      });
    } catch (error) {
      return errorToResponse(error);
    }
  };
  return Object.assign(wrapped, { requires });
}

/** Reads a JSON body of at most `limit` bytes; anything else is a 400 or 413 that says so. */
export async function readJsonBody(request: Request, limit = 256 * 1024): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new BadRequestError("Send the body as application/json.", [
      { param: "content-type", message: `expected application/json, got ${type || "nothing"}` },
    ]);
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new PayloadTooLargeError(`The body is over ${limit} bytes.`);
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel();
        throw new PayloadTooLargeError(`The body is over ${limit} bytes.`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestError("The body is not valid JSON.", [
      { param: "body", message: (error as Error).message },
    ]);
  }
}
