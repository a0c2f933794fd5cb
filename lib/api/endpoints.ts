import { z } from "zod";
import { checkJsonRequestSchema, checkMultipartRequestSchema, checkResponseSchema } from "../check/schemas";
import {
  ackInput,
  commentInput,
  decisionInput,
  dependentInput,
  proposalInput,
} from "../governance/proposals";
import type { Permission } from "../governance/roles";
import { ingestRequestSchema } from "../ingest/snapshot-schema";
import {
  createdSchema,
  decisionCreatedSchema,
  INGEST_BODY_LIMIT,
  ingestSummarySchema,
  proposalCreatedSchema,
  proposalWithdrawnSchema,
} from "./mutation-schemas";
import {
  emptyQuery,
  eventListQuery,
  kfuncListQuery,
  kfuncPath,
  proposalPath,
  releaseChangesPath,
  releaseChangesQuery,
  releaseHeaderPath,
  releaseHeaderQuery,
  violationPath,
} from "./params";
import {
  eventListSchema,
  kfuncDetailSchema,
  kfuncListSchema,
  releaseChangesSchema,
  releaseListSchema,
} from "./schemas";

// Every API route, described once: the OpenAPI document and the /api-docs page are built from this
// list, and the route handlers validate with the very schemas named here. A route that changes
// something names the permission its handler requires (mutationHandler's `.requires`), which the
// document turns into its security requirement.

export const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";

export const openApiDocumentSchema = z
  .looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "OpenApiDocument", description: "This document." });

const atomFeed = z.string().meta({ description: "An Atom 1.0 feed (RFC 4287)." });

/** The statuses an endpoint can answer besides its success and 500. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429;

export interface Endpoint {
  /** OpenAPI path template. */
  path: string;
  operationId: string;
  tag: "kfuncs" | "releases" | "events" | "check" | "proposals" | "ingest" | "feeds" | "meta";
  /** GET unless said otherwise. */
  method?: "get" | "post";
  /** A POST's body, by content type. */
  requestBody?: { description: string; content: Record<string, z.ZodType> };
  summary: string;
  description: string;
  pathParams?: z.ZodObject;
  query: z.ZodObject;
  response: { schema: z.ZodType; contentType: string; description: string; status?: 200 | 201 };
  /**
   * What the caller must be allowed to do: the route handler's `requires`. A signed-in account
   * whose role allows it, or an API token carrying it as a scope. Absent: anyone may call it.
   */
  requires?: Permission;
  /** Error statuses besides 500 that the route can answer. */
  errors: ErrorStatus[];
  /** Example request paths (relative to the server); for a POST, example commands. */
  examples: string[];
}

// The request bodies of the governance routes: the governance module's own input schemas, less
// what the path names.
const proposalBody = proposalInput.meta({ id: "ProposalRequest", description: "A proposal to file." });
const decisionBody = decisionInput
  .omit({ proposalId: true })
  .meta({ id: "DecisionRequest", description: "The decision and its reason." });
const commentBody = commentInput.omit({ proposalId: true }).meta({ id: "CommentRequest" });
const dependentBody = dependentInput
  .omit({ kfunc: true })
  .meta({ id: "DependentRequest", description: "A project that depends on the kfunc." });
const ackBody = ackInput
  .omit({ eventId: true })
  .meta({ id: "AcknowledgementRequest", description: "What was done about the violation." });

const json = (schema: z.ZodType) => ({ "application/json": schema });
const bearer = `-H "Authorization: Bearer $KFUNC_API_TOKEN" -H 'content-type: application/json'`;
/** The statuses every route behind an account can answer. */
const WRITE_ERRORS = [401, 403, 429] as const;

