import { z } from "zod";
import { checkJsonRequestSchema, checkMultipartRequestSchema, checkResponseSchema } from "../check/schemas";
import {
  emptyQuery,
  eventListQuery,
  kfuncListQuery,
  kfuncPath,
  releaseChangesPath,
  releaseChangesQuery,
  releaseHeaderPath,
  releaseHeaderQuery,
} from "./params";
import {
  eventListSchema,
  kfuncDetailSchema,
  kfuncListSchema,
  releaseChangesSchema,
  releaseListSchema,
} from "./schemas";

// Every public read route, described once: the OpenAPI document and the /api-docs page are built
// from this list, and the route handlers validate with the very schemas named here.

export const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";

export const openApiDocumentSchema = z
  .looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "OpenApiDocument", description: "This document." });

const atomFeed = z.string().meta({ description: "An Atom 1.0 feed (RFC 4287)." });

export interface Endpoint {
  /** OpenAPI path template. */
  path: string;
  operationId: string;
  tag: "kfuncs" | "releases" | "events" | "check" | "feeds" | "meta";
  /** GET unless said otherwise. */
  method?: "get" | "post";
  /** A POST's body, by content type. */
  requestBody?: { description: string; content: Record<string, z.ZodType> };
  summary: string;
  description: string;
  pathParams?: z.ZodObject;
  query: z.ZodObject;
  response: { schema: z.ZodType; contentType: string; description: string };
  /** Error statuses besides 500 that the route can answer. */
  errors: (400 | 404)[];
  /** Example request paths (relative to the server); for a POST, example commands. */
  examples: string[];
}

