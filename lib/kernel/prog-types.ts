// How a program type reads, and which program types may call a kfunc. A kfunc set registered for
// BPF_PROG_TYPE_UNSPEC serves every type.
//
// The verifier does not look a program's type up in the registered types directly: it maps the
// type to a "kfunc hook" (kernel/bpf/btf.c, bpf_prog_type_to_kfunc_hook()), and several types
// share one. LSM programs use the TRACING hook in every release the catalog covers (v6.1 on).
// Other groups changed over the releases (tracepoint, raw tracepoint and perf-event programs
// joining TRACING; the cgroup and socket types sharing one hook; the LWT types), so for them the
// answer depends on the release and is not given here. A set may also carry a filter that
// admits only some programs of its hook (the fs kfuncs admit only LSM programs).

export const ANY_PROG_TYPE = "UNSPEC";

export function progTypeLabel(type: string): string {
  return type === ANY_PROG_TYPE ? "any program type (UNSPEC)" : type;
}

/** May a kfunc registered for `registered` be called from a program of `type`? (exact types) */
export function servesProgType(registered: readonly string[], type: string): boolean {
  return registered.includes(type) || registered.includes(ANY_PROG_TYPE);
}

/** Types sharing a kfunc hook in every release from v6.1 on. */
const SAME_HOOK: readonly (readonly string[])[] = [["TRACING", "LSM"]];

/** Types that share a hook in some releases only. */
const SOMETIMES_SAME_HOOK: readonly (readonly string[])[] = [
  ["TRACING", "LSM", "TRACEPOINT", "RAW_TRACEPOINT", "RAW_TRACEPOINT_WRITABLE", "PERF_EVENT"],
  [
    "CGROUP_SKB",
    "CGROUP_SOCK",
    "CGROUP_DEVICE",
    "CGROUP_SOCK_ADDR",
    "CGROUP_SOCKOPT",
    "CGROUP_SYSCTL",
    "SOCK_OPS",
  ],
  ["LWT_IN", "LWT_OUT", "LWT_XMIT", "LWT_SEG6LOCAL"],
];

const shares = (groups: typeof SAME_HOOK, a: string, b: string) =>
  groups.some((g) => g.includes(a) && g.includes(b));

/**
 * Whether a program of `type` may call a kfunc whose sets were registered for `registered`:
 * "allowed" for a registered type (or UNSPEC), or a type sharing its hook when no filter narrows
 * the set; "unknown" where the hook is shared only in some releases, or a filter decides;
 * "denied" otherwise. EXT (freplace) programs take their target's type: unknown here.
 */
export function kfuncAccess(
  registered: readonly string[],
  type: string,
  filtered: boolean,
): "allowed" | "denied" | "unknown" {
  if (servesProgType(registered, type)) return "allowed";
  if (type === "EXT") return "unknown";
  if (registered.some((r) => shares(SAME_HOOK, r, type))) return filtered ? "unknown" : "allowed";
  if (registered.some((r) => shares(SOMETIMES_SAME_HOOK, r, type))) return "unknown";
  return "denied";
}
