import { z } from "zod";
import { SORT_FIELDS } from "../catalog/query";
import { EventKind } from "../generated/prisma/enums";
import { LIFECYCLE_STATES } from "../lifecycle/states";
import { normaliseReleaseTag } from "../releases/version";
import { hasControlCharacters } from "../util/text";

// What the read API accepts: one zod schema per endpoint, used both to validate requests (strictly:
// unlike the UI's URL parser, junk is a 400, never a silent default) and to generate the OpenAPI
// document, so the two cannot drift apart.

export const EVENT_KINDS = Object.values(EventKind) as [EventKind, ...EventKind[]];

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

/** A kernel C identifier, as kfunc names are. */
export const KFUNC_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export const kfuncNameSchema = z
  .string()
  .regex(KFUNC_NAME, "must be a C identifier")
  .meta({ description: "kfunc name: a C identifier, case-sensitive.", examples: ["bpf_task_acquire"] });

/** "v6.12" or "6.12", normalised to "v6.12". */
export const releaseTagSchema = z
  .string()
  .regex(/^v?\d{1,2}\.\d{1,3}$/, 'must be a release tag such as "v6.12"')
  .transform((v) => normaliseReleaseTag(v) ?? v)
  .meta({ description: 'Mainline release tag, "v6.12" (the "v" is optional).', examples: ["v6.12"] });

const page = z.coerce
  .number()
  .int()
  .min(1)
  .max(100_000)
  .default(1)
  .meta({ description: "1-based page number." });

const pageSize = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE_SIZE)
  .default(DEFAULT_PAGE_SIZE)
  .meta({ description: `Items per page, at most ${MAX_PAGE_SIZE}.` });

const identifierFilter = (description: string, example: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_]{1,64}$/, "must be letters, digits and underscores")
    .transform((v) => v.toUpperCase())
    .optional()
    .meta({ description, examples: [example] });

export const SORT_VALUES = SORT_FIELDS.flatMap((f) => [f, `${f}.asc`, `${f}.desc`]) as [string, ...string[]];

export const kfuncListQuery = z
  .object({
    state: z
      .preprocess((v) => (typeof v === "string" ? v.toUpperCase() : v), z.enum(LIFECYCLE_STATES))
      .optional()
      .meta({ description: "Lifecycle state (case-insensitive).", examples: ["STABLE"] }),
    subsystem: z
      .string()
      .max(64)
      .regex(/^[a-z0-9_-]+(\/[a-z0-9_-]+)*$/, "must be a source path such as kernel/bpf")
      .optional()
      .meta({ description: "Subsystem, as a kernel source path.", examples: ["kernel/bpf"] }),
    progType: identifierFilter(
      "BPF program type without the BPF_PROG_TYPE_ prefix; kfuncs registered for UNSPEC match every type.",
      "XDP",
    ),
    flag: identifierFilter("KF flag without the KF_ prefix.", "ACQUIRE"),
    release: releaseTagSchema
      .optional()
      .meta({ description: "Only kfuncs present in this ingested release.", examples: ["v6.12"] }),
    q: z
      .string()
      .trim()
      .max(100)
      .refine((v) => !hasControlCharacters(v), "must not contain control characters")
      .optional()
      .meta({
        description:
          "Literal text searched in names and prototypes (case-insensitive; % and _ are plain characters).",
        examples: ["cpumask"],
      }),
    sort: z
      .enum(SORT_VALUES)
      .default("name")
      .meta({ description: "Sort field, optionally with .asc or .desc; ties are broken by name." }),
    page,
    pageSize,
  })
  .strict();
export type KfuncListQuery = z.output<typeof kfuncListQuery>;

export const kfuncPath = z.object({ name: kfuncNameSchema });

export const releaseChangesPath = z.object({ tag: releaseTagSchema });

const rowId = (description: string) => z.coerce.number().int().positive().meta({ description });

export const proposalPath = z.object({ id: rowId("Proposal id.") });

export const violationPath = z.object({ id: rowId("Id of the POLICY_VIOLATION lifecycle event.") });

export const releaseChangesQuery = z
  .object({
    vs: releaseTagSchema.optional().meta({
      description: "Ingested release to compare against; default: the previous ingested release.",
      examples: ["v6.1"],
    }),
  })
  .strict();

export const emptyQuery = z.object({}).strict();

export const releaseHeaderPath = z.object({ tag: releaseTagSchema });

export const releaseHeaderQuery = z
  .object({
    state: z
      .string()
      .max(64)
      .regex(/^\s*[A-Za-z]+(\s*,\s*[A-Za-z]+)*\s*$/, "comma-separated lifecycle states")
      .optional()
      .meta({
        description:
          "Only kfuncs in these states now, comma-separated (unstable, stable, deprecated, removed).",
        examples: ["unstable,stable"],
      }),
  })
  .strict();

export const eventListQuery = z
  .object({
    kfunc: kfuncNameSchema
      .optional()
      .meta({ description: "Only this kfunc's events.", examples: ["bbr_main"] }),
    kind: z.enum(EVENT_KINDS).optional().meta({ description: "Only events of this kind." }),
    since: z
      .union([z.iso.date(), z.iso.datetime({ offset: true })])
      .transform((v) => new Date(v))
      .optional()
      .meta({
        description:
          "Only events recorded at or after this instant: an ISO date (midnight UTC) or date-time with offset.",
        examples: ["2025-01-01", "2025-01-01T12:00:00Z"],
      }),
    page,
    pageSize,
  })
  .strict();
export type EventListQuery = z.output<typeof eventListQuery>;
