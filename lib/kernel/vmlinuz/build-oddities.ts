import type { Btf } from "../btf/btf";

// What a set of kernel builds read together says about FUNCs that are not recorded as kfuncs:
// - a FUNC present in one vmlinux without its bpf_kfunc tag while both an earlier and a later build
//   tag it (Debian's 7.0 has hid_bpf_hw_request so): a build oddity, not a removal. (A FUNC tagged
//   only in later builds is a function that became a kfunc later, which is no oddity.)
// - an untagged `<kfunc>_impl` FUNC beside a tagged `<kfunc>` (7.0+ KF_IMPLICIT_ARGS: the kernel's
//   own function with the hidden argument, not callable as a kfunc).
// Only tagged FUNCs are kfuncs; these lists explain what was left out.

export interface BuildFuncs {
  release: string;
  /** Every FUNC name in the build's vmlinux BTF. */
  funcs: ReadonlySet<string>;
  /** The tagged kfuncs among them. */
  kfuncs: ReadonlySet<string>;
}

export interface BuildOddities {
  /** False when this vmlinux has no bpf_kfunc tag at all (kernels before 6.11, pahole before 1.27). */
  hasKfuncTags: boolean;
  /** FUNCs here without the tag, each with the releases whose vmlinux tags it. */
  untaggedHere: { name: string; taggedIn: string[] }[];
  /** Untagged `_impl` FUNCs whose name without `_impl` is a tagged kfunc here. */
  implTwins: string[];
}

/** Every FUNC name in a BTF (its own types and its base's). */
export function funcNames(btf: Btf): Set<string> {
  const names = new Set<string>();
  for (let id = 1; id < btf.typeCount; id++) if (btf.kindOf(id) === "FUNC") names.add(btf.nameOf(id));
  return names;
}

/** `builds` in release order, oldest first. */
export function buildOddities(builds: readonly BuildFuncs[]): Map<string, BuildOddities> {
  const result = new Map<string, BuildOddities>();
  builds.forEach((build, i) => {
    const untaggedHere: BuildOddities["untaggedHere"] = [];
    const before = new Set(builds.slice(0, i).flatMap((b) => [...b.kfuncs]));
    const after = new Set(builds.slice(i + 1).flatMap((b) => [...b.kfuncs]));
    for (const name of [...before].filter((n) => after.has(n)).sort()) {
      if (build.kfuncs.size === 0 || build.kfuncs.has(name) || !build.funcs.has(name)) continue;
      untaggedHere.push({ name, taggedIn: builds.filter((b) => b.kfuncs.has(name)).map((b) => b.release) });
    }
    const implTwins = [...build.funcs]
      .filter(
        (name) => name.endsWith("_impl") && !build.kfuncs.has(name) && build.kfuncs.has(name.slice(0, -5)),
      )
      .sort();
    result.set(build.release, { hasKfuncTags: build.kfuncs.size > 0, untaggedHere, implTwins });
  });
  return result;
}
