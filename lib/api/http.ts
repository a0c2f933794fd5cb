import { createHash } from "node:crypto";
import type { z } from "zod";
import { AuthError } from "../auth/errors";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "../db/unavailable";
import { GovernanceError } from "../governance/errors";
import type { ErrorBody } from "./schemas";

// HTTP plumbing shared by every read route: strict query parsing that names each bad parameter,
// cacheable answers with a strong ETag (and 304 on a match), and JSON errors that never carry a
// stack trace.

export const CACHE_CONTROL = "public, max-age=60";

export interface ParamIssue {
  param: string;
  message: string;
}

/** A request the client got wrong: answered 400 with one issue per bad parameter. */
export class BadRequestError extends Error {
  constructor(
    message: string,
    readonly issues: ParamIssue[],
  ) {
    super(message);
    this.name = "BadRequestError";
  }
}

/** A request body over the route's limit: answered 413. */
export class PayloadTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PayloadTooLargeError";
  }
}

/** A name in the path (or a filter) that the catalog does not know: answered 404. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotFoundError";
  }
}

/** One issue per parameter: the first thing wrong with it (a huge page is not also "unsafe"). */
function issuesOf(error: z.ZodError): ParamIssue[] {
  const issues: ParamIssue[] = [];
  const add = (issue: ParamIssue) => {
    if (!issues.some((i) => i.param === issue.param)) issues.push(issue);
  };
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add({ param: key, message: "unknown parameter" });
    } else {
      add({ param: issue.path.map(String).join(".") || "(query)", message: issue.message });
    }
  }
  return issues;
}

const describeIssues = (issues: ParamIssue[]) =>
  `Bad parameter${issues.length > 1 ? "s" : ""}: ${issues.map((i) => `${i.param} (${i.message})`).join("; ")}.`;

/**
 * Parses the query string with a strict schema. A parameter given twice, an unknown parameter or a
 * value that does not parse is a BadRequestError naming it.
 */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params = new URL(request.url).searchParams;
  // No prototype: `?constructor=1` or `?__proto__=1` is an unknown parameter, not one "given twice".
  const record: Record<string, string> = Object.create(null);
  const repeated: ParamIssue[] = [];
  for (const [key, value] of params) {
    if (key in record) {
      if (!repeated.some((i) => i.param === key))
        repeated.push({ param: key, message: "given more than once" });
    } else {
      record[key] = value;
    }
  }
  const parsed = schema.safeParse(record);
  const issues = [...repeated, ...(parsed.success ? [] : issuesOf(parsed.error))];
  if (issues.length || !parsed.success) throw new BadRequestError(describeIssues(issues), issues);
  return parsed.data;
}

/** Parses path parameters; anything that does not parse names nothing, so it is a 404. */
export function parsePath<S extends z.ZodType>(params: unknown, schema: S, notFound: string): z.output<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new NotFoundError(notFound);
  return parsed.data;
}

/** Strong validator: the sha256 of the exact bytes sent. */
export function strongEtag(body: string | Uint8Array): string {
  return `"${createHash("sha256").update(body).digest("base64url")}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/"x" matches "x". */
export function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === etag);
}

/** A cacheable 200, or a 304 with no body when the client already has these bytes. */
export function cacheableResponse(request: Request, body: string, contentType: string): Response {
  const etag = strongEtag(body);
  const headers = new Headers({ "Cache-Control": CACHE_CONTROL, ETag: etag });
  if (etagMatches(request.headers.get("if-none-match"), etag)) {
    return new Response(null, { status: 304, headers });
  }
  headers.set("Content-Type", contentType);
  return new Response(body, { status: 200, headers });
}

/** Parses the body through its documented schema (dropping anything undocumented) and sends it. */
export function jsonResponse<S extends z.ZodType>(request: Request, schema: S, body: z.input<S>): Response {
  const shaped = schema.parse(body);
  return cacheableResponse(request, JSON.stringify(shaped), "application/json; charset=utf-8");
}

function errorResponse(status: number, body: ErrorBody): Response {
  return Response.json(body, {
    status,
    headers: { "Cache-Control": "no-store", "Content-Type": "application/json; charset=utf-8" },
  });
}

export function errorToResponse(error: unknown): Response {
  if (error instanceof BadRequestError) {
    return errorResponse(400, {
      error: { code: "bad_request", message: error.message, issues: error.issues },
    });
  }
  if (error instanceof NotFoundError) {
    return errorResponse(404, { error: { code: "not_found", message: error.message } });
  }
  if (error instanceof AuthError) {
    const code = error.status === 401 ? "unauthorized" : error.status === 403 ? "forbidden" : "rate_limited";
    const response = errorResponse(error.status, { error: { code, message: error.message } });
    if (error.status === 401) response.headers.set("WWW-Authenticate", 'Bearer realm="kfunc catalog"');
    return response;
  }
  if (error instanceof GovernanceError) {
    const code = error.status === 400 ? "bad_request" : error.status === 404 ? "not_found" : "conflict";
    return errorResponse(error.status, { error: { code, message: error.message } });
  }
  if (error instanceof PayloadTooLargeError) {
    return errorResponse(413, { error: { code: "payload_too_large", message: error.message } });
  }
  if (isDatabaseUnavailable(error)) {
    // Nothing was read or written; the pool reconnects by itself once the server is back.
    console.error(`API request failed: the database is unavailable (${(error as Error).message})`);
    const response = errorResponse(503, {
      error: { code: "unavailable", message: "The database is unavailable; try again shortly." },
    });
    response.headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
    return response;
  }
  // The details go to the server log, never to the client.
  console.error("API request failed:", error);
  return errorResponse(500, {
    error: { code: "internal_error", message: "The server failed to answer this request." },
  });
}

export interface HandlerContext<P> {
  params: Promise<P>;
}

/** Wraps a route handler so that every thrown error becomes its JSON answer. */
export function apiHandler<P extends object = Record<string, never>>(
  handler: (request: Request, params: P) => Promise<Response>,
): (request: Request, context?: HandlerContext<P>) => Promise<Response> {
  return async (request, context) => {
    try {
      return await handler(request, ((await context?.params) ?? {}) as P);
    } catch (error) {
      return errorToResponse(error);
    }
  };
}

const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin the client used. Next.js fills x-forwarded-host and x-forwarded-proto from the Host
 * header and the connection (keeping a proxy's values); request.url alone names the address the
 * server listens on ("localhost"), which is not what the client asked for.
 */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const first = (name: string) => request.headers.get(name)?.split(",")[0]?.trim();
  const host = first("x-forwarded-host") ?? first("host");
  const proto = first("x-forwarded-proto");
  const protocol = proto === "http" || proto === "https" ? proto : url.protocol.replace(/:$/, "");
  return host && HOST.test(host) ? `${protocol}://${host}` : url.origin;
}

/** The absolute URL of `path` on the origin the client used. */
export function absoluteUrl(request: Request, path: string): string {
  return new URL(path, requestOrigin(request)).toString();
}

/** The request's own URL, on the origin the client used. */
export function selfUrl(request: Request): URL {
  const url = new URL(request.url);
  return new URL(`${url.pathname}${url.search}`, requestOrigin(request));
}
