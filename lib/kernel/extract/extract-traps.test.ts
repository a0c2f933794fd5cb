// One fixture tree per trap a real kernel tree sets for a naive extractor (docs/kernel-facts.md section 3).

import { describe, expect, it } from "vitest";
import { extractFromTree } from "./index";
import { fixturePath, kfunc, withWarnings } from "./test-helpers";

describe("traps", () => {
  it("BTF_SET_START lists, BTF_ID_LIST, fmod_ret sets and unregistered sets are not kfunc sets", async () => {
    let fmodret: string[] = [];
    const { result, warnings } = await withWarnings((onWarning) =>
      extractFromTree(fixturePath("trap-not-kfunc-sets"), {
        onWarning,
        onFmodretTargets: (names) => {
          fmodret = names;
        },
      }),
    );
    // The fmod_ret set's other entries are attach targets, reported as such for BTF readers,
    // whose tags cannot tell them from kfuncs.
    expect(fmodret).toEqual(["bpf_fentry_test1", "bpf_modify_return_test", "update_socket_protocol"]);
    // Only the registered kfunc set counts; bpf_modify_return_test_tp is in both it and the
    // fmod_ret set, so it is a kfunc, with the kfunc set as its only membership.
    expect(result.map((k) => k.name)).toEqual(["bpf_kfunc_call_test_release", "bpf_modify_return_test_tp"]);
    expect(kfunc(result, "bpf_modify_return_test_tp").sets.map((s) => s.name)).toEqual([
      "test_sk_check_kfunc_ids",
    ]);
    expect(warnings).toEqual([
      "net/bpf/test_run.c:55: BTF_KFUNCS set forgotten_kfunc_ids is never registered with register_btf_kfunc_id_set(); its entries are not reported",
    ]);
  });

  it("expands the XDP metadata X-macro from the header and never reports a kfunc called `name`", async () => {
    const result = await extractFromTree(fixturePath("trap-xdp-xmacro"));
    expect(result.map((k) => k.name)).toEqual([
      "bpf_xdp_metadata_rx_hash",
      "bpf_xdp_metadata_rx_timestamp",
      "bpf_xdp_metadata_rx_vlan_tag",
    ]);
    for (const k of result) {
      expect(k.flags).toEqual(["TRUSTED_ARGS"]);
      expect(k.progTypes).toEqual(["XDP"]);
      // The entries are generated at the line of the list macro's use inside the set.
      expect(k.sets).toEqual([
        expect.objectContaining({ name: "xdp_metadata_kfunc_ids", file: "net/core/xdp.c", line: 32 }),
      ]);
    }
    expect(kfunc(result, "bpf_xdp_metadata_rx_vlan_tag").prototype).toBe(
      "int bpf_xdp_metadata_rx_vlan_tag(const struct xdp_md *ctx, __be16 *vlan_proto, u16 *vlan_tci)",
    );
  });

  it("reads multi-line entries, flags with or without spaces, a trailing ';', macro flags, and skips comments", async () => {
    const { result, warnings } = await withWarnings((onWarning) =>
      extractFromTree(fixturePath("trap-entry-syntax"), { onWarning }),
    );
    expect(result.map((k) => k.name)).not.toContain("commented_out_kfunc");
    expect(result.map((k) => k.name)).not.toContain("line_commented_kfunc");
    expect(kfunc(result, "bpf_get_task_exe_file")).toMatchObject({
      flags: ["ACQUIRE", "RET_NULL", "TRUSTED_ARGS"],
    });
    expect(kfunc(result, "bpf_get_task_exe_file").sets[0]?.line).toBe(45);
    expect(kfunc(result, "bpf_iter_num_new").flags).toEqual(["ITER_NEW"]);
    expect(kfunc(result, "bpf_iter_num_next").flags).toEqual(["RET_NULL", "ITER_NEXT"]);
    expect(kfunc(result, "bpf_iter_num_destroy").flags).toEqual(["SLEEPABLE", "ITER_DESTROY"]);
    // Unknown flags are kept after the known ones, and warned about once.
    expect(kfunc(result, "bpf_future_kfunc").flags).toEqual(["SLEEPABLE", "FUTURE_FLAG"]);
    expect(warnings).toEqual([
      "kernel/bpf/iter_kfuncs.c:50: unknown flag KF_FUTURE_FLAG (kept, ordered after the known flags)",
    ]);
    // Two entries on one line: two memberships, flags united.
    expect(kfunc(result, "bpf_rcu_read_unlock").sets.map((s) => s.flags)).toEqual([[], ["RCU"]]);
    expect(kfunc(result, "bpf_rcu_read_unlock").flags).toEqual(["RCU"]);
  });

  it("keeps #ifdef guards inside and around sets, #else branches, and the guard of an including .c", async () => {
    const result = await extractFromTree(fixturePath("trap-guards"));
    expect(result.map((k) => k.name)).not.toContain("bpf_old_api"); // under #if 0
    expect(kfunc(result, "crash_kexec").guards).toEqual(["CONFIG_CRASH_DUMP"]);
    expect(kfunc(result, "bpf_cgroup_acquire").guards).toEqual(["CONFIG_CGROUPS"]);
    expect(kfunc(result, "bpf_net_kfunc").guards).toEqual(["CONFIG_NET", "CONFIG_INET"]);
    expect(kfunc(result, "bpf_either_kfunc").guards).toEqual([
      "!CONFIG_NET || !CONFIG_INET",
      "CONFIG_UNIX || CONFIG_XDP_SOCKETS",
    ]);
    // In the set twice: with RCU always, without it when !CONFIG_CGROUPS; needed by neither guard.
    const task = kfunc(result, "bpf_task_acquire");
    expect(task.sets.map((s) => [s.flags, s.guards])).toEqual([
      [["ACQUIRE", "RET_NULL", "RCU"], []],
      [["ACQUIRE", "RET_NULL"], ["!CONFIG_CGROUPS"]],
    ]);
    expect(task.guards).toEqual([]);
    // A whole set, its struct and its registration inside #ifdef CONFIG_KEYS.
    expect(kfunc(result, "bpf_lookup_system_key").guards).toEqual(["CONFIG_KEYS"]);
    // kernel/sched/ext.c is built only through build_policy.c's #ifdef CONFIG_SCHED_CLASS_EXT.
    expect(kfunc(result, "scx_bpf_kick_cpu").guards).toEqual(["CONFIG_SCHED_CLASS_EXT"]);
    expect(kfunc(result, "scx_bpf_pick_idle_cpu").guards).toEqual(["CONFIG_SCHED_CLASS_EXT", "CONFIG_SMP"]);
  });

  it("follows split, chained and if-chained registrations, many program types, UNSPEC, filters, and a struct in another file", async () => {
    const result = await extractFromTree(fixturePath("trap-registrations"));
    expect(kfunc(result, "bpf_dynptr_from_skb").progTypes).toEqual([
      "CGROUP_SKB",
      "LWT_IN",
      "LWT_OUT",
      "LWT_SEG6LOCAL",
      "LWT_XMIT",
      "NETFILTER",
      "SCHED_ACT",
      "SCHED_CLS",
      "SK_SKB",
      "SOCKET_FILTER",
      "TRACING",
    ]);
    expect(kfunc(result, "bpf_sock_addr_set_sun_path").progTypes).toEqual(["CGROUP_SOCK_ADDR"]);
    expect(kfunc(result, "bpf_iter_tcp_sk_next")).toMatchObject({ progTypes: ["TRACING"] });
    expect(kfunc(result, "bpf_iter_tcp_sk_next").sets[0]?.filtered).toBe(true);
    expect(kfunc(result, "bpf_dynptr_from_skb").sets[0]?.filtered).toBe(false);
    expect(kfunc(result, "bpf_sock_destroy")).toMatchObject({
      progTypes: ["UNSPEC"],
      sets: [expect.objectContaining({ name: "bpf_sock_kfunc_ids", file: "net/core/sock_kfuncs.c" })],
    });
  });

  it("resolves a struct name defined in two files within the registering file", async () => {
    const result = await extractFromTree(fixturePath("trap-struct-collision"));
    expect(kfunc(result, "bpf_cast_to_kern_ctx")).toMatchObject({
      progTypes: ["TRACING"],
      sets: [expect.objectContaining({ name: "common_btf_ids", file: "kernel/bpf/helpers.c" })],
    });
    expect(kfunc(result, "bpf_arena_alloc_pages")).toMatchObject({
      progTypes: ["UNSPEC"],
      flags: ["TRUSTED_ARGS", "SLEEPABLE"],
      sets: [expect.objectContaining({ name: "arena_kfuncs", file: "kernel/bpf/arena.c" })],
    });
  });

  it("keeps each set's own flags for a kfunc in two sets, and unites them", async () => {
    const result = await extractFromTree(fixturePath("trap-multi-set-flags"));
    const request = kfunc(result, "hid_bpf_hw_request");
    expect(request.sets.map((s) => [s.name, s.flags, s.progTypes])).toEqual([
      ["hid_bpf_kfunc_ids", ["SLEEPABLE"], ["STRUCT_OPS"]],
      ["hid_bpf_syscall_kfunc_ids", [], ["SYSCALL"]],
    ]);
    expect(request).toMatchObject({ flags: ["SLEEPABLE"], progTypes: ["STRUCT_OPS", "SYSCALL"] });
    expect(kfunc(result, "hid_bpf_allocate_context").sets.map((s) => s.flags)).toEqual([
      ["ACQUIRE", "RET_NULL", "SLEEPABLE"],
      ["ACQUIRE", "RET_NULL"],
    ]);
    expect(kfunc(result, "hid_bpf_get_data").prototype).toBe(
      "__u8 *hid_bpf_get_data(struct hid_bpf_ctx *ctx, unsigned int offset, const size_t rdwr_buf_size)",
    );
  });

  it("does not report a __bpf_kfunc destructor that is in no kfunc set", async () => {
    const result = await extractFromTree(fixturePath("trap-destructor"));
    expect(result.map((k) => k.name)).toEqual(["bpf_cpumask_release"]);
  });

  it("normalises prototypes with odd attributes, own-line return types, and finds definitions elsewhere", async () => {
    const { result, warnings } = await withWarnings((onWarning) =>
      extractFromTree(fixturePath("trap-prototypes"), { onWarning }),
    );
    const prototypes = Object.fromEntries(result.map((k) => [k.name, k.prototype]));
    expect(prototypes).toEqual({
      bpf_attr_after_type: "int bpf_attr_after_type(int a)",
      bpf_copy_from_user_str:
        "int bpf_copy_from_user_str(void *dst, u32 dst__sz, const void __user *unsafe_ptr__ign, u64 flags)",
      bpf_list_pop_front: "struct bpf_list_node *bpf_list_pop_front(struct bpf_list_head *head)",
      bpf_no_params: "u64 bpf_no_params()",
      bpf_nowhere_defined: null,
      bpf_rbtree_add_impl:
        "int bpf_rbtree_add_impl(struct bpf_rb_root *root, struct bpf_rb_node *node, bool (less)(struct bpf_rb_node *a, const struct bpf_rb_node *b), void *meta__ign, u64 off)",
      bpf_wq_set_callback_impl:
        "int bpf_wq_set_callback_impl(struct bpf_wq *wq, int (*callback_fn)(void *map, int *key, void *value), unsigned int flags, void **aux__ign)",
      crash_kexec: "void crash_kexec(struct pt_regs *regs)",
    });
    expect(kfunc(result, "bpf_list_pop_front").definedIn).toEqual({ file: "kernel/bpf/helpers.c", line: 20 });
    expect(kfunc(result, "crash_kexec").definedIn).toEqual({ file: "kernel/crash_core.c", line: 15 });
    expect(kfunc(result, "bpf_nowhere_defined").definedIn).toBeNull();
    expect(warnings).toEqual(["kernel/bpf/helpers.c:60: no definition found for kfunc bpf_nowhere_defined"]);
  });
});
