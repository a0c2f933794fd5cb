import { z } from "zod";
import { SOURCE_KINDS } from "../releases/evidence";
import type { ReleaseSnapshot } from "./snapshot";

// Validates a release snapshot file (data/releases/<tag>.json) before anything is written.
const identifier = z.string().regex(/^[A-Za-z_]\w*$/, "expected a C identifier");

const setMembership = z.object({
  name: z.string().min(1),
  flags: z.array(z.string()),
  progTypes: z.array(z.string()),
  file: z.string().min(1),
  line: z.number().int().nonnegative(),
  guards: z.array(z.string()),
  filtered: z.boolean(),
});

const releaseSnapshotObject = z.object({
  release: z.string().regex(/^v\d+\.\d+$/, "expected a release tag like v6.12"),
  sourceKind: z.enum(SOURCE_KINDS),
  origin: z.string().min(1),
  sourceRef: z.string().min(1),
  kfuncs: z.array(
    z.object({
      name: identifier,
      prototype: z.string().nullable(),
      flags: z.array(z.string()),
      progTypes: z.array(z.string()),
      sets: z.array(setMembership),
      definedIn: z.object({ file: z.string(), line: z.number().int() }).nullable(),
      guards: z.array(z.string()),
      btfTags: z.array(z.string()),
      seenIn: z.array(z.string().regex(/^[a-z0-9_-]+$/, "expected vmlinux or a module name")).default([]),
    }),
  ),
});

export const releaseSnapshotSchema: z.ZodType<ReleaseSnapshot> = releaseSnapshotObject;

/**
 * The body of POST /api/v1/ingest: a release snapshot, as data/releases/<tag>.json holds one and
 * `kfunc ingest --api` sends one, plus `replace`, the API's `kfunc ingest --force`.
 */
export const ingestRequestSchema = releaseSnapshotObject
  .extend({
    replace: z
      .boolean()
      .default(false)
      .meta({
        description:
          "Write even data of another kind (a BTF of one build in place of a source tree, or the reverse), " +
          "or from another kernel version, than the release holds: what `kfunc ingest --force` does.",
      }),
  })
  .meta({
    id: "IngestRequest",
    description: "A release snapshot, and whether it may replace what the release holds.",
  });
