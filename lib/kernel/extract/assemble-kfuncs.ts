// Turns kfunc set uses into the catalog's ExtractedKfunc records.
//
// Kernel facts: one kfunc may sit in several sets with different flags (hid_bpf's STRUCT_OPS set
// adds SLEEPABLE to entries that its SYSCALL set lists without flags), so every membership keeps
// its own flags and the kfunc gets their union. A membership is built only when the file, the
// entry and the registration are all compiled in, so its guards are the union of those.

import type { ExtractedKfunc, KfuncSetMembership } from "../types";
import type { FileGuards } from "./file-guards";
import { bpfVisiblePrototype } from "./implicit-args";
import { isKnownKfFlag, sortKfFlags } from "./kf-flags";
import type { KfuncSetUse } from "./kfunc-sets";
import type { FunctionDefinition } from "./prototypes";

function intersectAll(lists: readonly string[][]): string[] {
  const [first, ...rest] = lists;
  if (!first) return [];
  return first.filter((item) => rest.every((list) => list.includes(item)));
}

function sortStrings(items: Iterable<string>): string[] {
  return [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function membershipsOf(
  uses: readonly KfuncSetUse[],
  fileGuards: FileGuards,
  warn: (message: string) => void,
): Map<string, KfuncSetMembership[]> {
  const byName = new Map<string, KfuncSetMembership[]>();
  const warnedFlags = new Set<string>();
  for (const use of uses) {
    const registrationGuards = intersectAll(use.registrationGuards);
    const inheritedGuards = fileGuards.guardsOf(use.set.file);
    const progTypes = sortStrings(use.progTypes);
    for (const entry of use.set.entries) {
      const flags = [...entry.flags];
      for (const [flag, names] of use.extraFlags) if (names.has(entry.name)) flags.push(flag);
      for (const flag of flags) {
        if (!isKnownKfFlag(flag) && !warnedFlags.has(flag)) {
          warnedFlags.add(flag);
          warn(
            `${use.set.file}:${entry.line}: unknown flag KF_${flag} (kept, ordered after the known flags)`,
          );
        }
      }
      const membership: KfuncSetMembership = {
        name: use.set.name,
        flags: sortKfFlags(flags),
        progTypes,
        file: use.set.file,
        line: entry.line,
        guards: [...new Set([...inheritedGuards, ...entry.guards, ...registrationGuards])],
        filtered: use.filtered,
      };
      const list = byName.get(entry.name);
      if (list) list.push(membership);
      else byName.set(entry.name, [membership]);
    }
  }
  return byName;
}

export function assembleKfuncs(
  memberships: Map<string, KfuncSetMembership[]>,
  definitions: Map<string, FunctionDefinition>,
  warn: (message: string) => void,
): ExtractedKfunc[] {
  const kfuncs: ExtractedKfunc[] = [];
  for (const [name, unsortedSets] of memberships) {
    const sets = [...unsortedSets].sort((a, b) =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line,
    );
    const definition = definitions.get(name);
    if (!definition) warn(`${sets[0]?.file}:${sets[0]?.line}: no definition found for kfunc ${name}`);
    const flags = sortKfFlags(sets.flatMap((set) => set.flags));
    kfuncs.push({
      name,
      prototype: definition ? bpfVisiblePrototype(definition.prototype, flags) : null,
      flags,
      progTypes: sortStrings(sets.flatMap((set) => set.progTypes)),
      sets,
      definedIn: definition ? { file: definition.file, line: definition.line } : null,
      guards: intersectAll(sets.map((set) => set.guards)),
    });
  }
  return kfuncs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
