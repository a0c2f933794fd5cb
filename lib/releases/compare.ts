// What changed for one kfunc between two releases that both have it: the one definition, used
// by derived lifecycle events, release reports and the policy checks. Pure.

import { signatureKey } from "../kernel/prototype";
import { sameSet } from "../util/lists";
import { flagsComparable, type ReleaseEvidence } from "./evidence";

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

/**
 * Prototypes are compared by signature (lib/kernel/prototype.ts says what counts); flags and
 * program types only when both releases know them (a BTF release knows neither).
 */
export function comparePresence(
  before: PresenceFacts,
  after: PresenceFacts,
  evidence: { before: ReleaseEvidence; after: ReleaseEvidence },
): PresenceChange {
  const change: PresenceChange = {};
  if (
    before.prototype &&
    after.prototype &&
    signatureKey(before.prototype) !== signatureKey(after.prototype)
  ) {
    change.prototype = { before: before.prototype, after: after.prototype };
  }
  if (flagsComparable(evidence.before, evidence.after)) {
    if (!sameSet(before.flags, after.flags)) change.flags = { before: before.flags, after: after.flags };
    if (!sameSet(before.progTypes, after.progTypes)) {
      change.progTypes = { before: before.progTypes, after: after.progTypes };
    }
  }
  return change;
}

export function isChange(change: PresenceChange): boolean {
  return Boolean(change.prototype || change.flags || change.progTypes);
}
