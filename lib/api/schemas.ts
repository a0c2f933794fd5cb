import { z } from "zod";
import { EventOrigin, SourceKind } from "../generated/prisma/enums";
import { LIFECYCLE_STATES } from "../lifecycle/states";
import { EVENT_KINDS } from "./params";

// What the read API answers: one zod schema per response body. Handlers parse every body through
// its schema before sending it (so nothing undocumented leaks), and the OpenAPI document is
// generated from the same schemas. Each schema with an `id` becomes a named component.

const releaseTag = z.string().meta({ description: 'Release tag, e.g. "v6.12".' });
const isoDate = z.iso.date().meta({ description: "ISO 8601 date (YYYY-MM-DD)." });
const isoDateTime = z.iso.datetime().meta({ description: "ISO 8601 date-time in UTC." });
const nullable = <T extends z.ZodType>(schema: T, description: string) =>
  schema.nullable().meta({ description });

export const lifecycleStateSchema = z.enum(LIFECYCLE_STATES).meta({
  id: "LifecycleState",
  description: "unstable (default), stable (promised), deprecated (scheduled for removal), removed.",
});

export const eventKindSchema = z.enum(EVENT_KINDS).meta({ id: "EventKind", description: "What happened." });

const sourceKindSchema = z
  .enum(Object.values(SourceKind) as [SourceKind, ...SourceKind[]])
  .meta({ id: "SourceKind", description: "What an ingestion read: a source tree, tarball, git ref or BTF." });

const eventOriginSchema = z.enum(Object.values(EventOrigin) as [EventOrigin, ...EventOrigin[]]).meta({
  id: "EventOrigin",
  description: "INGEST: derived from kernel data; DOCUMENTED: an upstream fact; DECISION: a maintainer's.",
});

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum([
        "bad_request",
        "unauthorized",
        "forbidden",
        "not_found",
        "conflict",
        "payload_too_large",
        "rate_limited",
        "unavailable",
        "internal_error",
      ]),
      message: z.string(),
      issues: z
        .array(
          z.object({
            param: z.string().meta({ description: "The query or path parameter at fault." }),
            message: z.string(),
          }),
        )
        .optional()
        .meta({ description: "One entry per bad parameter (bad_request only)." }),
    }),
  })
  .meta({ id: "Error", description: "Every non-2xx answer." });

const listLinks = z
  .object({
    self: z.url(),
    next: nullable(z.url(), "The next page, or null on the last page."),
    prev: nullable(z.url(), "The previous page, or null on the first page."),
  })
  .meta({ id: "PageLinks" });

const pageFields = {
  page: z.int().min(1),
  pageSize: z.int().min(1),
  total: z.int().min(0).meta({ description: "Items matching the filters, over all pages." }),
  links: listLinks,
};

export const kfuncSummarySchema = z
  .object({
    name: z.string(),
    state: lifecycleStateSchema,
    subsystem: z.string().meta({ description: "Kernel source path of the definition, e.g. kernel/bpf." }),
    prototype: nullable(z.string(), "C prototype in the newest release where it is present."),
    flags: z.array(z.string()).meta({ description: "KF flags, without the KF_ prefix." }),
    progTypes: z
      .array(z.string())
      .meta({ description: "BPF program types it is registered for; UNSPEC means all." }),
    firstSeen: nullable(releaseTag, "Oldest ingested release where it is present."),
    lastSeen: nullable(releaseTag, "Newest ingested release where it is present."),
    url: z.url().meta({ description: "This kfunc in the API." }),
  })
  .meta({ id: "KfuncSummary" });

export const kfuncListSchema = z
  .object({ data: z.array(kfuncSummarySchema), ...pageFields })
  .meta({ id: "KfuncList" });

export const eventSchema = z
  .object({
    id: z.int().meta({ description: "Stable within one catalog database." }),
    kfunc: z.string(),
    kind: eventKindSchema,
    origin: eventOriginSchema,
    fromState: nullable(lifecycleStateSchema, "State before, for state changes."),
    toState: nullable(lifecycleStateSchema, "State after, for state changes."),
    release: nullable(releaseTag, "Release the event belongs to."),
    occurredAt: nullable(isoDate, "When it happened (release, commit or decision date), if known."),
    recordedAt: isoDateTime.meta({ description: "When the catalog recorded it." }),
    actor: z.string().meta({ description: '"ingest", "docs" or a maintainer.' }),
    rationale: z.string().nullable(),
    sourceUrl: nullable(z.string(), "Commit, mailing-list message or file backing the event."),
    detail: z.unknown().meta({ description: "Kind-specific detail, e.g. { before, after }; may be null." }),
  })
  .meta({ id: "Event", description: "One entry of a kfunc's append-only history." });

const kfuncSetSchema = z.object({
  name: z.string(),
  flags: z.array(z.string()),
  progTypes: z.array(z.string()),
  file: z.string(),
  line: z.int(),
  guards: z.array(z.string()),
  filtered: z.boolean().meta({ description: "Registered with a .filter callback that narrows it further." }),
});

