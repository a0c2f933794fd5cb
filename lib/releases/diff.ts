// What changed for kfuncs between two releases: added, removed, changed (prototype, flags,
// program types). Pure: callers pass what each release holds and what each can prove; the rule
// for one kfunc is lib/releases/compare.ts.

import {
  comparePresence,
  isChange,
  type PresenceChange,
  type PresenceFacts,
  type ReleaseSide,
} from "./compare";

export interface KfuncFacts extends PresenceFacts {
  name: string;
  subsystem: string;
}

export interface ChangedKfunc extends PresenceChange {
  name: string;
  subsystem: string;
}

export interface ReleaseDiff {
  added: KfuncFacts[];
  /** In the base, not in the target. Removals only when the target proves absence. */
  removed: KfuncFacts[];
  changed: ChangedKfunc[];
  unchanged: number;
}

export function diffReleases(
  base: ReleaseSide & { kfuncs: readonly KfuncFacts[] },
  target: ReleaseSide & { kfuncs: readonly KfuncFacts[] },
): ReleaseDiff {
  const before = new Map(base.kfuncs.map((p) => [p.name, p]));
  const after = new Map(target.kfuncs.map((p) => [p.name, p]));
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const added = target.kfuncs.filter((p) => !before.has(p.name)).sort(byName);
  const removed = base.kfuncs.filter((p) => !after.has(p.name)).sort(byName);
  const changed: ChangedKfunc[] = [];
  let unchanged = 0;
  for (const now of [...after.values()].sort(byName)) {
    const then = before.get(now.name);
    if (!then) continue;
    const change = comparePresence(then, now, { before: base, after: target });
    if (isChange(change)) changed.push({ name: now.name, subsystem: now.subsystem, ...change });
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
