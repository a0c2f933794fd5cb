// When the database cannot be reached (stopped, restarting, the network gone), requests fail
// cleanly and say so: the API answers 503 with Retry-After, pages show "the database is
// unavailable" (app/error.tsx reads the digest below), and the next request tries again: the pg
// pool and the raw session reconnect by themselves. Pure: safe to import from a client component.

/** The digest a page error carries when the database was unreachable (Next.js keeps a digest). */
export const DATABASE_UNAVAILABLE = "kfunc-database-unavailable";

/** Seconds a client is asked to wait before trying again (the Retry-After header). */
export const RETRY_AFTER_SECONDS = 5;

export class DatabaseUnavailableError extends Error {
  readonly digest = DATABASE_UNAVAILABLE;
  constructor(cause: unknown) {
    super("The database is unavailable; try again shortly.", { cause });
    this.name = "DatabaseUnavailableError";
  }
}

// Socket errors (Node), SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server is
// shutting down, crashed or starting up), and Prisma's codes for an unreachable or closed server.
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017"]);
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123])$/;
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
const MESSAGES = [
  /Connection terminated/i,
  /Can't reach database server/i,
  /Server has closed the connection/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Cannot use a pool after calling end/i,
];

function matches(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const e = value as { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown };
  for (const code of [e.code, e.originalCode]) {
    if (typeof code !== "string") continue;
    if (SOCKET_CODES.has(code) || PRISMA_CODES.has(code) || SQLSTATE.test(code)) return true;
  }
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  return typeof e.message === "string" && MESSAGES.some((m) => m.test(e.message as string));
}

/** Whether an error (or anything it wraps) says the database could not be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const value = queue.shift();
    if (typeof value !== "object" || value === null || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof DatabaseUnavailableError || matches(value)) return true;
    const e = value as { cause?: unknown; meta?: { driverAdapterError?: unknown }; errors?: unknown };
    queue.push(e.cause, e.meta?.driverAdapterError, e.meta);
    if (Array.isArray(e.errors)) queue.push(...e.errors); // AggregateError (connect to ::1 and 127.0.0.1)
  }
  return false;
}
