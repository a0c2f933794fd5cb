// The program type a BPF object's section name stands for, as libbpf reads `SEC("…")`. The table
// follows libbpf's documented section names (Documentation/bpf/libbpf/program_types.rst); the
// names are the kernel's BPF_PROG_TYPE_* without the prefix, as the catalog stores them. Pure.
//
// A name matches an entry when it equals the entry's prefix or continues it after "/" (or, for the
// entries marked `open`, with any text, as libbpf's "sk_skb/stream_parser" or "xdp.frags"). A
// leading "?" (libbpf: do not load automatically) is ignored.

interface SectionRule {
  prefix: string;
  type: string;
  /** The prefix may be followed by anything (libbpf's SEC_SLOPPY_PFX), not only by "/". */
  open?: boolean;
}

// Longest prefixes first where one is a prefix of another ("cgroup/sock_create" before "cgroup/sock").
const RULES: SectionRule[] = [
  { prefix: "socket", type: "SOCKET_FILTER", open: true },
  { prefix: "sk_reuseport/migrate", type: "SK_REUSEPORT" },
  { prefix: "sk_reuseport", type: "SK_REUSEPORT" },
  { prefix: "kprobe.multi", type: "KPROBE" },
  { prefix: "kretprobe.multi", type: "KPROBE" },
  { prefix: "kprobe.session", type: "KPROBE" },
  { prefix: "uprobe.multi.s", type: "KPROBE" },
  { prefix: "uprobe.multi", type: "KPROBE" },
  { prefix: "uretprobe.multi.s", type: "KPROBE" },
  { prefix: "uretprobe.multi", type: "KPROBE" },
  { prefix: "uprobe.session.s", type: "KPROBE" },
  { prefix: "uprobe.session", type: "KPROBE" },
  { prefix: "kprobe", type: "KPROBE" },
  { prefix: "kretprobe", type: "KPROBE" },
  { prefix: "uprobe.s", type: "KPROBE" },
  { prefix: "uprobe", type: "KPROBE" },
  { prefix: "uretprobe.s", type: "KPROBE" },
  { prefix: "uretprobe", type: "KPROBE" },
  { prefix: "ksyscall", type: "KPROBE" },
  { prefix: "kretsyscall", type: "KPROBE" },
  { prefix: "usdt.s", type: "KPROBE" },
  { prefix: "usdt", type: "KPROBE" },
  { prefix: "tc/ingress", type: "SCHED_CLS" },
  { prefix: "tc/egress", type: "SCHED_CLS" },
  { prefix: "tcx/ingress", type: "SCHED_CLS" },
  { prefix: "tcx/egress", type: "SCHED_CLS" },
  { prefix: "netkit/primary", type: "SCHED_CLS" },
  { prefix: "netkit/peer", type: "SCHED_CLS" },
  { prefix: "tc", type: "SCHED_CLS" },
  { prefix: "classifier", type: "SCHED_CLS", open: true },
  { prefix: "action", type: "SCHED_ACT", open: true },
  { prefix: "tracepoint", type: "TRACEPOINT" },
  { prefix: "tp", type: "TRACEPOINT" },
  { prefix: "raw_tracepoint.w", type: "RAW_TRACEPOINT_WRITABLE" },
  { prefix: "raw_tp.w", type: "RAW_TRACEPOINT_WRITABLE" },
  { prefix: "raw_tracepoint", type: "RAW_TRACEPOINT" },
  { prefix: "raw_tp", type: "RAW_TRACEPOINT" },
  { prefix: "tp_btf", type: "TRACING" },
  { prefix: "fentry.s", type: "TRACING" },
  { prefix: "fentry", type: "TRACING" },
  { prefix: "fmod_ret.s", type: "TRACING" },
  { prefix: "fmod_ret", type: "TRACING" },
  { prefix: "fexit.s", type: "TRACING" },
  { prefix: "fexit", type: "TRACING" },
  { prefix: "fsession.s", type: "TRACING" },
  { prefix: "fsession", type: "TRACING" },
  { prefix: "iter.s", type: "TRACING" },
  { prefix: "iter", type: "TRACING" },
  { prefix: "freplace", type: "EXT" },
  { prefix: "lsm.s", type: "LSM" },
  { prefix: "lsm_cgroup", type: "LSM" },
  { prefix: "lsm", type: "LSM" },
  { prefix: "syscall", type: "SYSCALL" },
  { prefix: "xdp.frags/devmap", type: "XDP" },
  { prefix: "xdp/devmap", type: "XDP" },
  { prefix: "xdp.frags/cpumap", type: "XDP" },
  { prefix: "xdp/cpumap", type: "XDP" },
  { prefix: "xdp.frags", type: "XDP" },
  { prefix: "xdp", type: "XDP" },
  { prefix: "perf_event", type: "PERF_EVENT" },
  { prefix: "lwt_in", type: "LWT_IN" },
  { prefix: "lwt_out", type: "LWT_OUT" },
  { prefix: "lwt_xmit", type: "LWT_XMIT" },
  { prefix: "lwt_seg6local", type: "LWT_SEG6LOCAL" },
  { prefix: "sockops", type: "SOCK_OPS" },
  { prefix: "sk_skb", type: "SK_SKB", open: true },
  { prefix: "sk_msg", type: "SK_MSG" },
  { prefix: "lirc_mode2", type: "LIRC_MODE2" },
  { prefix: "flow_dissector", type: "FLOW_DISSECTOR" },
  { prefix: "cgroup_skb", type: "CGROUP_SKB" },
  { prefix: "cgroup/skb", type: "CGROUP_SKB" },
  { prefix: "cgroup/sock_create", type: "CGROUP_SOCK" },
  { prefix: "cgroup/sock_release", type: "CGROUP_SOCK" },
  { prefix: "cgroup/sock", type: "CGROUP_SOCK" },
  { prefix: "cgroup/post_bind4", type: "CGROUP_SOCK" },
  { prefix: "cgroup/post_bind6", type: "CGROUP_SOCK" },
  { prefix: "cgroup/bind4", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/bind6", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/connect4", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/connect6", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/connect_unix", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/sendmsg4", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/sendmsg6", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/sendmsg_unix", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/recvmsg4", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/recvmsg6", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/recvmsg_unix", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/getpeername4", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/getpeername6", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/getpeername_unix", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/getsockname4", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/getsockname6", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/getsockname_unix", type: "CGROUP_SOCK_ADDR" },
  { prefix: "cgroup/sysctl", type: "CGROUP_SYSCTL" },
  { prefix: "cgroup/getsockopt", type: "CGROUP_SOCKOPT" },
  { prefix: "cgroup/setsockopt", type: "CGROUP_SOCKOPT" },
  { prefix: "cgroup/dev", type: "CGROUP_DEVICE" },
  { prefix: "struct_ops.s", type: "STRUCT_OPS" },
  { prefix: "struct_ops", type: "STRUCT_OPS" },
  { prefix: "sk_lookup", type: "SK_LOOKUP" },
  { prefix: "netfilter", type: "NETFILTER" },
];

