// Accounts, roles and API tokens: what `kfunc users …`, `kfunc tokens …` and the /admin page do.
// The CLI acts as the machine's operator (it opens the database itself); the web acts for an
// admin, checked by the caller with authorize(principal, "administer").
import { randomBytes } from "node:crypto";
import type { Principal } from "../auth/principal";
import { type Auth, authFor, createAuth } from "../auth/server";
import type { PrismaClient } from "../generated/prisma/client";
import { type AuditContext, writeAudit } from "./audit";
import { GovernanceError } from "./errors";
import { isRole, isTokenScope, ROLES, type Role, TOKEN_SCOPES, type TokenScope } from "./roles";

/** Who acts: an admin in the web app, or the operator at the command line. */
export type Operator = Principal | { userId: null; email: "cli"; via: "cli" };
export const CLI_OPERATOR: Operator = { userId: null, email: "cli", via: "cli" };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether `value` looks like an email address (after trimming); what addUser accepts. */
export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

/** The CLI has no Next: an auth instance without the cookie plugin. */
function authForOperator(prisma: PrismaClient, operator: Operator): Auth {
  return operator.via === "cli" ? createAuth(prisma, process.env, { nextCookies: false }) : authFor(prisma);
}

export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

export async function addUser(
  prisma: PrismaClient,
  operator: Operator,
  input: { email: string; role: string; password: string; name?: string },
  context: AuditContext = {},
) {
  const email = input.email.trim().toLowerCase();
  if (!isEmail(email)) throw new GovernanceError(400, `"${input.email}" is not an email address.`);
  if (!isRole(input.role)) {
    throw new GovernanceError(400, `Unknown role "${input.role}": use one of ${ROLES.join(", ")}.`);
  }
  if (input.password.length < 10)
    throw new GovernanceError(400, "The password must be at least 10 characters long.");
  if (await prisma.user.findUnique({ where: { email } })) {
    throw new GovernanceError(
      409,
      `An account for ${email} already exists (use set-role to change its role).`,
    );
  }
  const auth = authForOperator(prisma, operator);
  const { user } = await auth.api.signUpEmail({
    body: { email, password: input.password, name: input.name?.trim() || email.split("@")[0] || email },
  });
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { role: input.role } });
    // Signing up opens a session for the new account; nobody holds it here.
    await tx.session.deleteMany({ where: { userId: user.id } });
    await writeAudit(tx, operator, "user.add", `user:${email}`, context, { role: input.role });
  });
  return { id: user.id, email, role: input.role as Role };
}

export async function listUsers(prisma: PrismaClient) {
  return prisma.user.findMany({
    select: { id: true, email: true, name: true, role: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
}

export async function setRole(
  prisma: PrismaClient,
  operator: Operator,
  emailInput: string,
  role: string,
  context: AuditContext = {},
) {
  const email = emailInput.trim().toLowerCase();
  if (!isRole(role))
    throw new GovernanceError(400, `Unknown role "${role}": use one of ${ROLES.join(", ")}.`);
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email } });
    if (!user) throw new GovernanceError(404, `No account for ${email}.`);
    if (user.role === "admin" && role !== "admin") {
      const admins = await tx.user.count({ where: { role: "admin" } });
      if (admins <= 1)
        throw new GovernanceError(409, `${email} is the last admin; make another admin first.`);
    }
    if (user.role === role) return { email, from: user.role, to: role as Role };
    await tx.user.update({ where: { id: user.id }, data: { role } });
    await writeAudit(tx, operator, "user.set-role", `user:${email}`, context, { from: user.role, to: role });
    return { email, from: user.role, to: role as Role };
  });
}

export interface CreatedToken {
  id: string;
  /** The token itself: shown once, stored only as a hash. */
  token: string;
  scopes: TokenScope[];
  owner: string;
}

export async function createToken(
  prisma: PrismaClient,
  operator: Operator,
  input: { email: string; scopes: string[]; name?: string },
  context: AuditContext = {},
): Promise<CreatedToken> {
  const email = input.email.trim().toLowerCase();
  const unknown = input.scopes.filter((s) => !isTokenScope(s));
  if (!input.scopes.length || unknown.length) {
    throw new GovernanceError(
      400,
      `${unknown.length ? `Unknown scope ${unknown.join(", ")}` : "Name at least one scope"}: use ${TOKEN_SCOPES.join(", ")}.`,
    );
  }
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user) throw new GovernanceError(404, `No account for ${email}: add it first.`);
  const scopes = [...new Set(input.scopes)] as TokenScope[];
  const auth = authForOperator(prisma, operator);
  const created = await auth.api.createApiKey({
    body: {
      userId: user.id,
      name: input.name?.trim() || `${scopes.join("+")} token`,
      permissions: { catalog: scopes },
    },
  });
  await prisma.$transaction((tx) =>
    writeAudit(tx, operator, "token.create", `user:${email}`, context, { tokenId: created.id, scopes }),
  );
  return { id: created.id, token: created.key, scopes, owner: email };
}

export async function listTokens(prisma: PrismaClient) {
  const rows = await prisma.apikey.findMany({
    select: {
      id: true,
      name: true,
      start: true,
      enabled: true,
      permissions: true,
      lastRequest: true,
      createdAt: true,
      user: { select: { email: true, role: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => {
    let scopes: string[] = [];
    try {
      scopes = (JSON.parse(row.permissions ?? "{}") as { catalog?: string[] }).catalog ?? [];
    } catch {
      scopes = [];
    }
    return {
      id: row.id,
      name: row.name,
      start: row.start,
      revoked: row.enabled === false,
      scopes,
      lastUsedAt: row.lastRequest,
      createdAt: row.createdAt,
      owner: row.user.email,
    };
  });
}

export async function revokeToken(
  prisma: PrismaClient,
  operator: Operator,
  id: string,
  context: AuditContext = {},
) {
  return prisma.$transaction(async (tx) => {
    const token = await tx.apikey.findUnique({ where: { id } });
    if (!token) throw new GovernanceError(404, `No API token with id ${id}.`);
    if (token.enabled === false) throw new GovernanceError(409, `Token ${id} is already revoked.`);
    await tx.apikey.update({ where: { id }, data: { enabled: false, updatedAt: new Date() } });
    await writeAudit(tx, operator, "token.revoke", `token:${id}`, context);
  });
}

/**
 * Sets an account's password (the operator at the command line): after a restore, whose backup
 * holds no password hashes, or for someone locked out. Ends the account's sessions.
 */
export async function setPassword(
  prisma: PrismaClient,
  operator: Operator,
  emailInput: string,
  password: string,
  context: AuditContext = {},
) {
  const email = emailInput.trim().toLowerCase();
  if (password.length < 10)
    throw new GovernanceError(400, "The password must be at least 10 characters long.");
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user) throw new GovernanceError(404, `No account for ${email}.`);
  const auth = authForOperator(prisma, operator);
  const hash = await (await auth.$context).password.hash(password);
  await prisma.$transaction(async (tx) => {
    const account = await tx.account.findFirst({ where: { userId: user.id, providerId: "credential" } });
    const now = new Date();
    if (account) {
      await tx.account.update({ where: { id: account.id }, data: { password: hash, updatedAt: now } });
    } else {
      await tx.account.create({
        data: {
          id: randomBytes(16).toString("hex"),
          accountId: user.id,
          providerId: "credential",
          userId: user.id,
          password: hash,
          createdAt: now,
          updatedAt: now,
        },
      });
    }
    await tx.session.deleteMany({ where: { userId: user.id } });
    await writeAudit(tx, operator, "user.set-password", `user:${email}`, context);
  });
  return { email };
}
