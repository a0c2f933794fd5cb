// Accounts, sessions and API tokens, through better-auth (email and password here; see the README
// for the OAuth providers a deployment with internet access can add). One instance per database
// handle, built on first use so that `next build` never opens the database.
//
// - Passwords: better-auth's scrypt (memory-hard). Sessions: httpOnly, SameSite=Lax cookies, kept
//   in the database (auth_session), so any app process can read them.
// - Rate limits on sign-in and sign-up, stored in the database. The client address comes from a
//   forwarding header only when KFUNC_TRUSTED_PROXIES names the proxies that set it; otherwise
//   every client shares one bucket per path, because a header any client can send proves nothing.
// - API tokens: the api-key plugin. Stored hashed, shown once, scoped (lib/governance/roles.ts),
//   revocable, with a last-used time and a per-token rate limit. Its HTTP endpoints are switched
//   off: tokens are made by admins through the CLI or /admin, never by a request that names its
//   own scopes.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { apiKey } from "@better-auth/api-key";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { projectRoot } from "../db/env";
import type { PrismaClient } from "../generated/prisma/client";

export const TOKEN_PREFIX = "kfc_";

const API_KEY_PATHS = [
  "/api-key/create",
  "/api-key/update",
  "/api-key/delete",
  "/api-key/list",
  "/api-key/get",
  "/api-key/verify",
  "/api-key/delete-all-expired-api-keys",
];

/** Sign-in attempts allowed per client (or per shared bucket) and minute. */
export const SIGN_IN_LIMIT = { window: 60, max: 10 } as const;
/** Requests one API token may make per minute. */
export const TOKEN_LIMIT = { timeWindow: 60_000, maxRequests: 120 } as const;

/**
 * The signing secret: BETTER_AUTH_SECRET, else one generated on first use and kept beside the
 * embedded database (.data/auth-secret, mode 600). Several app processes must share it: set the
 * variable for them.
 */
export function authSecret(source: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = source.BETTER_AUTH_SECRET?.trim();
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error("BETTER_AUTH_SECRET must be at least 32 characters long");
    return fromEnv;
  }
  const file = path.join(projectRoot(source), ".data", "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return secret;
}

function ipOptions(source: NodeJS.ProcessEnv) {
  const proxies = (source.KFUNC_TRUSTED_PROXIES ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (proxies.length) return { ipAddressHeaders: ["x-forwarded-for"], trustedProxies: proxies };
  // A header name no client can know: no address is found, and all share one bucket.
  return { ipAddressHeaders: [`x-kfunc-unset-${randomBytes(9).toString("hex")}`] };
}

/**
 * BETTER_AUTH_URL for a deployment (https://catalog.example.org). Without it, the host the client
 * used, when it is one of KFUNC_ALLOWED_HOSTS (default: this machine's loopback names, any port).
 */
function baseURL(source: NodeJS.ProcessEnv) {
  const fixed = source.BETTER_AUTH_URL?.trim();
  if (fixed) return fixed;
  const hosts = (source.KFUNC_ALLOWED_HOSTS ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  // The fallback serves server-side calls that come with no request (the CLI adding an account).
  if (hosts.length) return { allowedHosts: hosts, fallback: `https://${hosts[0]}` };
  return {
    allowedHosts: ["localhost", "localhost:*", "127.0.0.1", "127.0.0.1:*", "[::1]", "[::1]:*"],
    protocol: "http" as const,
    fallback: "http://127.0.0.1",
  };
}

export interface AuthOptions {
  /** Server actions set cookies through Next (the web server); the CLI has no Next. */
  nextCookies?: boolean;
}

export function createAuth(
  prisma: PrismaClient,
  source: NodeJS.ProcessEnv = process.env,
  options: AuthOptions = { nextCookies: true },
) {
  const origins = (source.KFUNC_TRUSTED_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  return betterAuth({
    appName: "kfunc catalog",
    secret: authSecret(source),
    baseURL: baseURL(source),
    trustedOrigins: origins.length ? origins : undefined,
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    telemetry: { enabled: false },
    emailAndPassword: { enabled: true, minPasswordLength: 10, maxPasswordLength: 256 },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "contributor", input: false },
      },
      deleteUser: { enabled: false },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: source.KFUNC_RATE_LIMIT !== "off",
      storage: "database",
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/email": SIGN_IN_LIMIT,
        "/sign-up/email": SIGN_IN_LIMIT,
        "/change-password": SIGN_IN_LIMIT,
        // Every page asks who is signed in (the account menu); without a trusted client address
        // all visitors share one bucket, so a limit here would lock everyone out of their session.
        "/get-session": false,
        "/sign-out": false,
      },
    },
    advanced: {
      ipAddress: ipOptions(source),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      useSecureCookies: source.BETTER_AUTH_URL?.startsWith("https://") ?? false,
    },
    disabledPaths: API_KEY_PATHS,
    plugins: [
      apiKey({
        defaultPrefix: TOKEN_PREFIX,
        apiKeyHeaders: ["x-api-key"],
        rateLimit: { enabled: true, ...TOKEN_LIMIT },
        enableMetadata: false,
        keyExpiration: { defaultExpiresIn: null },
      }),
      // Last: lets server actions set the session cookie.
      ...(options.nextCookies ? [nextCookies()] : []),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const cache = new WeakMap<PrismaClient, Auth>();

export function authFor(prisma: PrismaClient): Auth {
  let auth = cache.get(prisma);
  if (!auth) {
    auth = createAuth(prisma);
    cache.set(prisma, auth);
  }
  return auth;
}