/** The program type of `SEC(name)`, or null when libbpf would not know the name either. */
export function progTypeOfSection(name: string): string | null {
  const sec = name.startsWith("?") ? name.slice(1) : name;
  for (const rule of RULES) {
    if (sec === rule.prefix) return rule.type;
    if (!sec.startsWith(rule.prefix)) continue;
    const next = sec[rule.prefix.length];
    if (next === "/" || rule.open) return rule.type;
  }
  return null;
}

/**
 * A kfunc's name as the kernel knows it: libbpf drops a final `___flavour` ("bpf_foo___v2" →
 * "bpf_foo"), the separator being three underscores between two other characters.
 */
export function essentialName(name: string): string {
  for (let i = name.length - 5; i >= 0; i--) {
    if (name[i] !== "_" && name.startsWith("___", i + 1) && name[i + 4] !== "_") return name.slice(0, i + 1);
  }
  return name;
}

/**
 * The name a program declares to reach the kernel's kfunc `name`: the name itself, unless it ends
 * like a flavour (the kernel has "scx_bpf_reenqueue_local___v2"), which libbpf would drop; then one
 * more flavour is added for libbpf to drop ("scx_bpf_reenqueue_local___v2___compat").
 */
export function ksymNameFor(name: string): string {
  return essentialName(name) === name ? name : `${name}___compat`;
}