export const presenceSchema = z
  .object({
    release: releaseTag,
    releasedOn: nullable(isoDate, "Release date."),
    sourceKind: sourceKindSchema,
    origin: z.string().meta({ description: 'What was read, e.g. "Debian linux-source 6.12.117".' }),
    prototype: z.string().nullable(),
    flags: z.array(z.string()),
    progTypes: z.array(z.string()),
    guards: z
      .array(z.string())
      .meta({ description: "Config options that must be set, e.g. CONFIG_BPF_JIT." }),
    btfTags: z
      .array(z.string())
      .meta({ description: "Other BTF decl tags (BTF ingestions), e.g. bpf_fastcall." }),
    seenIn: z.array(z.string()).meta({
      description:
        'Where a build of this release has it: "vmlinux", or the modules that must be loaded (e.g. "nf_conntrack"). Empty when no build of the release was read.',
      examples: [["vmlinux"], ["nf_conntrack"]],
    }),
    sourceFile: z.string().nullable(),
    sourceLine: z.int().nullable(),
    sets: z.array(kfuncSetSchema).meta({ description: "The kfunc sets it is in." }),
  })
  .meta({ id: "Presence", description: "The kfunc as one ingested release has it." });

export const kfuncDetailSchema = z
  .object({
    data: z
      .object({
        ...kfuncSummarySchema.shape,
        summary: z.string().nullable(),
        replacement: nullable(z.string(), "kfunc to use instead (deprecated kfuncs)."),
        deprecatedIn: nullable(releaseTag, "Release it was deprecated in."),
        removalEarliest: nullable(
          releaseTag,
          "Earliest release it may be removed in; null on a deprecated kfunc when upstream named no removal release.",
        ),
        presences: z
          .array(presenceSchema)
          .meta({ description: "Ingested releases where it is present, oldest first." }),
        absentFrom: z.array(releaseTag).meta({ description: "Ingested releases where it is absent." }),
        availability: z
          .array(
            z.object({
              release: releaseTag,
              availability: z
                .enum(["present", "inferred", "not-yet", "absent", "not-in-build", "unknown"])
                .meta({
                  description:
                    "present (read in this release); inferred (not ingested, but the ingested releases on both sides have it and nothing documented changed between); not-yet (a source release without it, before it appeared); absent (a source release without it, after it appeared); not-in-build (one build's BTF lacks it: proves nothing); unknown.",
                }),
              modules: z
                .array(z.string())
                .nullable()
                .meta({ description: "Only in these modules of the release's build (they must be loaded)." }),
            }),
          )
          .meta({ description: "Every known release, oldest first, as the availability matrix reads it." }),
        conflicts: z
          .array(z.object({ kind: z.string(), release: releaseTag.nullable(), message: z.string() }))
          .meta({
            description:
              "Documented facts that changed no state: the lifecycle rules refused them, or an ingested release shows otherwise (the observation wins).",
          }),
        events: z
          .array(eventSchema)
          .meta({ description: "History, newest release first; retracted events left out." }),
        feed: z.url().meta({ description: "Atom feed of its events." }),
      })
      .meta({ id: "KfuncDetail" }),
  })
  .meta({ id: "KfuncDetailResponse" });

const ingestionSchema = z
  .object({
    sourceKind: sourceKindSchema,
    origin: z.string(),
    ingestedAt: isoDateTime,
    kfuncCount: z.int().min(0),
  })
  .meta({ id: "Ingestion", description: "Provenance of the newest ingestion of a release." });

export const releaseSchema = z
  .object({
    tag: releaseTag,
    releasedOn: nullable(isoDate, "Release date, if known."),
    ingested: z.boolean(),
    ingestion: nullable(ingestionSchema, "Newest ingestion; null when not ingested."),
    changes: nullable(z.url(), "What changed in this release (ingested releases only)."),
  })
  .meta({ id: "Release" });

export const releaseListSchema = z
  .object({ data: z.array(releaseSchema).meta({ description: "Every known release, oldest first." }) })
  .meta({ id: "ReleaseList" });

const kfuncFactsSchema = z
  .object({
    name: z.string(),
    subsystem: z.string(),
    prototype: z.string().nullable(),
    flags: z.array(z.string()),
    progTypes: z.array(z.string()),
  })
  .meta({ id: "KfuncFacts" });

const beforeAfter = <T extends z.ZodType>(schema: T) => z.object({ before: schema, after: schema });

const changedKfuncSchema = z
  .object({
    name: z.string(),
    subsystem: z.string(),
    prototype: nullable(beforeAfter(z.string().nullable()), "Set when the signature changed."),
    flags: nullable(beforeAfter(z.array(z.string())), "Set when the KF flags changed."),
    progTypes: nullable(beforeAfter(z.array(z.string())), "Set when the program types changed."),
  })
  .meta({ id: "ChangedKfunc" });

const releaseRefSchema = z
  .object({ tag: releaseTag, releasedOn: isoDate.nullable(), ingestion: ingestionSchema })
  .meta({ id: "IngestedRelease" });

export const releaseChangesSchema = z
  .object({
    data: z
      .object({
        release: releaseRefSchema,
        base: nullable(releaseRefSchema, "Release compared against; null for the oldest ingested release."),
        added: z.array(kfuncFactsSchema),
        removed: z.array(kfuncFactsSchema),
        changed: z.array(changedKfuncSchema),
        unchanged: z.int().min(0).meta({ description: "kfuncs present in both with no change." }),
      })
      .meta({ id: "ReleaseChanges" }),
  })
  .meta({ id: "ReleaseChangesResponse" });

export const eventListSchema = z
  .object({ data: z.array(eventSchema), ...pageFields })
  .meta({ id: "EventList", description: "Newest first (by recordedAt, then id)." });

export type KfuncSummaryBody = z.input<typeof kfuncSummarySchema>;
export type EventBody = z.input<typeof eventSchema>;
export type PresenceBody = z.input<typeof presenceSchema>;
export type ReleaseBody = z.input<typeof releaseSchema>;
export type ErrorBody = z.input<typeof errorSchema>;
