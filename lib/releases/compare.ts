// What changed for one kfunc between two releases that both have it: the one definition, used
// by derived lifecycle events, release reports, the kfunc page and the policy checks. Pure.

import { signatureKey } from "../kernel/prototype";
import { sameSet } from "../util/lists";
import { flagsComparable, type ReleaseEvidence } from "./evidence";
import { compareReleaseTags } from "./version";

/** What one release holds for a kfunc. */
export interface PresenceFacts {
  prototype: string | null;
  flags: string[];
  progTypes: string[];
}

export interface PresenceChange {
  prototype?: { before: string; after: string };
  flags?: { before: string[]; after: string[] };
  progTypes?: { before: string[]; after: string[] };
}

/** One side of a comparison: the release's tag and what it can prove. */
export interface ReleaseSide {
  tag: string;
  evidence: ReleaseEvidence;
}

/**
 * From v7.0 a kfunc's arguments are trusted unless marked otherwise, and KF_TRUSTED_ARGS is gone
 * from the declarations: its disappearance is one release-level fact (release-notes.ts), not a
 * flag change of every kfunc that carried it.
 */
export const TRUSTED_ARGS_DEFAULT_SINCE = "v7.0";

function comparableFlags(flags: readonly string[], sides: { before: ReleaseSide; after: ReleaseSide }) {
  const crosses =
    compareReleaseTags(sides.before.tag, TRUSTED_ARGS_DEFAULT_SINCE) < 0 &&
    compareReleaseTags(sides.after.tag, TRUSTED_ARGS_DEFAULT_SINCE) >= 0;
  return crosses ? flags.filter((f) => f !== "TRUSTED_ARGS") : flags;
}

/**
 * Prototypes are compared by signature (lib/kernel/prototype.ts says what counts); flags and
 * program types only when both releases know them (a BTF release knows neither).
 */
export function comparePresence(
  before: PresenceFacts,
  after: PresenceFacts,
  sides: { before: ReleaseSide; after: ReleaseSide },
): PresenceChange {
  const change: PresenceChange = {};
  if (
    before.prototype &&
    after.prototype &&
    signatureKey(before.prototype) !== signatureKey(after.prototype)
  ) {
    change.prototype = { before: before.prototype, after: after.prototype };
  }
  if (flagsComparable(sides.before.evidence, sides.after.evidence)) {
    if (!sameSet(comparableFlags(before.flags, sides), comparableFlags(after.flags, sides))) {
      change.flags = { before: before.flags, after: after.flags };
    }
    if (!sameSet(before.progTypes, after.progTypes)) {
      change.progTypes = { before: before.progTypes, after: after.progTypes };
    }
  }
  return change;
}

export function isChange(change: PresenceChange): boolean {
  return Boolean(change.prototype || change.flags || change.progTypes);
}
