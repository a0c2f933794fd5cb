import { type Btf, BtfError, KFUNC_TAG, renderFuncPrototype } from "../kernel/btf";
import { normaliseReleaseTag } from "../releases/version";
import { compareAbi } from "./abi";
import { CheckInputError } from "./check-error";
import type { CatalogFacts } from "./facts";

// "Check my kernel": a kernel's own BTF (its /sys/kernel/btf/vmlinux, and the modules loaded with
// it) against the catalog. A distro kernel with backports is not the release its version names:
// this says which catalog kfuncs it has and lacks, whose prototypes differ from that release's,
// and which ingested release its kfuncs resemble most. Pure.

export interface KernelBtf {
  label: string;
  vmlinux: Btf;
  /** Split BTF of loaded modules, by module name. */
  modules: ReadonlyMap<string, Btf>;
}

export interface ProbeReport {
  kernel: {
    label: string;
    /** kfuncs the kernel's BTF tags as such (pahole ≥ 1.27 / kernels ≥ 6.11); 0 for older kernels. */
    taggedKfuncs: number;
    modules: string[];
    /** The release the caller says it is (uname -r), when given. */
    claimed: string | null;
  };
  /** The ingested releases whose kfuncs this kernel's resemble most, best first. */
  nearest: { release: string; similarity: number }[];
  /** The release compared against: the claimed one when the catalog covers it, else the nearest. */
  comparedWith: string;
  /** Catalog kfuncs the kernel has (by name), with where. */
  has: { name: string; module: string | null }[];
  /** kfuncs the compared release has and this kernel lacks; `modules` when the release has them in modules. */
  lacks: { name: string; modules: string[] | null }[];
  /** Tagged kfuncs of this kernel that the compared release lacks (backports, or out-of-tree). */
  extra: { name: string; known: boolean; module: string | null }[];
  prototypeDiffers: { name: string; kernel: string; release: string; reason: string }[];
}

export function probeKernel(kernel: KernelBtf, facts: CatalogFacts, claimed?: string | null): ProbeReport {
  // Prototypes are rendered only for the few functions compared, not for every FUNC of vmlinux.
  const functions = new Map<string, { btf: Btf; id: number; module: string | null; tagged: boolean }>();
  let tagged = 0;
  const read = (btf: Btf, module: string | null) => {
    try {
      const tags = kfuncTagged(btf);
      for (let id = btf.firstId; id < btf.typeCount; id++) {
        if (btf.kindOf(id) !== "FUNC") continue;
        const name = btf.nameOf(id);
        const isKfunc = tags.has(id);
        const seen = functions.get(name);
        if (seen && (seen.tagged || !isKfunc)) continue;
        if (isKfunc && !seen?.tagged) tagged++;
        functions.set(name, { btf, id, module, tagged: isKfunc });
      }
    } catch (error) {
      if (error instanceof BtfError) {
        throw new CheckInputError(`${module ? `module ${module}: ` : ""}corrupt BTF: ${error.message}`);
      }
      throw error;
    }
  };
  read(kernel.vmlinux, null);
  for (const [name, btf] of kernel.modules) read(btf, name);

  const columns = facts.columns.filter((c) => c.evidence);
  if (columns.length === 0) throw new CheckInputError("the catalog has no ingested release to compare with");
  const presentIn = (release: string) =>
    [...facts.kfuncs.values()].filter((k) =>
      k.cells.some(
        (c) => c.release === release && (c.availability === "present" || c.availability === "inferred"),
      ),
    );
  // A kernel whose BTF tags kfuncs (pahole ≥ 1.27) says which functions are kfuncs: an untagged
  // function of a kfunc's name is not callable from BPF there. An older BTF tags nothing; then a
  // function of the name is the best evidence there is.
  const hasKfunc = (name: string) => {
    const f = functions.get(name);
    return f !== undefined && (tagged === 0 || f.tagged);
  };
  const mine = new Set(
    [...functions.keys()].filter(hasKfunc).filter((n) => tagged > 0 || facts.kfuncs.has(n)),
  );
  const nearest = columns
    .map((c) => ({ release: c.tag, similarity: jaccard(mine, new Set(presentIn(c.tag).map((k) => k.name))) }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, 3);
  const claimedTag = claimed ? normaliseReleaseTag(claimed) : null;
  if (claimed && !claimedTag)
    throw new CheckInputError(`'${claimed}' is not a release tag (expected e.g. v6.12)`, "release");
  const comparedWith =
    claimedTag && facts.columns.some((c) => c.tag === claimedTag)
      ? claimedTag
      : (nearest[0]?.release ?? (columns.at(-1)?.tag as string));

  const has = [...facts.kfuncs.keys()]
    .filter(hasKfunc)
    .map((name) => ({ name, module: functions.get(name)?.module ?? null }));
  const release = presentIn(comparedWith);
  const releaseNames = new Set(release.map((k) => k.name));
  const lacks = release
    .filter((k) => !hasKfunc(k.name))
    .map((k) => ({
      name: k.name,
      modules: k.cells.find((c) => c.release === comparedWith)?.modules ?? null,
    }));
  const extra = [...functions]
    .filter(([name, f]) => f.tagged && !releaseNames.has(name))
    .map(([name, f]) => ({ name, known: facts.kfuncs.has(name), module: f.module }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const prototypeDiffers = release.flatMap((k) => {
    const mineFn = functions.get(k.name);
    const theirs = k.cells.find((c) => c.release === comparedWith)?.prototype;
    if (!mineFn || !hasKfunc(k.name) || !theirs) return [];
    const prototype = renderFuncPrototype(mineFn.btf, mineFn.id);
    const verdict = compareAbi(prototype, theirs);
    if (!("reason" in verdict)) return [];
    // compareAbi speaks of a program; here the kernel is what was "compiled".
    const reason = verdict.reason.replace(/the program (expects|passes)/, "this kernel has");
    return [{ name: k.name, kernel: prototype, release: theirs, reason }];
  });
  return {
    kernel: {
      label: kernel.label,
      taggedKfuncs: tagged,
      modules: [...kernel.modules.keys()].sort(),
      claimed: claimedTag,
    },
    nearest,
    comparedWith,
    has,
    lacks,
    extra,
    prototypeDiffers,
  };
}

function kfuncTagged(btf: Btf): Set<number> {
  const ids = new Set<number>();
  for (const tagId of btf.declTagIds) {
    const tag = btf.getType(tagId);
    if (tag.kind === "DECL_TAG" && tag.componentIdx === -1 && !tag.attribute && tag.name === KFUNC_TAG)
      ids.add(tag.type);
  }
  return ids;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  const either = a.size + b.size - both;
  return either === 0 ? 0 : Math.round((both / either) * 1000) / 1000;
}
