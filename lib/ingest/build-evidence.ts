// What Debian's full-config builds add to a release (data/debian-btf/<tag>.json, written by
// scripts/debian-btf-data.ts): where each kfunc was seen (vmlinux or a module), and, for a
// release whose source tree was not read, the release's kfuncs themselves. Pure.

import { z } from "zod";
import { btfSnapshotKfunc, type ReleaseSnapshot } from "./snapshot";

export const buildDataSchema = z.object({
  release: z.string(),
  origin: z.string(),
  notes: z.array(z.string()).default([]),
  kfuncs: z.array(
    z.object({
      name: z.string(),
      prototype: z.string(),
      btfTags: z.array(z.string()),
      seenIn: z.array(z.string()).min(1),
    }),
  ),
});
export type BuildData = z.infer<typeof buildDataSchema>;

/**
 * A source snapshot with the build's seenIn on every kfunc the build has. A kfunc the build
 * lacks keeps an empty seenIn: that configuration does not build it. A build with no tagged
 * kfuncs (before pahole 1.27, e.g. 6.1) says nothing and is left out.
 */
export function withBuildEvidence(source: ReleaseSnapshot, build: BuildData | null): ReleaseSnapshot {
  if (!build || build.kfuncs.length === 0) return source;
  const seen = new Map(build.kfuncs.map((k) => [k.name, k.seenIn]));
  return {
    ...source,
    origin: `${source.origin}; seen in ${build.origin}`,
    kfuncs: source.kfuncs.map((k) => ({ ...k, seenIn: seen.get(k.name) ?? [] })),
  };
}

/**
 * A release known only from its build: a BTF snapshot (proves presence, knows no flags).
 * `fmodretTargets`: names the source releases register only as fmod_ret attach targets, which
 * BTF tags bpf_kfunc all the same (a BTF_KFUNCS set holds them): not kfuncs, so left out.
 */
export function snapshotFromBuild(
  build: BuildData,
  sourceRef: string,
  fmodretTargets: ReadonlySet<string> = new Set(),
): ReleaseSnapshot {
  return {
    release: build.release,
    sourceKind: "BTF",
    origin: build.origin,
    sourceRef,
    kfuncs: build.kfuncs
      .filter((k) => !fmodretTargets.has(k.name))
      .map((k) => btfSnapshotKfunc(k.name, k.prototype, k.btfTags, k.seenIn)),
  };
}
