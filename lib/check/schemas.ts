import { z } from "zod";
import { LIFECYCLE_STATES } from "../lifecycle/states";
import type { ProbeReport } from "./probe";
import type { CheckReport } from "./report";

// The check API's request and response, as zod schemas: the route validates with them and the
// OpenAPI document is generated from them. The report types in report.ts and probe.ts are checked
// against these at compile time (the assignments at the bottom), so the two cannot drift apart.

const release = z.string().max(32).meta({ description: "A release tag, e.g. v6.12.", example: "v6.12" });

export const checkJsonRequestSchema = z
  .strictObject({
    names: z
      .union([z.array(z.string().max(200)).max(500), z.string().max(100_000)])
      .optional()
      .meta({
        description: "kfunc names: an array, or one string separated by spaces, commas or new lines.",
      }),
    source: z
      .string()
      .max(1_000_000)
      .optional()
      .meta({ description: "C source with `extern … __ksym [__weak];` declarations." }),
    release: release.optional().meta({ description: "Judge the program on this release only." }),
    min: release.optional().meta({ description: "Judge the program on this release and every later one." }),
  })
  .meta({ id: "CheckJsonRequest" });

export const checkMultipartRequestSchema = z
  .object({
    file: z.string().meta({
      format: "binary",
      description:
        "A BPF object (clang -target bpf), C source, or a kernel's BTF (/sys/kernel/btf/vmlinux, raw or in an ELF). At most 16 MiB.",
    }),
    release: release.optional().meta({
      description:
        "For an object or source: the target release. For a kernel's BTF: the release it claims to be.",
    }),
    min: release
      .optional()
      .meta({ description: "For an object or source: this release and every later one." }),
  })
  .meta({ id: "CheckMultipartRequest" });

const state = z.enum(LIFECYCLE_STATES);
const availability = z.enum(["present", "inferred", "not-yet", "absent", "not-in-build", "unknown"]);
const program = z.object({
  name: z.string(),
  section: z.string(),
  progType: z.string().nullable(),
  kfuncs: z.array(z.string()),
});

const kfuncCheck = z
  .object({
    symbol: z.string().meta({ description: "As the program spells it." }),
    name: z
      .string()
      .meta({ description: "As the catalog knows it (a final ___flavour dropped when needed)." }),
    known: z.boolean(),
    weak: z.boolean(),
    compiledPrototype: z.string().nullable(),
    programs: z.array(z.string()),
    progTypes: z.array(z.string()),
    state: state.nullable(),
    replacement: z.string().nullable(),
    deprecatedIn: z.string().nullable(),
    removalEarliest: z.string().nullable(),
    removedIn: z.string().nullable(),
    presentIn: z.array(z.string()),
    missingOn: z.array(z.string()),
    releases: z.array(
      z.object({
        release: z.string(),
        availability,
        state: state.nullable(),
        modules: z.array(z.string()).nullable(),
        prototype: z.string().nullable(),
        prototypeFit: z.enum(["match", "differs", "incompatible", "unknown"]),
        deniedFor: z.array(z.string()),
        verdict: z.enum(["ok", "optional-missing", "fails", "unknown"]),
        reason: z.string().nullable(),
      }),
    ),
    warnings: z.array(
      z.object({
        code: z.enum([
          "unknown-kfunc",
          "removed",
          "deprecated",
          "unstable",
          "missing",
          "strong-missing",
          "module-only",
          "prototype-mismatch",
          "prototype-differs",
          "prog-type",
          "not-in-build",
          "flavour",
          "no-btf",
          "prog-types-unrecorded",
        ]),
        severity: z.enum(["info", "warning", "error"]),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: "KfuncCheck" });

export const checkReportSchema = z
  .object({
    input: z.object({
      kind: z.enum(["object", "source", "names"]),
      label: z.string(),
      programs: z.array(program),
    }),
    releases: z.array(
      z.object({
        release: z.string(),
        ingested: z.boolean(),
        verdict: z.enum(["loads", "fails", "unknown"]),
        blockers: z.array(z.string()),
      }),
    ),
    kfuncs: z.array(kfuncCheck),
    summary: z.object({
      loadsOn: z.array(z.string()),
      failsOn: z.array(z.string()),
      unknownOn: z.array(z.string()),
      minRelease: z.string().nullable(),
      target: z.object({
        description: z.string(),
        releases: z.array(z.string()),
        verdict: z.enum(["pass", "fail", "unknown"]),
        failing: z.array(z.string()),
      }),
      deprecated: z.array(z.string()),
      removed: z.array(z.string()),
      exitCode: z.union([z.literal(0), z.literal(2), z.literal(3)]),
      headline: z.string(),
    }),
  })
  .meta({ id: "CheckReport" });

export const probeReportSchema = z
  .object({
    kernel: z.object({
      label: z.string(),
      taggedKfuncs: z.number().int(),
      modules: z.array(z.string()),
      claimed: z.string().nullable(),
    }),
    nearest: z.array(z.object({ release: z.string(), similarity: z.number() })),
    comparedWith: z.string(),
    has: z.array(z.object({ name: z.string(), module: z.string().nullable() })),
    lacks: z.array(z.object({ name: z.string(), modules: z.array(z.string()).nullable() })),
    extra: z.array(z.object({ name: z.string(), known: z.boolean(), module: z.string().nullable() })),
    prototypeDiffers: z.array(
      z.object({ name: z.string(), kernel: z.string(), release: z.string(), reason: z.string() }),
    ),
  })
  .meta({ id: "ProbeReport" });

export const checkResponseSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("program"), report: checkReportSchema }),
    z.object({ type: z.literal("kernel"), report: probeReportSchema }),
  ])
  .meta({ id: "CheckResponse", description: "A program's report, or a kernel's when a BTF file was sent." });

export type CheckResponse = z.infer<typeof checkResponseSchema>;

// Compile-time: the reports the code builds are exactly what the schemas describe.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const reportMatchesSchema: Same<CheckReport, z.infer<typeof checkReportSchema>> = true;
export const probeMatchesSchema: Same<ProbeReport, z.infer<typeof probeReportSchema>> = true;
