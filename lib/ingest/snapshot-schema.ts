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

export const releaseSnapshotSchema: z.ZodType<ReleaseSnapshot> = z.object({
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
