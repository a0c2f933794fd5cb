import { kfuncsFromBtf } from "../../ingest/snapshot";
import type { BtfKfunc } from "../types";
import type { KernelBuild } from "./read-build";

// One kernel build's kfuncs as plain data, each with where it was seen: "vmlinux" or a module name.
// Only tagged FUNCs are kfuncs (an untagged `foo_impl` beside a tagged `foo` is not one), and a
// kfunc's btfTags are its other decl tags (e.g. "bpf_fastcall"), as in the catalog's BTF snapshots.
// Not a ReleaseSnapshot: the catalog's integration decides how seenIn is stored.

export const VMLINUX = "vmlinux";

export interface BuildKfunc {
  name: string;
  prototype: string;
  btfTags: string[];
  /** "vmlinux" and/or module names, vmlinux first, then modules in code-point order. */
  seenIn: string[];
}

export interface BuildSnapshot {
  /** e.g. "v7.3". */
  release: string;
  /** e.g. "Debian linux-image 7.3.4-1~bpo13+1 amd64 (full config)". */
  origin: string;
  /** Sorted by name (code-point order). */
  kfuncs: BuildKfunc[];
}

export function buildSnapshot(
  build: Pick<KernelBuild, "vmlinux" | "modules">,
  meta: { release: string; origin: string },
): BuildSnapshot {
  const byName = new Map<string, BuildKfunc>();
  const add = (where: string, found: readonly BtfKfunc[]) => {
    for (const k of kfuncsFromBtf(found)) {
      const seen = byName.get(k.name);
      if (seen) {
        // Seen before (in vmlinux, or another module): keep the first prototype, merge the rest.
        seen.btfTags = [...new Set([...seen.btfTags, ...k.btfTags])].sort(compareCodePoints);
        if (!seen.seenIn.includes(where)) seen.seenIn.push(where);
        continue;
      }
      byName.set(k.name, { name: k.name, prototype: k.prototype ?? "", btfTags: k.btfTags, seenIn: [where] });
    }
  };
  add(VMLINUX, build.vmlinux);
  for (const [module, found] of [...build.modules].sort(([a], [b]) => compareCodePoints(a, b)))
    add(module, found);
  return {
    release: meta.release,
    origin: meta.origin,
    kfuncs: [...byName.values()].sort((a, b) => compareCodePoints(a.name, b.name)),
  };
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
