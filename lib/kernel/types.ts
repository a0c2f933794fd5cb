// Shapes shared by the kernel readers (source extractor, BTF reader) and the ingester.
// Pure data: no DB, no React.

/** One kfunc set (BTF_SET8 / BTF_KFUNCS) a kfunc belongs to, with what that set gives it. */
export interface KfuncSetMembership {
  /** The set's C identifier, e.g. "generic_btf_ids". */
  name: string;
  /** KF flags without the KF_ prefix, e.g. ["ACQUIRE", "RET_NULL"], in bit order. */
  flags: string[];
  /** Program types the set is registered for, without BPF_PROG_TYPE_; "UNSPEC" means every type. */
  progTypes: string[];
  /** Path relative to the tree root, with forward slashes. */
  file: string;
  /** 1-based line of the BTF_ID_FLAGS entry. */
  line: number;
  /** CONFIG_ symbols that must be set for this entry to be built (file, set and entry guards). */
  guards: string[];
  /** True when a `.filter` callback in the registering btf_kfunc_id_set narrows the program types. */
  filtered: boolean;
}

/** One kfunc as read from a kernel source tree. */
export interface ExtractedKfunc {
  name: string;
  /** Normalised C prototype ("struct bpf_cpumask *bpf_cpumask_create(void)"), or null if no definition was found. */
  prototype: string | null;
  /** Union of the flags of every set it is in, in bit order. */
  flags: string[];
  /** Union of the program types of every set it is in, sorted. */
  progTypes: string[];
  sets: KfuncSetMembership[];
  definedIn: { file: string; line: number } | null;
  /** Guards common to every set membership: what must hold for the kfunc to exist at all. */
  guards: string[];
}

/** One kfunc as read from BTF (tagged with a bpf_kfunc DECL_TAG). */
export interface BtfKfunc {
  name: string;
  /** C prototype rendered from the FUNC_PROTO, e.g. "struct bpf_cpumask *bpf_cpumask_create(void)". */
  prototype: string;
  /** Every decl tag on the FUNC itself (component_idx -1), e.g. ["bpf_fastcall", "bpf_kfunc"], sorted. */
  tags: string[];
}
