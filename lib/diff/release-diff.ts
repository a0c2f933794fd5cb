// What changed for kfuncs between two releases: added, removed, changed (prototype, flags,
// program types). Pure: callers pass what each release holds.

import { signatureKey } from "../kernel/prototype";

export interface PresenceFacts {
  name: string;
  subsystem: string;
  prototype: string | null;
  flags: string[];
  progTypes: string[];
}

export interface ChangedKfunc {
  name: string;
  subsystem: string;
  prototype?: { before: string | null; after: string | null };
  flags?: { before: string[]; after: string[] };
  progTypes?: { before: string[]; after: string[] };
}

export interface ReleaseDiff {
  added: PresenceFacts[];
  removed: PresenceFacts[];
  changed: ChangedKfunc[];
  unchanged: number;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/**
 * @param compareFlags false when either side is a BTF ingestion, which knows no flags or
 *   program types: their absence there is not a change.
 */
export function diffReleases(
  base: readonly PresenceFacts[],
  target: readonly PresenceFacts[],
  compareFlags: boolean,
): ReleaseDiff {
  const before = new Map(base.map((p) => [p.name, p]));
  const after = new Map(target.map((p) => [p.name, p]));
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const added = target.filter((p) => !before.has(p.name)).sort(byName);
  const removed = base.filter((p) => !after.has(p.name)).sort(byName);
  const changed: ChangedKfunc[] = [];
  let unchanged = 0;
  for (const now of [...after.values()].sort(byName)) {
    const then = before.get(now.name);
    if (!then) continue;
    const change: ChangedKfunc = { name: now.name, subsystem: now.subsystem };
    if (then.prototype && now.prototype && signatureKey(then.prototype) !== signatureKey(now.prototype)) {
      change.prototype = { before: then.prototype, after: now.prototype };
    }
    if (compareFlags && !sameSet(then.flags, now.flags))
      change.flags = { before: then.flags, after: now.flags };
    if (compareFlags && !sameSet(then.progTypes, now.progTypes)) {
      change.progTypes = { before: then.progTypes, after: now.progTypes };
    }
    if (change.prototype || change.flags || change.progTypes) changed.push(change);
    else unchanged++;
  }
  return { added, removed, changed, unchanged };
}

/** Groups any list of kfunc facts by subsystem, subsystems in name order. */
export function groupBySubsystem<T extends { subsystem: string }>(items: readonly T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.subsystem, [...(groups.get(item.subsystem) ?? []), item]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}
