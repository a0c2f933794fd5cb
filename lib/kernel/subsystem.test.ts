import { describe, expect, it } from "vitest";
import { subsystemOf } from "./subsystem";

describe("subsystemOf", () => {
  it.each([
    ["kernel/bpf/helpers.c", "kernel/bpf"],
    ["kernel/bpf/cpumask.c", "kernel/bpf"],
    ["kernel/sched/ext.c", "kernel/sched/ext"],
    ["kernel/sched/ext_idle.c", "kernel/sched/ext"],
    ["kernel/sched/core.c", "kernel/sched"],
    ["net/netfilter/nf_conntrack_bpf.c", "net/netfilter"],
    ["net/ipv4/tcp_bbr.c", "net/ipv4"],
    ["drivers/hid/bpf/hid_bpf_dispatch.c", "drivers/hid"],
    ["fs/bpf_fs_kfuncs.c", "fs"],
    ["net/mptcp/bpf.c", "net/mptcp"],
    ["kernel/crash_core.c", "kernel"],
  ])("%s → %s", (file, expected) => {
    expect(subsystemOf(file)).toBe(expected);
  });

  it("says unknown when there is no path (BTF-only kfuncs)", () => {
    expect(subsystemOf(null)).toBe("unknown");
  });
});
