// What one ingested release can prove, by the kind of input it was read from. The one home of
// the rule: matrix cells, derived events, release reports and the kfunc page all ask here.
//
// A source tree (directory, tarball or git ref) holds every kfunc of its release: a kfunc it
// lacks is absent, and its sets say which KF flags and program types each kfunc has. A BTF is
// one build of one configuration: it proves that a kfunc exists, but a kfunc missing there may
// only be configured out, and BTF carries no KF flags or program types. Pure.

export const SOURCE_KINDS = ["SOURCE_TREE", "TARBALL", "GIT_REF", "BTF"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface ReleaseEvidence {
  /** A kfunc missing from this release is absent from it (not merely not built). */
  provesAbsence: boolean;
  /** The release says which KF flags and program types each kfunc has. */
  knowsFlags: boolean;
}

export function evidenceOf(kind: SourceKind | string): ReleaseEvidence {
  const source = kind !== "BTF";
  return { provesAbsence: source, knowsFlags: source };
}

/** A source snapshot proves that an absent kfunc is absent; a BTF (one config) does not. */
export function provesAbsence(kind: SourceKind | string): boolean {
  return evidenceOf(kind).provesAbsence;
}

/** Flags and program types can be compared between two releases only when both know them. */
export function flagsComparable(a: ReleaseEvidence, b: ReleaseEvidence): boolean {
  return a.knowsFlags && b.knowsFlags;
}

/** How the release's input reads in a sentence ("source tree", "BTF build"). */
export function sourceKindLabel(kind: SourceKind | string): string {
  return kind === "BTF" ? "BTF of one build" : kind.replace("_", " ").toLowerCase();
}
