// Which BTF sets are kfunc sets, for which program types, with which extra flags.
//
// Kernel facts: a set is a kfunc set only when a `struct btf_kfunc_id_set` pointing at it is
// passed to register_btf_kfunc_id_set(). Names are file-local (`static`), and they collide across
// files (`common_kfunc_set` exists in both kernel/bpf/helpers.c and kernel/bpf/arena.c), so a
// name is resolved in the registering file first and only then in the whole tree.
// v5.18/5.19 structs add flags through sibling sets: `.acquire_set` → ACQUIRE,
// `.release_set` → RELEASE, `.ret_null_set` → RET_NULL, `.kptr_acquire_set` → KPTR_GET.

import type { BtfSet } from "./btf-sets";
import type { FileFacts } from "./file-facts";
import type { KfuncIdSetStruct, KfuncRegistration } from "./registrations";

/** Members naming the set of callable kfuncs: `.set` (v6.0+) or `.check_set` (v5.18, v5.19). */
const CALLABLE_SET_MEMBERS = ["set", "check_set"];

/** v5.18/5.19 flag-giving sets (struct btf_kfunc_id_set members) and the KF flag each one means. */
const FLAG_SET_MEMBERS: Record<string, string> = {
  acquire_set: "ACQUIRE",
  release_set: "RELEASE",
  ret_null_set: "RET_NULL",
  kptr_acquire_set: "KPTR_GET",
};

export interface KfuncSetUse {
  set: BtfSet;
  progTypes: Set<string>;
  filtered: boolean;
  /** Guards at each registration call site, one list per call. */
  registrationGuards: string[][];
  /** Flag → names of functions given that flag by a v5.18-style sibling set. */
  extraFlags: Map<string, Set<string>>;
}

export interface KfuncSetResolution {
  uses: KfuncSetUse[];
  /** Sets registered only as fmod_ret targets. */
  fmodretSets: Set<BtfSet>;
  warnings: string[];
}

/** Same-file first, then the only (or first by path) definition elsewhere. */
function resolveByName<T extends { file: string }>(
  byName: Map<string, T[]>,
  name: string,
  fromFile: string,
  what: string,
  warnings: string[],
): T | undefined {
  const all = byName.get(name);
  if (!all || all.length === 0) return undefined;
  const local = all.find((item) => item.file === fromFile);
  if (local) return local;
  if (all.length > 1) {
    warnings.push(
      `${fromFile}: ${what} "${name}" is not defined in this file and is defined in ${all.length} others (${all.map((i) => i.file).join(", ")}); using ${all[0]?.file}`,
    );
  }
  return all[0];
}

function indexByName<T extends { name: string; file: string }>(items: Iterable<T>): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const item of items) {
    const list = index.get(item.name);
    if (list) list.push(item);
    else index.set(item.name, [item]);
  }
  for (const list of index.values()) list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return index;
}

export function resolveKfuncSets(facts: readonly FileFacts[]): KfuncSetResolution {
  const warnings: string[] = [];
  const setsByName = indexByName(facts.flatMap((f) => f.sets));
  const structsByName = indexByName(facts.flatMap((f) => f.structs));
  const uses = new Map<BtfSet, KfuncSetUse>();

  const callableSetOf = (struct: KfuncIdSetStruct): BtfSet | undefined => {
    const member = CALLABLE_SET_MEMBERS.find((m) => struct.setMembers.has(m));
    const setName = member ? struct.setMembers.get(member) : undefined;
    if (!setName) {
      warnings.push(`${struct.file}:${struct.line}: struct btf_kfunc_id_set ${struct.name} has no .set = &…`);
      return undefined;
    }
    const set = resolveByName(setsByName, setName, struct.file, "BTF set", warnings);
    if (!set)
      warnings.push(`${struct.file}:${struct.line}: BTF set "${setName}" of ${struct.name} was not found`);
    return set;
  };

  const register = (registration: KfuncRegistration) => {
    const struct = resolveByName(
      structsByName,
      registration.structName,
      registration.file,
      "struct btf_kfunc_id_set",
      warnings,
    );
    if (!struct) {
      warnings.push(
        `${registration.file}:${registration.line}: struct btf_kfunc_id_set "${registration.structName}" was not found`,
      );
      return;
    }
    const set = callableSetOf(struct);
    if (!set) return;
    let use = uses.get(set);
    if (!use) {
      use = { set, progTypes: new Set(), filtered: false, registrationGuards: [], extraFlags: new Map() };
      uses.set(set, use);
    }
    use.progTypes.add(registration.progType);
    use.filtered ||= struct.filter !== null;
    use.registrationGuards.push(registration.guards);
    for (const [member, flag] of Object.entries(FLAG_SET_MEMBERS)) {
      const flagSetName = struct.setMembers.get(member);
      if (!flagSetName) continue;
      const flagSet = resolveByName(setsByName, flagSetName, struct.file, "BTF set", warnings);
      if (!flagSet) continue;
      const names = use.extraFlags.get(flag) ?? new Set<string>();
      for (const entry of flagSet.entries) names.add(entry.name);
      use.extraFlags.set(flag, names);
    }
  };

  for (const fileFacts of facts) for (const registration of fileFacts.registrations) register(registration);

  const fmodretSets = new Set<BtfSet>();
  for (const fileFacts of facts) {
    for (const fmodret of fileFacts.fmodret) {
      const struct = resolveByName(
        structsByName,
        fmodret.structName,
        fmodret.file,
        "struct btf_kfunc_id_set",
        warnings,
      );
      const set = struct ? callableSetOf(struct) : undefined;
      if (set) fmodretSets.add(set);
    }
  }

  // A BTF_KFUNCS set that nothing registers is suspicious: say so rather than guess.
  for (const fileFacts of facts) {
    for (const set of fileFacts.sets) {
      if (set.kind === "kfuncs" && !uses.has(set) && !fmodretSets.has(set)) {
        warnings.push(
          `${set.file}:${set.line}: BTF_KFUNCS set ${set.name} is never registered with register_btf_kfunc_id_set(); its entries are not reported`,
        );
      }
    }
  }
  return { uses: [...uses.values()], fmodretSets, warnings };
}