const GOVERNANCE_ENDPOINTS: readonly Endpoint[] = [
  {
    path: "/api/v1/proposals",
    method: "post",
    operationId: "fileProposal",
    tag: "proposals",
    summary: "File a proposal",
    description:
      "Propose to promote a kfunc to stable, deprecate it (replacement, earliest removal release), withdraw " +
      "its deprecation, or record its removal, with a rationale and evidence links. The lifecycle rules " +
      "are checked now: a proposal they forbid (promoting a removed kfunc, removing a stable kfunc without " +
      "a deprecation) is refused with 400 saying why; a second open proposal of the same kind is a 409.",
    requestBody: { description: "The proposal.", content: json(proposalBody) },
    query: emptyQuery,
    response: {
      schema: proposalCreatedSchema,
      contentType: "application/json",
      description: "The proposal, filed and open.",
      status: 201,
    },
    requires: "propose",
    errors: [400, ...WRITE_ERRORS, 404, 409, 413],
    examples: [
      `curl -s ${bearer} -d '{"kfunc":"bpf_task_acquire","kind":"PROMOTE","rationale":"Used by two schedulers in production.","evidence":["https://example.org/scheduler"]}' /api/v1/proposals`,
    ],
  },
  {
    path: "/api/v1/proposals/{id}/decision",
    method: "post",
    operationId: "decideProposal",
    tag: "proposals",
    summary: "Approve or reject a proposal",
    description:
      "A maintainer's decision, with its reason. An approval changes the kfunc's state through the lifecycle " +
      "rules and writes one DECISION event; a proposal the rules no longer allow cannot be approved (409, " +
      "saying why). Of two maintainers deciding at once, one is recorded and the other gets a 409.",
    pathParams: proposalPath,
    requestBody: { description: "The decision.", content: json(decisionBody) },
    query: emptyQuery,
    response: {
      schema: decisionCreatedSchema,
      contentType: "application/json",
      description: "The decision recorded.",
      status: 201,
    },
    requires: "decide",
    errors: [400, ...WRITE_ERRORS, 404, 409, 413],
    examples: [
      `curl -s ${bearer} -d '{"outcome":"APPROVED","reason":"The evidence holds."}' /api/v1/proposals/1/decision`,
    ],
  },
  {
    path: "/api/v1/proposals/{id}/comments",
    method: "post",
    operationId: "commentOnProposal",
    tag: "proposals",
    summary: "Comment on a proposal",
    description: "A comment on a proposal, open or closed.",
    pathParams: proposalPath,
    requestBody: { description: "The comment.", content: json(commentBody) },
    query: emptyQuery,
    response: {
      schema: createdSchema,
      contentType: "application/json",
      description: "The comment.",
      status: 201,
    },
    requires: "propose",
    errors: [400, ...WRITE_ERRORS, 404, 413],
    examples: [`curl -s ${bearer} -d '{"body":"We use it too."}' /api/v1/proposals/1/comments`],
  },
  {
    path: "/api/v1/proposals/{id}/withdraw",
    method: "post",
    operationId: "withdrawProposal",
    tag: "proposals",
    summary: "Withdraw a proposal",
    description: "Its author (or a maintainer) withdraws an open proposal. No body.",
    pathParams: proposalPath,
    query: emptyQuery,
    response: { schema: proposalWithdrawnSchema, contentType: "application/json", description: "Withdrawn." },
    requires: "propose",
    errors: [...WRITE_ERRORS, 404, 409],
    examples: [`curl -s -X POST -H "Authorization: Bearer $KFUNC_API_TOKEN" /api/v1/proposals/1/withdraw`],
  },
  {
    path: "/api/v1/kfuncs/{name}/dependents",
    method: "post",
    operationId: "addDependent",
    tag: "proposals",
    summary: "Record a project that uses a kfunc",
    description:
      "Records that a project depends on the kfunc: the kfunc page and the maintainers' queue count them, " +
      "the blast radius of a deprecation.",
    pathParams: kfuncPath,
    requestBody: { description: "The project.", content: json(dependentBody) },
    query: emptyQuery,
    response: {
      schema: createdSchema,
      contentType: "application/json",
      description: "Recorded.",
      status: 201,
    },
    requires: "propose",
    errors: [400, ...WRITE_ERRORS, 404, 409, 413],
    examples: [
      `curl -s ${bearer} -d '{"project":"scx_rusty","url":"https://github.com/sched-ext/scx"}' /api/v1/kfuncs/bpf_task_acquire/dependents`,
    ],
  },
  {
    path: "/api/v1/violations/{id}/acknowledge",
    method: "post",
    operationId: "acknowledgeViolation",
    tag: "proposals",
    summary: "Acknowledge a policy violation",
    description: "A maintainer acknowledges a policy violation found by ingestion, with a note.",
    pathParams: violationPath,
    requestBody: { description: "The note.", content: json(ackBody) },
    query: emptyQuery,
    response: {
      schema: createdSchema,
      contentType: "application/json",
      description: "The acknowledgement.",
      status: 201,
    },
    requires: "decide",
    errors: [400, ...WRITE_ERRORS, 404, 409, 413],
    examples: [`curl -s ${bearer} -d '{"note":"Reported upstream."}' /api/v1/violations/42/acknowledge`],
  },
];

const INGEST_ENDPOINT: Endpoint = {
  path: "/api/v1/ingest",
  method: "post",
  operationId: "ingestRelease",
  tag: "ingest",
  summary: "Ingest a release snapshot",
  description:
    "Writes one release's kfuncs, as `kfunc ingest` does, in one transaction, and recomputes the " +
    "lifecycle events; the same data sent again changes nothing. The body is a snapshot as " +
    "data/releases/<tag>.json holds one (what `kfunc ingest --api URL --token TOKEN` sends), at most " +
    `${INGEST_BODY_LIMIT / 1024 / 1024} MiB. Data of another kind than the release holds (one build's ` +
    "BTF in place of a source tree, or the reverse), or from another kernel version, is refused with " +
    '409 unless `"replace": true`. An unknown release is a 404. Recorded in the audit log.',
  requestBody: { description: "The release snapshot.", content: json(ingestRequestSchema) },
  query: emptyQuery,
  response: {
    schema: ingestSummarySchema,
    contentType: "application/json",
    description: "What was written.",
  },
  requires: "ingest",
  errors: [400, ...WRITE_ERRORS, 404, 409, 413],
  examples: [
    `curl -s ${bearer} --data-binary @data/releases/v6.12.json /api/v1/ingest`,
    `kfunc ingest --release v7.1 --tree linux-7.1 --api http://127.0.0.1:3000   # token from KFUNC_API_TOKEN`,
  ],
};

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
  INGEST_ENDPOINT,
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
  ...GOVERNANCE_ENDPOINTS,
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
