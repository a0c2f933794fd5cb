// Checks against Debian's real kernel trees, when scripts/fetch-kernel-sources.sh has unpacked
// them (same cache dir rule; KFUNC_CACHE overrides). Every expectation here was verified by
// reading the tree with grep; the crude cross-check below is independent of the extractor.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ExtractedKfunc } from "../types";
import { extractFromTree } from "./index";
import { kernelSourceCache, kfunc } from "./test-helpers";

const TREE_6_12 = join(kernelSourceCache(), "linux-6.12");
const TREE_6_1 = join(kernelSourceCache(), "linux-6.1");

/**
 * The naive count: every `BTF_ID_FLAGS(func, name` between a BTF_SET8_START / BTF_KFUNCS_START
 * and its END, in .c files outside tools/, found with grep and a line regex.
 */
function crudeKfuncNames(tree: string): Set<string> {
  const files = execFileSync("grep", ["-rlE", "--include=*.c", "BTF_(SET8|KFUNCS)_START", tree], {
    encoding: "utf8",
  })
    .split("\n")
    .filter((file) => file !== "" && !file.startsWith(join(tree, "tools/")));
  const names = new Set<string>();
  for (const file of files) {
    let inSet = false;
    for (const line of readFileSync(file, "latin1").split("\n")) {
      if (/BTF_(SET8|KFUNCS)_START\(/.test(line)) inSet = true;
      const entry = /BTF_ID_FLAGS\(func,\s*(\w+)/.exec(line);
      if (inSet && entry?.[1]) names.add(entry[1]);
      if (/BTF_(SET8|KFUNCS)_END\(/.test(line)) inSet = false;
    }
  }
  return names;
}

describe.skipIf(!existsSync(TREE_6_12))("Debian linux-source-6.12", () => {
  let kfuncs: ExtractedKfunc[];
  let warnings: string[];

  beforeAll(async () => {
    warnings = [];
    kfuncs = await extractFromTree(TREE_6_12, { onWarning: (message) => warnings.push(message) });
  });

  it("finds a couple of hundred kfuncs, each with a prototype, sorted by name", () => {
    expect(kfuncs.length).toBeGreaterThan(150);
    expect(kfuncs.length).toBeLessThan(350);
    expect(kfuncs.filter((k) => k.prototype === null).map((k) => k.name)).toEqual([]);
    expect(kfuncs.map((k) => k.name)).toEqual([...kfuncs.map((k) => k.name)].sort());
    expect(warnings).toEqual([]);
  });

  it("reads bpf_cpumask_create and bpf_task_acquire", () => {
    expect(kfunc(kfuncs, "bpf_cpumask_create")).toMatchObject({
      flags: ["ACQUIRE", "RET_NULL"],
      prototype: "struct bpf_cpumask *bpf_cpumask_create(void)",
      definedIn: { file: "kernel/bpf/cpumask.c" },
    });
    expect(kfunc(kfuncs, "bpf_task_acquire")).toMatchObject({
      flags: ["ACQUIRE", "RET_NULL", "RCU"],
      prototype: "struct task_struct *bpf_task_acquire(struct task_struct *p)",
      definedIn: { file: "kernel/bpf/helpers.c" },
    });
  });

  it("keeps hid_bpf flags per set: SLEEPABLE in the STRUCT_OPS set only", () => {
    const request = kfunc(kfuncs, "hid_bpf_hw_request");
    expect(request.sets.map((s) => [s.name, s.flags, s.progTypes])).toEqual([
      ["hid_bpf_kfunc_ids", ["SLEEPABLE"], ["STRUCT_OPS"]],
      ["hid_bpf_syscall_kfunc_ids", [], ["SYSCALL"]],
    ]);
    expect(request.flags).toEqual(["SLEEPABLE"]);
    expect(kfunc(kfuncs, "hid_bpf_try_input_report").sets.map((s) => s.name)).toEqual(["hid_bpf_kfunc_ids"]);
  });

  it("expands the XDP metadata X-macro: three real kfuncs, none called `name`", () => {
    for (const name of [
      "bpf_xdp_metadata_rx_timestamp",
      "bpf_xdp_metadata_rx_hash",
      "bpf_xdp_metadata_rx_vlan_tag",
    ]) {
      expect(kfunc(kfuncs, name)).toMatchObject({
        progTypes: ["XDP"],
        flags: ["TRUSTED_ARGS"],
        definedIn: { file: "net/core/xdp.c" },
      });
    }
    expect(kfuncs.some((k) => k.name === "name")).toBe(false);
  });

  it("leaves out fmod_ret-only functions but keeps one that is also in a kfunc set", () => {
    const names = new Set(kfuncs.map((k) => k.name));
    for (const fmodretOnly of [
      "bpf_modify_return_test",
      "bpf_modify_return_test2",
      "bpf_fentry_test1",
      "update_socket_protocol",
    ]) {
      expect(names.has(fmodretOnly)).toBe(false);
    }
    expect(kfunc(kfuncs, "bpf_modify_return_test_tp").sets.map((s) => s.name)).toEqual(["common_btf_ids"]);
  });

  it("gives every sched_ext kfunc the CONFIG_SCHED_CLASS_EXT guard of build_policy.c", () => {
    const scx = kfuncs.filter((k) => k.name.startsWith("scx_bpf_") || k.name.startsWith("bpf_iter_scx_"));
    expect(scx.length).toBeGreaterThan(30);
    for (const k of scx) expect(k.guards).toContain("CONFIG_SCHED_CLASS_EXT");
    expect(kfunc(kfuncs, "scx_bpf_kick_cpu").guards).toEqual(["CONFIG_SCHED_CLASS_EXT"]);
  });

  it("resolves common_kfunc_set per file and keeps guards, UNSPEC and definitions elsewhere", () => {
    expect(kfunc(kfuncs, "bpf_arena_alloc_pages").sets.map((s) => [s.name, s.progTypes])).toEqual([
      ["arena_kfuncs", ["UNSPEC"]],
    ]);
    expect(kfunc(kfuncs, "bpf_cast_to_kern_ctx").sets.map((s) => [s.name, s.progTypes])).toEqual([
      ["common_btf_ids", ["UNSPEC"]],
    ]);
    expect(kfunc(kfuncs, "crash_kexec")).toMatchObject({
      flags: ["DESTRUCTIVE"],
      guards: ["CONFIG_CRASH_DUMP"],
      definedIn: { file: "kernel/crash_core.c" },
    });
    expect(kfunc(kfuncs, "tcp_slow_start").definedIn?.file).toBe("net/ipv4/tcp_cong.c");
    expect(kfunc(kfuncs, "bpf_dynptr_from_skb").progTypes).toHaveLength(11);
    // Destructors marked __bpf_kfunc but registered only with register_btf_id_dtor_kfuncs().
    expect(kfuncs.some((k) => k.name.endsWith("_dtor"))).toBe(false);
  });

  it("differs from the crude grep count only by fmod_ret sets and the X-macro", () => {
    const crude = crudeKfuncNames(TREE_6_12);
    const ours = new Set(kfuncs.map((k) => k.name));
    expect([...crude].filter((name) => !ours.has(name)).sort()).toEqual([
      "bpf_fentry_test1", // fmod_ret set bpf_test_modify_return_ids (net/bpf/test_run.c)
      "bpf_modify_return_test", // same
      "bpf_modify_return_test2", // same
      "name", // the X-macro parameter in net/core/xdp.c
      "update_socket_protocol", // fmod_ret set bpf_mptcp_fmodret_ids (net/mptcp/bpf.c)
    ]);
    expect([...ours].filter((name) => !crude.has(name)).sort()).toEqual([
      "bpf_xdp_metadata_rx_hash",
      "bpf_xdp_metadata_rx_timestamp",
      "bpf_xdp_metadata_rx_vlan_tag",
    ]);
  });
});

describe.skipIf(!existsSync(TREE_6_1))("Debian linux-source-6.1", () => {
  let kfuncs: ExtractedKfunc[];

  beforeAll(async () => {
    kfuncs = await extractFromTree(TREE_6_1);
  });

  it("finds tens of kfuncs, all with prototypes although no definition is marked", () => {
    expect(kfuncs.length).toBeGreaterThan(40);
    expect(kfuncs.length).toBeLessThan(120);
    expect(kfuncs.filter((k) => k.prototype === null).map((k) => k.name)).toEqual([]);
    expect(kfuncs.some((k) => k.name.startsWith("scx_"))).toBe(false);
    expect(kfuncs.map((k) => k.name).sort()).toEqual([...crudeKfuncNames(TREE_6_1)].sort());
  });

  it("reads unmarked definitions, including those in another file than the set", () => {
    expect(kfunc(kfuncs, "bpf_ct_set_nat_info")).toMatchObject({
      flags: ["TRUSTED_ARGS"],
      progTypes: ["SCHED_CLS", "XDP"],
      prototype:
        "int bpf_ct_set_nat_info(struct nf_conn___init *nfct, union nf_inet_addr *addr, int port, enum nf_nat_manip_type manip)",
    });
    expect(kfunc(kfuncs, "tcp_slow_start")).toMatchObject({
      prototype: "u32 tcp_slow_start(struct tcp_sock *tp, u32 acked)",
      definedIn: { file: "net/ipv4/tcp_cong.c" },
      progTypes: ["STRUCT_OPS"],
    });
    expect(kfunc(kfuncs, "crash_kexec")).toMatchObject({
      flags: ["DESTRUCTIVE"],
      guards: ["CONFIG_KEXEC_CORE"],
      progTypes: ["TRACING"],
      definedIn: { file: "kernel/kexec_core.c" },
    });
    expect(kfunc(kfuncs, "bpf_kfunc_call_test_kptr_get").flags).toEqual(["ACQUIRE", "RET_NULL", "KPTR_GET"]);
    expect(kfunc(kfuncs, "bbr_main").guards).toEqual(["CONFIG_X86", "CONFIG_DYNAMIC_FTRACE"]);
  });
});