export const ENDPOINTS: readonly Endpoint[] = [
  {
    path: "/api/v1/kfuncs",
    operationId: "listKfuncs",
    tag: "kfuncs",
    summary: "List kfuncs",
    description:
      "The catalog, filtered, sorted and paginated as on the /kfuncs page. Filters combine with AND. " +
      "A release filter must name an ingested release.",
    query: kfuncListQuery,
    response: {
      schema: kfuncListSchema,
      contentType: "application/json",
      description: "One page of kfuncs.",
    },
    errors: [400],
    examples: ["/api/v1/kfuncs?q=cpumask", "/api/v1/kfuncs?state=removed&sort=lastSeen.desc&pageSize=100"],
  },
  {
    path: "/api/v1/kfuncs/{name}",
    operationId: "getKfunc",
    tag: "kfuncs",
    summary: "One kfunc",
    description: "A kfunc with its presence in each ingested release and its lifecycle history.",
    pathParams: kfuncPath,
    query: emptyQuery,
    response: { schema: kfuncDetailSchema, contentType: "application/json", description: "The kfunc." },
    errors: [400, 404],
    examples: ["/api/v1/kfuncs/bpf_task_acquire"],
  },
  {
    path: "/api/v1/releases",
    operationId: "listReleases",
    tag: "releases",
    summary: "List releases",
    description:
      "Every kernel release the catalog knows, oldest first, whether it was ingested and the " +
      "provenance of its newest ingestion.",
    query: emptyQuery,
    response: { schema: releaseListSchema, contentType: "application/json", description: "All releases." },
    errors: [400],
    examples: ["/api/v1/releases"],
  },
  {
    path: "/api/v1/releases/{tag}/changes",
    operationId: "getReleaseChanges",
    tag: "releases",
    summary: "What changed in a release",
    description:
      "kfuncs added, removed and changed (prototype, flags, program types) in an ingested release, " +
      "against the previous ingested release or the one named by vs. Flags and program types are " +
      "not compared when either side is a BTF ingestion, which does not record them.",
    pathParams: releaseChangesPath,
    query: releaseChangesQuery,
    response: { schema: releaseChangesSchema, contentType: "application/json", description: "The changes." },
    errors: [400, 404],
    examples: ["/api/v1/releases/v6.12/changes", "/api/v1/releases/v6.12/changes?vs=v6.1"],
  },
  {
    path: "/api/v1/releases/{tag}/header",
    operationId: "getReleaseHeader",
    tag: "releases",
    summary: "C header of a release's kfuncs",
    description:
      "`extern … __ksym __weak;` declarations of every kfunc present (or inferred) in the release, each " +
      "with a comment giving its state, flags, program types, module and, if deprecated, its replacement " +
      "and removal release. Compile a program against exactly what a release offers.",
    pathParams: releaseHeaderPath,
    query: releaseHeaderQuery,
    response: { schema: z.string(), contentType: "text/x-c; charset=utf-8", description: "A C header." },
    errors: [400, 404],
    examples: ["/api/v1/releases/v7.3/header", "/api/v1/releases/v6.12/header?state=unstable,stable"],
  },
  {
    path: "/api/v1/check",
    method: "post",
    operationId: "checkPortability",
    tag: "check",
    summary: "Check a BPF program (or a kernel)",
    description:
      "Send kfunc names or C source as JSON, or upload a BPF object, C source or a kernel's BTF as " +
      "multipart/form-data (field file, at most 16 MiB). For a program: each kfunc it references with " +
      "its presence, state, prototype fit and program-type fit in every release the catalog covers, " +
      "and the releases it loads on, judged against a target (release, or min and later; default the " +
      "newest). For a kernel's BTF: the catalog kfuncs it has and lacks against the release it claims " +
      "(release) or the nearest ingested one. Nothing sent is stored.",
    requestBody: {
      description: "JSON names or source, or a multipart upload.",
      content: {
        "application/json": checkJsonRequestSchema,
        "multipart/form-data": checkMultipartRequestSchema,
      },
    },
    query: emptyQuery,
    response: { schema: checkResponseSchema, contentType: "application/json", description: "The report." },
    errors: [400],
    examples: [
      `curl -s -H 'content-type: application/json' -d '{"names":["bpf_task_acquire","scx_bpf_dispatch"],"min":"v6.12"}' /api/v1/check`,
      "curl -s -F file=@prog.bpf.o -F release=v6.12 /api/v1/check",
      "curl -s -F file=@/sys/kernel/btf/vmlinux /api/v1/check",
    ],
  },
  {
    path: "/api/v1/events",
    operationId: "listEvents",
    tag: "events",
    summary: "List lifecycle events",
    description:
      "Lifecycle events of every kfunc, newest first (by when they were recorded, then id). Retracted " +
      "events are left out. A kfunc filter must name a known kfunc (404 otherwise).",
    query: eventListQuery,
    response: {
      schema: eventListSchema,
      contentType: "application/json",
      description: "One page of events.",
    },
    errors: [400, 404],
    examples: ["/api/v1/events?kind=REMOVED", "/api/v1/events?kfunc=bbr_main&since=2024-01-01"],
  },
  {
    path: "/api/openapi.json",
    operationId: "getOpenApiDocument",
    tag: "meta",
    summary: "This API description",
    description: "The OpenAPI 3.1 document, generated from the schemas the API validates with.",
    query: emptyQuery,
    response: {
      schema: openApiDocumentSchema,
      contentType: "application/json",
      description: "An OpenAPI 3.1 document.",
    },
    errors: [400],
    examples: ["/api/openapi.json"],
  },
  {
    path: "/feeds/events.atom",
    operationId: "getEventsFeed",
    tag: "feeds",
    summary: "Atom feed of all lifecycle events",
    description: "The latest 100 lifecycle events of every kfunc, newest first.",
    query: z.object({}),
    response: { schema: atomFeed, contentType: ATOM_CONTENT_TYPE, description: "An Atom feed." },
    errors: [],
    examples: ["/feeds/events.atom"],
  },
  {
    path: "/feeds/queue.atom",
    operationId: "getQueueFeed",
    tag: "feeds",
    summary: "Atom feed of the maintainers' queue",
    description:
      "What maintainers act on, newest first (latest 100): open proposals, decisions on proposals, " +
      "deprecations and policy violations (with their acknowledgement, once there is one). The /queue " +
      "page shows the same queue.",
    query: z.object({}),
    response: { schema: atomFeed, contentType: ATOM_CONTENT_TYPE, description: "An Atom feed." },
    errors: [],
    examples: ["/feeds/queue.atom"],
  },
  {
    path: "/feeds/kfuncs/{name}.atom",
    operationId: "getKfuncFeed",
    tag: "feeds",
    summary: "Atom feed of one kfunc's events",
    description: "The lifecycle events of one kfunc (latest 100), newest first.",
    pathParams: kfuncPath,
    query: z.object({}),
    response: { schema: atomFeed, contentType: ATOM_CONTENT_TYPE, description: "An Atom feed." },
    errors: [404],
    examples: ["/feeds/kfuncs/bpf_task_acquire.atom"],
  },
];
