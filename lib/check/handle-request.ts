import "server-only";
import { BadRequestError, parseQuery } from "../api/http";
import { emptyQuery } from "../api/params";
import { getPrisma } from "../db/client";
import { CheckInputError } from "./check-error";
import { loadCheckFacts } from "./facts";
import { MAX_UPLOAD_BYTES, readUpload } from "./inputs";
import { probeKernel } from "./probe";
import type { Target } from "./report";
import { runCheck } from "./run-check";
import { namesAsReferences, parseKfuncNames, scanKsymDeclarations } from "./scan-text";
import { type CheckResponse, checkJsonRequestSchema } from "./schemas";

// POST /api/v1/check and the /check page: a request in (JSON names or source, or a multipart
// upload of an object, source or BTF), a report out. Nothing uploaded is stored: the bytes live in
// this request only. Every bad input is a BadRequestError that names it.

export async function handleCheckRequest(request: Request): Promise<CheckResponse> {
  // Everything is in the body: a query parameter is refused, as on every other route.
  parseQuery(request, emptyQuery);
  const type = request.headers.get("content-type") ?? "";
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > BODY_LIMIT) {
    throw bad(
      "file",
      `the request is ${declared} bytes; uploads are limited to ${MAX_UPLOAD_BYTES} bytes (16 MiB)`,
    );
  }
  try {
    if (type.startsWith("multipart/form-data") || type.startsWith("application/json")) {
      // Read at most the limit, whatever Content-Length says (a chunked body has none).
      const bytes = await readCapped(request);
      if (type.startsWith("multipart/") && multipartParts(bytes, type) > MAX_PARTS) {
        throw bad("body", `more than ${MAX_PARTS} parts; the form has three fields: file, release and min`);
      }
      const body = new Response(bytes, { headers: { "content-type": type } });
      return type.startsWith("multipart/") ? await fromMultipart(body) : await fromJson(body);
    }
  } catch (error) {
    if (error instanceof CheckInputError) throw bad(error.field, error.message);
    throw error;
  }
  throw bad("body", "send application/json ({ names } or { source }) or multipart/form-data with a file");
}

const BODY_LIMIT = MAX_UPLOAD_BYTES + 64 * 1024;

/**
 * Parts a multipart body may have: the form has three fields, and a few more still get a message
 * naming the unknown field. 16 MiB of tiny parts (260,000 of them) took the parser over a second
 * of the server's one thread, so they are counted, up to the limit, before anything is parsed.
 */
export const MAX_PARTS = 8;

/** How many parts a multipart body has (at most MAX_PARTS + 1): its boundary delimiters, less the last. */
function multipartParts(body: Uint8Array, type: string): number {
  const boundary = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(type);
  if (!boundary) return 0;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  let delimiters = 0;
  for (let at = bytes.indexOf(delimiter); at !== -1 && delimiters <= MAX_PARTS + 1; delimiters++) {
    at = bytes.indexOf(delimiter, at + delimiter.length);
  }
  return Math.max(0, delimiters - 1);
}

async function readCapped(request: Request): Promise<Uint8Array<ArrayBuffer>> {
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > BODY_LIMIT) {
      await reader.cancel();
      throw bad(
        "file",
        `the request is over ${BODY_LIMIT} bytes; uploads are limited to ${MAX_UPLOAD_BYTES} bytes (16 MiB)`,
      );
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

async function fromJson(request: Response): Promise<CheckResponse> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw bad("body", "the body is not valid JSON");
  }
  const parsed = checkJsonRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      param: i.path.join(".") || "body",
      message: i.message,
    }));
    throw new BadRequestError(
      `Bad body: ${issues.map((i) => `${i.param} (${i.message})`).join("; ")}.`,
      issues,
    );
  }
  const { names, source, release, min } = parsed.data;
  if ((names === undefined) === (source === undefined))
    throw bad("body", "give exactly one of names or source");
  const target = targetOf(release, min);
  const prisma = await getPrisma();
  if (source !== undefined) {
    const references = scanKsymDeclarations(source);
    return {
      type: "program",
      report: await runCheck(prisma, { kind: "source", label: "pasted source", references, target }),
    };
  }
  const list = parseKfuncNames(Array.isArray(names) ? names.join(" ") : (names ?? ""));
  return {
    type: "program",
    report: await runCheck(prisma, {
      kind: "names",
      label: list.join(", "),
      references: namesAsReferences(list),
      target,
    }),
  };
}

async function fromMultipart(request: Response): Promise<CheckResponse> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw bad("body", "the multipart body could not be read");
  }
  const unknown = [...new Set(form.keys())].filter((k) => !["file", "release", "min"].includes(k));
  if (unknown.length) throw bad(unknown[0] as string, "unknown field");
  const files = form.getAll("file");
  if (files.length !== 1) throw bad("file", files.length ? "send one file at a time" : "no file sent");
  const file = files[0];
  if (!(file instanceof File)) throw bad("file", "the file field must be a file upload");
  if (file.size > MAX_UPLOAD_BYTES) {
    throw bad("file", `${file.size} bytes; uploads are limited to ${MAX_UPLOAD_BYTES} bytes (16 MiB)`);
  }
  const release = textField(form, "release");
  const min = textField(form, "min");
  // Only the base name, for messages: a client's path is none of our business.
  const name = (file.name || "upload").split(/[\\/]/).pop()?.slice(0, 200) || "upload";
  const upload = readUpload(new Uint8Array(await file.arrayBuffer()), name);
  const prisma = await getPrisma();
  if (upload.kind === "btf") {
    if (min) throw bad("min", "a kernel's BTF is compared with one release: use release");
    const facts = await loadCheckFacts(prisma);
    return {
      type: "kernel",
      report: probeKernel({ label: name, vmlinux: upload.btf, modules: new Map() }, facts, release),
    };
  }
  const target = targetOf(release, min);
  if (upload.kind === "source") {
    return {
      type: "program",
      report: await runCheck(prisma, { kind: "source", label: name, references: upload.references, target }),
    };
  }
  return {
    type: "program",
    report: await runCheck(prisma, {
      kind: "object",
      label: name,
      references: upload.scan.kfuncs,
      programs: upload.scan.programs,
      target,
      withoutBtf: !upload.scan.hasBtf,
    }),
  };
}

function targetOf(release: string | undefined, min: string | undefined): Target {
  if (release && min) throw bad("min", "give release or min, not both");
  if (release) return { kind: "release", release };
  if (min) return { kind: "min", release: min };
  return { kind: "newest" };
}

function textField(form: FormData, name: string): string | undefined {
  const values = form.getAll(name);
  if (values.length > 1) throw bad(name, "given more than once");
  const value = values[0];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string" || value.length > 32) throw bad(name, "must be a release tag such as v6.12");
  return value;
}

function bad(param: string, message: string): BadRequestError {
  return new BadRequestError(`Bad parameter: ${param} (${message}).`, [{ param, message }]);
}
