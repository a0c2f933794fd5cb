import { readFileSync } from "node:fs";
import path from "node:path";
import { ingestSummarySchema } from "../lib/api/mutation-schemas";
import { type CheckResponse, checkResponseSchema } from "../lib/check/schemas";
import type { IngestSummary } from "../lib/ingest/ingest";
import type { ReleaseSnapshot } from "../lib/ingest/snapshot";

// `--api URL`: the same questions asked of a running catalog over HTTP (POST /api/v1/check,
// GET /api/v1/releases/{tag}/header) instead of the local database, and ingestion sent to it
// (POST /api/v1/ingest, with an API token).

/** The server answered, and refused: it says why, and it wrote nothing. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function apiBase(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--api '${value}' is not a URL (expected e.g. http://127.0.0.1:3000)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`--api '${value}' must be an http:// or https:// URL`);
  }
  return url;
}

export async function postCheck(
  base: URL,
  body: { file: string } | { names: string[] } | { source: string },
  target: { release?: string; min?: string },
): Promise<CheckResponse> {
  const url = new URL("/api/v1/check", base);
  let init: RequestInit;
  if ("file" in body) {
    const form = new FormData();
    form.set("file", new Blob([readFileSync(body.file)]), path.basename(body.file));
    if (target.release) form.set("release", target.release);
    if (target.min) form.set("min", target.min);
    init = { method: "POST", body: form };
  } else {
    init = {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...body, ...target }),
    };
  }
  const answer = await request(url, init);
  return checkResponseSchema.parse(await answer.json());
}

export async function postIngest(
  base: URL,
  token: string,
  body: ReleaseSnapshot & { replace: boolean },
): Promise<IngestSummary> {
  const answer = await request(new URL("/api/v1/ingest", base), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return ingestSummarySchema.parse(await answer.json());
}

export async function getText(base: URL, pathname: string): Promise<string> {
  return (await request(new URL(pathname, base), {})).text();
}

async function request(url: URL, init: RequestInit): Promise<Response> {
  let answer: Response;
  try {
    answer = await fetch(url, init);
  } catch (error) {
    throw new Error(`cannot reach ${url.origin}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  if (answer.ok) return answer;
  const text = await answer.text();
  let message = text.slice(0, 500);
  try {
    message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
  } catch {
    // Not JSON: the text itself.
  }
  throw new ApiError(answer.status, `${url.pathname} answered ${answer.status}: ${message}`);
}
