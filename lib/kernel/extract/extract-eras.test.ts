// One fixture tree per way of declaring kfuncs, oldest first (docs/kernel-facts.md section 2).

import { describe, expect, it } from "vitest";
import { extractFromTree } from "./index";
import { fixturePath, kfunc, withWarnings } from "./test-helpers";

describe("declaration eras", () => {
  it("5.18: BTF_SET_START sets named by .check_set, flags from .acquire_set/.release_set/.ret_null_set", async () => {
    const { result, warnings } = await withWarnings((onWarning) =>
      extractFromTree(fixturePath("era-5.18"), { onWarning }),
    );
    expect(result.map((k) => k.name)).toEqual([
      "bpf_ct_release",
      "bpf_xdp_ct_lookup",
      "tcp_reno_cong_avoid",
      "tcp_reno_ssthresh",
      "tcp_slow_start",
    ]);
    expect(kfunc(result, "bpf_xdp_ct_lookup")).toMatchObject({
      flags: ["ACQUIRE", "RET_NULL"],
      progTypes: ["XDP"],
      prototype:
        "struct nf_conn *bpf_xdp_ct_lookup(struct xdp_md *xdp_ctx, struct bpf_sock_tuple *bpf_tuple, u32 tuple__sz, struct bpf_ct_opts *opts, u32 opts__sz)",
    });
    expect(kfunc(result, "bpf_ct_release").flags).toEqual(["RELEASE"]);
    // The LSM hook set (BTF_SET_START, never registered) contributes nothing.
    expect(result.some((k) => k.name.startsWith("bpf_lsm_"))).toBe(false);
    expect(kfunc(result, "tcp_slow_start")).toMatchObject({
      flags: [],
      progTypes: ["STRUCT_OPS"],
      prototype: "u32 tcp_slow_start(struct tcp_sock *tp, u32 acked)",
      definedIn: { file: "net/ipv4/tcp_cong.c", line: 7 },
      sets: [{ name: "bpf_tcp_ca_check_kfunc_ids", file: "net/ipv4/bpf_tcp_ca.c", line: 12 }],
    });
    expect(warnings).toEqual([]);
  });

  it("6.0: BTF_SET8_START with BTF_ID_FLAGS, registered for two program types", async () => {
    const result = await extractFromTree(fixturePath("era-6.0"));
    expect(kfunc(result, "bpf_ct_insert_entry")).toMatchObject({
      flags: ["ACQUIRE", "RELEASE", "RET_NULL"],
      progTypes: ["SCHED_CLS", "XDP"],
      prototype: "struct nf_conn *bpf_ct_insert_entry(struct nf_conn___init *nfct_i)",
    });
    expect(kfunc(result, "bpf_xdp_ct_alloc").prototype).toBe(
      "struct nf_conn___init *bpf_xdp_ct_alloc(struct xdp_md *xdp_ctx, struct bpf_sock_tuple *bpf_tuple, u32 tuple__sz, struct bpf_ct_opts *opts, u32 opts__sz)",
    );
    expect(kfunc(result, "tcp_reno_ssthresh").definedIn?.file).toBe("net/ipv4/tcp_cong.c");
  });

  it("6.1: definitions without a marker, after a __diag_pop() that lacks its ';'", async () => {
    const result = await extractFromTree(fixturePath("era-6.1"));
    expect(kfunc(result, "bpf_ct_set_nat_info")).toMatchObject({
      flags: ["TRUSTED_ARGS"],
      progTypes: ["SCHED_CLS", "XDP"],
      prototype:
        "int bpf_ct_set_nat_info(struct nf_conn___init *nfct, union nf_inet_addr *addr, int port, enum nf_nat_manip_type manip)",
      definedIn: { file: "net/netfilter/nf_nat_bpf.c", line: 16 },
    });
    // Set in kernel/bpf/helpers.c, definition in kernel/kexec_core.c (not the header stub).
    expect(kfunc(result, "crash_kexec")).toMatchObject({
      flags: ["DESTRUCTIVE"],
      guards: ["CONFIG_KEXEC_CORE"],
      prototype: "void crash_kexec(struct pt_regs *regs)",
      definedIn: { file: "kernel/kexec_core.c", line: 6 },
    });
  });

  it("6.3: __bpf_kfunc definitions", async () => {
    const result = await extractFromTree(fixturePath("era-6.3"));
    expect(kfunc(result, "bpf_cpumask_create")).toMatchObject({
      flags: ["ACQUIRE", "RET_NULL"],
      prototype: "struct bpf_cpumask *bpf_cpumask_create(void)",
      definedIn: { file: "kernel/bpf/cpumask.c", line: 21 },
    });
    expect(kfunc(result, "bpf_cpumask_release").flags).toEqual(["RELEASE", "TRUSTED_ARGS"]);
    expect(kfunc(result, "bpf_cpumask_first").prototype).toBe(
      "u32 bpf_cpumask_first(const struct cpumask *cpumask)",
    );
  });

  it("6.7: __bpf_kfunc_start_defs(); … __bpf_kfunc_end_defs();", async () => {
    const result = await extractFromTree(fixturePath("era-6.7"));
    expect(result.map((k) => k.name)).toEqual(["bpf_rcu_read_lock", "bpf_task_acquire", "bpf_task_release"]);
    expect(kfunc(result, "bpf_task_acquire")).toMatchObject({
      prototype: "struct task_struct *bpf_task_acquire(struct task_struct *p)",
      flags: ["ACQUIRE", "RET_NULL", "RCU"],
      progTypes: ["SCHED_CLS", "TRACING"],
    });
    expect(kfunc(result, "bpf_rcu_read_lock")).toMatchObject({
      progTypes: ["UNSPEC"],
      prototype: "void bpf_rcu_read_lock(void)",
    });
  });

  it("6.9: BTF_KFUNCS_START", async () => {
    const result = await extractFromTree(fixturePath("era-6.9"));
    expect(result).toEqual([
      {
        name: "bpf_map_sum_elem_count",
        prototype: "s64 bpf_map_sum_elem_count(const struct bpf_map *map)",
        flags: ["TRUSTED_ARGS"],
        progTypes: ["UNSPEC"],
        sets: [
          {
            name: "bpf_map_iter_kfunc_ids",
            flags: ["TRUSTED_ARGS"],
            progTypes: ["UNSPEC"],
            file: "kernel/bpf/map_iter.c",
            line: 29,
            guards: [],
            filtered: false,
          },
        ],
        definedIn: { file: "kernel/bpf/map_iter.c", line: 10 },
        guards: [],
      },
    ]);
  });

  it("7.0: KF_IMPLICIT_ARGS kfuncs are recorded with the prototype BPF programs call", async () => {
    const { result, warnings } = await withWarnings((onWarning) =>
      extractFromTree(fixturePath("era-7.0"), { onWarning }),
    );
    expect(kfunc(result, "bpf_wq_set_callback")).toMatchObject({
      flags: ["IMPLICIT_ARGS"],
      prototype:
        "int bpf_wq_set_callback(struct bpf_wq *wq, int (callback_fn)(void *map, int *key, void *value), unsigned int flags)",
    });
    expect(kfunc(result, "bpf_stream_vprintk").prototype).toBe(
      "int bpf_stream_vprintk(int stream_id, const char *fmt__str, const void *args, u32 len__sz)",
    );
    expect(kfunc(result, "bpf_obj_new")).toMatchObject({
      flags: ["ACQUIRE", "RET_NULL", "IMPLICIT_ARGS"],
      prototype: "void *bpf_obj_new(u64 local_type_id__k)",
    });
    // The list stops at the first implicit argument: meta and the offset after it are hidden.
    expect(kfunc(result, "bpf_list_push_front").prototype).toBe(
      "int bpf_list_push_front(struct bpf_list_head *head, struct bpf_list_node *node)",
    );
    // Without the flag, nothing is hidden; trusted arguments are the default, with no flag.
    expect(kfunc(result, "bpf_task_acquire")).toMatchObject({
      flags: ["ACQUIRE", "RET_NULL", "RCU"],
      prototype: "struct task_struct *bpf_task_acquire(struct task_struct *p)",
    });
    expect(warnings).toEqual([]);
  });
});
