// Comparisons of string lists, the one definition used by the change rules and the ingester.

/** Same members, in any order (KF flags and program types are sets). */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const members = new Set(a);
  return b.every((x) => members.has(x));
}

/** Same members in the same order (what a stored column holds). */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
