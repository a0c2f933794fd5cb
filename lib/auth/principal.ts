// Who is asking: a signed-in account (session cookie) or an API token acting for one, and what
// they may do. Route handlers and server actions call `authorize`; nothing mutates without it.
import type { PrismaClient } from "../generated/prisma/client";
import {
  isRole,
  isTokenScope,
  type Permission,
  type Role,
  roleAllows,
  type TokenScope,
} from "../governance/roles";
import { AuthError } from "./errors";
import { authFor, TOKEN_PREFIX } from "./server";

export { AuthError };

export interface Principal {
  userId: string;
  email: string;
  name: string;
  role: Role;
  /** "session", or "token:<id>" for an API token. */
  via: string;
  /** A token's scopes; null for a session (the role decides alone). */
  scopes: TokenScope[] | null;
}

/** The bearer token of a request (Authorization: Bearer … or X-Api-Key), if any. */
export function bearerToken(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1] ?? "";
  }
  return headers.get("x-api-key")?.trim() || null;
}

async function roleOf(prisma: PrismaClient, userId: string) {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true },
  });
  return user && isRole(user.role) ? { ...user, role: user.role as Role } : null;
}

/** Resolves the principal, or null for an anonymous request. A bad token is an error, not anonymity. */
export async function principalFrom(prisma: PrismaClient, headers: Headers): Promise<Principal | null> {
  const auth = authFor(prisma);
  const token = bearerToken(headers);
  if (token !== null) {
    if (!token.startsWith(TOKEN_PREFIX)) throw new AuthError(401, "The API token is malformed.");
    const result = await auth.api.verifyApiKey({ body: { key: token } });
    if (!result.valid || !result.key) {
      const code = result.error?.code ?? "";
      if (code === "RATE_LIMITED")
        throw new AuthError(429, "This API token made too many requests; slow down.");
      const why =
        code === "KEY_DISABLED"
          ? "has been revoked"
          : code === "KEY_EXPIRED"
            ? "has expired"
            : "is not valid";
      throw new AuthError(401, `The API token ${why}.`);
    }
    const user = await roleOf(prisma, result.key.referenceId);
    if (!user) throw new AuthError(401, "The API token's account no longer exists.");
    const granted = (result.key.permissions as Record<string, string[]> | null)?.catalog ?? [];
    return { ...user, userId: user.id, via: `token:${result.key.id}`, scopes: granted.filter(isTokenScope) };
  }
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const user = await roleOf(prisma, session.user.id);
  return user ? { ...user, userId: user.id, via: "session", scopes: null } : null;
}

/** Whether the principal may: the role must allow it, and a token must carry the scope. */
export function can(principal: Principal | null, permission: Permission): boolean {
  if (!principal || !roleAllows(principal.role, permission)) return false;
  return principal.scopes === null || (principal.scopes as string[]).includes(permission);
}

/** Throws 401 for anonymous, 403 for a principal without the permission. */
export function authorize(principal: Principal | null, permission: Permission): Principal {
  if (!principal) throw new AuthError(401, "Sign in (or send an API token) to do this.");
  if (!roleAllows(principal.role, permission)) {
    throw new AuthError(
      403,
      `Your role (${principal.role}) does not allow this: it needs the ${permission} permission.`,
    );
  }
  if (principal.scopes !== null && !(principal.scopes as string[]).includes(permission)) {
    throw new AuthError(403, `This API token lacks the ${permission} scope.`);
  }
  return principal;
}
