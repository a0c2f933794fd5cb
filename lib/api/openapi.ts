import { z } from "zod";
import { PERMISSIONS, type Permission } from "../governance/roles";
import { ENDPOINTS, type Endpoint, type ErrorStatus } from "./endpoints";
import { CACHE_CONTROL } from "./http";
import { errorSchema } from "./schemas";

// The OpenAPI 3.1 document, generated from the zod schemas the routes validate with (parameters)
// and answer with (responses). Nothing here restates a field by hand. Pure: no database.

export type JsonSchema = { [key: string]: unknown };

export interface OpenApiParameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  parameters: OpenApiParameter[];
  requestBody?: { required: boolean; description: string; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; headers?: JsonSchema; content?: JsonSchema }>;
  /**
   * Who may call it: an API token carrying the scope, or a session of a role that allows it (the
   * role names are listed, as OpenAPI 3.1 allows for schemes other than OAuth). Absent: anyone.
   */
  security?: Partial<Record<SecurityScheme, string[]>>[];
  /** The permission the route handler requires (its `.requires`). */
  "x-requires"?: Permission;
  /** Example request paths (GET), or example commands (POST). */
  "x-examples": string[];
}

export type SecurityScheme = "bearerAuth" | "cookieAuth";

export type HttpMethod = "get" | "post";

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<SecurityScheme, JsonSchema> };
};

/** How a caller proves who it is; each operation that needs it says which permission. */
export const SECURITY_SCHEMES: Record<SecurityScheme, JsonSchema> = {
  bearerAuth: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "kfc_…",
    description:
      "An API token (`Authorization: Bearer kfc_…`), made by an admin with `kfunc tokens create` or on " +
      "/admin and shown once. It acts for its account: the operation's scope must be among the token's, " +
      "and the account's role must allow it too. Rate-limited per token (429).",
  },
  cookieAuth: {
    type: "apiKey",
    in: "cookie",
    name: "better-auth.session_token",
    description:
      "The session of an account signed in to the web app (httpOnly, SameSite=Lax). A request carrying it " +
      "must come with the site's own Origin header, or it is refused with 403.",
  },
};

export const API_VERSION = "1.0.0";
const COMPONENT_PREFIX = "#/components/schemas/";

/** Rewrites zod's local "#/$defs/X" references to OpenAPI component references. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === "object") {
    const out: JsonSchema = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] =
        key === "$ref" && typeof v === "string" && v.startsWith("#/$defs/")
          ? COMPONENT_PREFIX + v.slice("#/$defs/".length)
          : rewriteRefs(v);
    }
    return out;
  }
  return value;
}

/** A JSON Schema for `schema`; named sub-schemas (zod `id` metadata) go to `components`. */
function toSchema(schema: z.ZodType, io: "input" | "output", components: Record<string, JsonSchema>) {
  const {
    $schema: _,
    $defs,
    ...root
  } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema & {
    $defs?: Record<string, JsonSchema>;
  };
  for (const [id, def] of Object.entries($defs ?? {})) {
    const rewritten = rewriteRefs(def) as JsonSchema;
    const existing = components[id];
    if (existing && JSON.stringify(existing) !== JSON.stringify(rewritten)) {
      throw new Error(`Two different schemas are both named ${id}`);
    }
    components[id] = rewritten;
  }
  return rewriteRefs(root) as JsonSchema;
}

/** One OpenAPI parameter per property of a zod object schema (path or query). */
function parametersOf(
  object: z.ZodObject | undefined,
  location: "path" | "query",
  components: Record<string, JsonSchema>,
): OpenApiParameter[] {
  if (!object) return [];
  const json = toSchema(object, "input", components) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...schema } = property;
    return {
      name,
      in: location,
      required: location === "path" || (json.required ?? []).includes(name),
      ...(typeof description === "string" ? { description } : {}),
      schema,
    };
  });
}

/** Every operation of the document, in order, with its path and method. */
export function operationsOf(
  doc: OpenApiDocument,
): { path: string; method: HttpMethod; operation: OpenApiOperation }[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    (Object.entries(methods) as [HttpMethod, OpenApiOperation][]).map(([method, operation]) => ({
      path,
      method,
      operation,
    })),
  );
}

const ERROR_DESCRIPTIONS: Record<ErrorStatus | 500, string> = {
  400: "Bad parameters: each one is named in error.issues.",
  401: "No session and no API token, or a token that is malformed, revoked or expired.",
  403: "The role, or the token's scopes, lack the permission; or a session cookie came from another origin.",
  404: "No such kfunc, release, proposal or violation.",
  409: "Refused by the current state: error.message says what stands in the way.",
  413: "The body is over the route's limit.",
  429: "Too many requests with this API token: slow down.",
  500: "The server failed; no details are given.",
};

