import type { BtfKfunc } from "../types";
import { type Btf, parseBtf } from "./btf";
import { renderFuncPrototype } from "./render";

// kfuncs in BTF: since kernel 6.11 built with pahole >= 1.27, every kfunc FUNC carries a DECL_TAG
// named "bpf_kfunc" with component_idx -1 (the tag is on the function itself, not a parameter).
// Other tags may sit beside it, e.g. "bpf_fastcall". A FUNC without the tag is not a kfunc.
//
// Only btf_decl_tag-form tags (kind_flag clear) count: an attribute-form DECL_TAG (kind_flag set)
// stands for a plain `__attribute__((name))`, which the kernel never uses to mark kfuncs.

export const KFUNC_TAG = "bpf_kfunc";

export interface ReadBtfKfuncsOptions {
  /** Base vmlinux BTF when `bytes` is split BTF (a module's /sys/kernel/btf/<module>). */
  base?: Uint8Array;
}

/** Every tagged kfunc in a raw BTF blob, sorted by name, each name once. */
export function readBtfKfuncs(bytes: Uint8Array, opts: ReadBtfKfuncsOptions = {}): BtfKfunc[] {
  const base = opts.base ? parseBtf(opts.base) : undefined;
  return kfuncsOf(parseBtf(bytes, { base }));
}

/** The kfuncs tagged in an already parsed BTF (its own tags only, not its base's). */
export function kfuncsOf(btf: Btf): BtfKfunc[] {
  const tagsByFunc = new Map<number, Set<string>>();
  for (const tagId of btf.declTagIds) {
    const tag = btf.getType(tagId);
    if (tag.kind !== "DECL_TAG" || tag.componentIdx !== -1 || tag.attribute) continue;
    if (btf.kindOf(tag.type) !== "FUNC") continue;
    const tags = tagsByFunc.get(tag.type) ?? new Set<string>();
    tags.add(tag.name);
    tagsByFunc.set(tag.type, tags);
  }

  // The same function can be encoded as two FUNCs (e.g. from two compilation units); the catalog
  // wants one entry per name, so the first id's prototype is kept and the tags are merged.
  const byName = new Map<string, BtfKfunc>();
  for (const [funcId, tags] of tagsByFunc) {
    if (!tags.has(KFUNC_TAG)) continue;
    const name = btf.nameOf(funcId);
    const seen = byName.get(name);
    if (seen) {
      seen.tags = sortedUnion(seen.tags, tags);
      continue;
    }
    byName.set(name, { name, prototype: renderFuncPrototype(btf, funcId), tags: sortedUnion([], tags) });
  }
  return [...byName.values()].sort((a, b) => compareCodePoints(a.name, b.name));
}

function sortedUnion(a: readonly string[], b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort(compareCodePoints);
}

/** Plain code-point order, independent of the locale. */
function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
