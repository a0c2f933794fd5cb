// The release registry (data/releases.json) and documented events (data/documented-events.json):
// validated, then written idempotently. Nothing here is typed in by a user at run time.

import { readFileSync } from "node:fs";
import { z } from "zod";
import { DEBIAN_SOURCE_REF, isWebSource } from "../events/source-ref";
import type { Prisma } from "../generated/prisma/client";
import { parseReleaseTag } from "../releases/version";

type Tx = Prisma.TransactionClient;

const tag = z
  .string()
  .refine((t) => /^v\d+\.\d+$/.test(t) && parseReleaseTag(t) !== null, "expected a tag like v6.12");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");

export const releaseRegistrySchema = z.object({
  releases: z.array(z.object({ tag, releasedOn: isoDate.nullable() })).min(1),
});

/** A web address, or a file in a Debian source package (lib/events/source-ref.ts). */
const sourceRef = z
  .string()
  .refine(
    (s) => (isWebSource(s) && z.string().url().safeParse(s).success) || DEBIAN_SOURCE_REF.test(s),
    "expected an http(s) URL or `debian:<package> (<version>) <path>`",
  );

export const documentedEventSchema = z
  .object({
    // kfuncs are lower-case C functions; a KF_ flag or a macro is not a kfunc.
    kfunc: z.string().regex(/^[a-z_][a-z0-9_]*$/, "expected a kfunc name (a lower-case C identifier)"),
    kind: z.enum(["DEPRECATED", "REMOVED", "RENAMED", "SIGNATURE_CHANGED", "INTRODUCED", "UNDEPRECATED"]),
    release: tag,
    toState: z.enum(["UNSTABLE", "DEPRECATED", "REMOVED"]).nullable(),
    replacement: z.string().nullable().default(null),
    removalEarliest: tag.nullable().default(null),
    subsystem: z.string().nullable().default(null),
    rationale: z.string().min(1),
    sourceUrl: sourceRef,
    occurredAt: isoDate.nullable().default(null),
    /** "<sha> <subject>" of the upstream commit, when the source is a commit. */
    commit: z.string().nullable().default(null),
    confidence: z.enum(["verified-in-source", "read-in-release-source", "from-secondary-source"]),
    /** The removal release exactly as upstream wrote it, when it differs from removalEarliest. */
    removalEarliestAsWritten: z.string().optional(),
    /** Deprecations: false when upstream named no removal release (then removalEarliest is null). */
    removalAnnounced: z.boolean().optional(),
  })
  .refine((e) => e.kind !== "DEPRECATED" || e.removalEarliest !== null || e.removalAnnounced === false, {
    path: ["removalEarliest"],
    message: "a deprecation needs removalEarliest, or removalAnnounced: false when upstream named none",
  })
  .refine((e) => e.removalAnnounced !== false || e.removalEarliest === null, {
    path: ["removalAnnounced"],
    message: "removalAnnounced: false contradicts a removalEarliest",
  });
export type DocumentedEvent = z.infer<typeof documentedEventSchema>;
export const documentedEventsSchema = z.object({ events: z.array(documentedEventSchema) });

/** Reads and validates a JSON data file, naming the file and the field on failure. */
export function readDataFile<T>(file: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Release ids sort as versions: v6.12 → 6012. */
export function releaseId(version: { major: number; minor: number }): number {
  return version.major * 1000 + version.minor;
}

export async function upsertReleases(
  tx: Tx,
  registry: z.infer<typeof releaseRegistrySchema>,
): Promise<number> {
  for (const r of registry.releases) {
    const version = parseReleaseTag(r.tag);
    if (!version) continue;
    const releasedOn = r.releasedOn ? new Date(`${r.releasedOn}T00:00:00Z`) : null;
    await tx.release.upsert({
      where: { tag: r.tag },
      create: { id: releaseId(version), tag: r.tag, ...version, releasedOn },
      update: { releasedOn },
    });
  }
  return registry.releases.length;
}
