// The subsystem a kfunc belongs to, derived from the path of the file that defines it (or of
// its set when no definition was found). Pure.

// Longest prefixes first: a path takes the most specific subsystem that matches.
const SUBSYSTEMS: readonly string[] = [
  "kernel/sched/ext",
  "kernel/bpf",
  "kernel/trace",
  "kernel/sched",
  "kernel/cgroup",
  "net/netfilter",
  "net/ipv4",
  "net/ipv6",
  "net/xfrm",
  "net/core",
  "net/bpf",
  "net/sched",
  "drivers/hid",
  "fs",
  "security",
  "mm",
  "crypto",
  "lib",
  "block",
  "sound",
];

export function subsystemOf(file: string | null | undefined): string {
  if (!file) return "unknown";
  const normalised = file.replace(/^\.\//, "");
  // sched_ext lives in files, not a folder: kernel/sched/ext.c, ext_idle.c.
  if (/^kernel\/sched\/ext(_\w+)?\.[ch]$/.test(normalised)) return "kernel/sched/ext";
  const known = SUBSYSTEMS.find((prefix) => normalised === prefix || normalised.startsWith(`${prefix}/`));
  if (known) return known;
  // Anything else falls back to its top two directories (drivers/net, net/mptcp …).
  const parts = normalised.split("/");
  if (parts.length >= 3) return `${parts[0]}/${parts[1]}`;
  return parts[0] ?? "unknown";
}
