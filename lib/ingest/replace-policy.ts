// When may an ingestion write a release's data? Refuses, unless forced, what would silently
// change what a release means: data of another kind than the release already holds (a BTF of
// one build in place of a whole source tree, or the reverse), or an input whose origin names
// another kernel version than the release. Pure.

import { evidenceOf, type SourceKind } from "../releases/evidence";
import { parseReleaseTag } from "../releases/version";

export interface IngestionFacts {
  sourceKind: SourceKind | string;
  origin: string;
}

const sourceWords = (kind: string) =>
  evidenceOf(kind).provesAbsence ? "a source tree" : "the BTF of one build";

/** The kernel version an origin names ("Debian linux-source 6.12.117-1", "running kernel 6.18.44"). */
export function versionInOrigin(origin: string): { major: number; minor: number } | null {
  const match = /(?:^|[\s(/v-])([3-9])\.(\d{1,2})(?:\.\d+|-rc\d+)(?=$|[\s~+)_-])/.exec(origin);
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : null;
}

/** null when the ingestion may go ahead; otherwise why not, in a sentence naming the fix. */
export function replacementProblem(
  release: string,
  previous: IngestionFacts | null,
  next: IngestionFacts,
  /** How the caller overrides the refusal, named in the message: "--force" at the command line. */
  override = "--force",
): string | null {
  const tag = parseReleaseTag(release);
  const named = versionInOrigin(next.origin);
  if (tag && named && (named.major !== tag.major || named.minor !== tag.minor)) {
    return `the input comes from kernel ${named.major}.${named.minor} ("${next.origin}"), not ${release}. Use ${override} to ingest it as ${release} anyway.`;
  }
  if (
    previous &&
    evidenceOf(previous.sourceKind).provesAbsence !== evidenceOf(next.sourceKind).provesAbsence
  ) {
    return `${release} holds ${sourceWords(previous.sourceKind)} ("${previous.origin}"); refusing to replace it with ${sourceWords(next.sourceKind)}. Use ${override} to replace it anyway.`;
  }
  return null;
}
