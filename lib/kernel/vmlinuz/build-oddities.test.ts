import { describe, expect, it } from "vitest";
import { parseBtf } from "../btf/btf";
import { buildOddities, funcNames } from "./build-oddities";
import { baseBtf } from "./testing/fixtures";

// What builds read together say about FUNCs left out of the kfunc list (DOMAIN.md section 4): a tag
// missing from one build (Debian's 7.0 hid_bpf_hw_request), and untagged `_impl` twins (KF_IMPLICIT_ARGS).

const build = (release: string, funcs: string[], kfuncs: string[]) => ({
  release,
  funcs: new Set([...funcs, ...kfuncs]),
  kfuncs: new Set(kfuncs),
});

describe("buildOddities", () => {
  it("names a FUNC whose tag is missing from one build between two that tag it", () => {
    const odd = buildOddities([
      build("v6.19", [], ["hid_bpf_hw_request", "bpf_obj_new_impl"]),
      build("v7.0", ["hid_bpf_hw_request"], ["bpf_obj_new_impl"]),
      build("v7.2", [], ["hid_bpf_hw_request", "bpf_obj_new_impl"]),
    ]);
    expect(odd.get("v7.0")?.untaggedHere).toEqual([
      { name: "hid_bpf_hw_request", taggedIn: ["v6.19", "v7.2"] },
    ]);
    expect(odd.get("v6.19")?.untaggedHere).toEqual([]);
  });

  it("does not call a function that became a kfunc later an oddity", () => {
    const odd = buildOddities([
      build("v6.12", ["scx_bpf_cpu_curr"], []),
      build("v6.18", [], ["scx_bpf_cpu_curr"]),
    ]);
    expect(odd.get("v6.12")?.untaggedHere).toEqual([]);
  });

  it("says when a build has no bpf_kfunc tags at all, without listing every FUNC", () => {
    const odd = buildOddities([
      build("v6.0", [], ["bpf_task_acquire"]),
      build("v6.1", ["bpf_task_acquire"], []),
      build("v6.12", [], ["bpf_task_acquire"]),
    ]);
    expect(odd.get("v6.1")).toEqual({ hasKfuncTags: false, untaggedHere: [], implTwins: [] });
  });

  it("lists untagged _impl FUNCs beside a tagged kfunc, not tagged _impl ones", () => {
    const odd = buildOddities([
      build(
        "v7.3",
        ["bpf_wq_set_callback_impl", "bpf_stream_vprintk_impl", "some_other_impl"],
        ["bpf_wq_set_callback", "bpf_stream_vprintk", "bpf_obj_new", "bpf_obj_new_impl"],
      ),
    ]);
    expect(odd.get("v7.3")?.implTwins).toEqual(["bpf_stream_vprintk_impl", "bpf_wq_set_callback_impl"]);
  });

  it("reads FUNC names from BTF", () => {
    expect([...funcNames(parseBtf(baseBtf().bytes))].sort()).toEqual([
      "bpf_cast_to_kern_ctx",
      "bpf_cpumask_create",
      "bpf_wq_set_callback_impl",
    ]);
  });
});