function operationOf(endpoint: Endpoint, components: Record<string, JsonSchema>): OpenApiOperation {
  const errorRef = { $ref: `${COMPONENT_PREFIX}Error` };
  const content = {
    [endpoint.response.contentType]: { schema: toSchema(endpoint.response.schema, "output", components) },
  };
  const responses: OpenApiOperation["responses"] = endpoint.requires
    ? { [endpoint.response.status ?? 200]: { description: endpoint.response.description, content } }
    : endpoint.method === "post"
      ? {
          200: {
            description: endpoint.response.description,
            headers: { "Cache-Control": { schema: { type: "string", const: "no-store" } } },
            content,
          },
        }
      : {
          200: {
            description: endpoint.response.description,
            headers: {
              ETag: { description: "Strong validator: the sha256 of the body.", schema: { type: "string" } },
              "Cache-Control": { schema: { type: "string", const: CACHE_CONTROL } },
            },
            content,
          },
          304: { description: "Not modified: If-None-Match matched the ETag. No body." },
        };
  for (const status of [...endpoint.errors, 500] as const) {
    responses[status] = {
      description: ERROR_DESCRIPTIONS[status],
      content: { "application/json": { schema: errorRef } },
    };
  }
  return {
    operationId: endpoint.operationId,
    tags: [endpoint.tag],
    summary: endpoint.summary,
    description: endpoint.description,
    parameters: [
      ...parametersOf(endpoint.pathParams, "path", components),
      ...parametersOf(endpoint.query, "query", components),
    ],
    ...(endpoint.requestBody
      ? {
          requestBody: {
            required: true,
            description: endpoint.requestBody.description,
            content: Object.fromEntries(
              Object.entries(endpoint.requestBody.content).map(([type, schema]) => [
                type,
                { schema: toSchema(schema, "input", components) },
              ]),
            ),
          },
        }
      : {}),
    responses,
    ...(endpoint.requires
      ? {
          security: [
            { bearerAuth: [endpoint.requires] },
            { cookieAuth: [...PERMISSIONS[endpoint.requires]] },
          ],
          "x-requires": endpoint.requires,
        }
      : {}),
    "x-examples": endpoint.examples,
  };
}

/** @param origin the server's origin ("http://host:port"); the document is relative to "/" without it. */
export function buildOpenApiDocument(origin?: string): OpenApiDocument {
  const components: Record<string, JsonSchema> = {};
  toSchema(errorSchema, "output", components);
  const paths: OpenApiDocument["paths"] = {};
  for (const endpoint of ENDPOINTS) {
    paths[endpoint.path] = {
      ...paths[endpoint.path],
      [endpoint.method ?? "get"]: operationOf(endpoint, components),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "kfunc catalog API",
      version: API_VERSION,
      description:
        "The catalog of Linux BPF kfuncs: which kfunc exists in which ingested kernel release, and " +
        "its lifecycle state (unstable, stable, deprecated, removed) with its history; and the " +
        "portability check of a BPF program or a kernel against it. Every GET answer carries a " +
        `strong ETag and Cache-Control: ${CACHE_CONTROL}; send If-None-Match to get 304. Unknown or ` +
        "malformed parameters are refused with 400. Reading needs no account; every write needs one: " +
        "a session cookie from the web app, or an API token (`Authorization: Bearer kfc_…`) whose scopes " +
        "include what the operation requires (see each operation's security).",
    },
    servers: [{ url: origin ?? "/" }],
    tags: [
      { name: "kfuncs", description: "The catalog and single kfuncs." },
      { name: "releases", description: "Kernel releases and what changed in each." },
      { name: "events", description: "Lifecycle history across all kfuncs." },
      {
        name: "check",
        description: "Portability: will a BPF program load on which kernel; what a kernel offers.",
      },
      {
        name: "proposals",
        description:
          "Governance: proposals to promote or deprecate a kfunc, decisions, comments, the projects that " +
          "depend on a kfunc, acknowledged policy violations. Each needs an account.",
      },
      { name: "ingest", description: "Writing a kernel release's data: automation with an ingest token." },
      { name: "feeds", description: "Atom feeds of lifecycle events and of the maintainers' queue." },
      { name: "meta", description: "This description." },
    ],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}
