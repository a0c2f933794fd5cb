import { describe, expect, it } from "vitest";
import { readBtfKfuncs } from "./read-kfuncs";
import { BtfWriter } from "./testing/btf-writer";

// Which FUNCs count as kfuncs, how their tags are gathered, and ordering/deduplication.

describe("readBtfKfuncs", () => {
  it("lists FUNCs tagged bpf_kfunc on the function itself, sorted, with all their tags", () => {
    const w = new BtfWriter();
    const int = w.int("int", 4, { signed: true });
    const voidPtr = w.ptr(0);
    const mask = w.struct("bpf_cpumask", 16, []);
    const create = w.func("bpf_cpumask_create", w.funcProto(w.ptr(mask), []));
    w.declTag("bpf_kfunc", create);
    const cast = w.func("bpf_cast_to_kern_ctx", w.funcProto(voidPtr, [["obj", voidPtr]]));
    // Tags in an arbitrary order: the output sorts them.
    w.declTag("bpf_kfunc", cast);
    w.declTag("bpf_fastcall", cast);
    // Not kfuncs: untagged, tagged only on a parameter, tagged with another name, tag on a VAR.
    w.func("plain_helper", w.funcProto(int, []));
    const paramTagged = w.func("param_tagged", w.funcProto(int, [["x", int]]));
    w.declTag("bpf_kfunc", paramTagged, 0);
    const otherTag = w.func("other_tag", w.funcProto(int, []));
    w.declTag("bpf_fastcall", otherTag);
    const v = w.var("bpf_kfunc_var", int);
    w.declTag("bpf_kfunc", v);

    expect(readBtfKfuncs(w.build())).toEqual([
      {
        name: "bpf_cast_to_kern_ctx",
        prototype: "void *bpf_cast_to_kern_ctx(void *obj)",
        tags: ["bpf_fastcall", "bpf_kfunc"],
      },
      {
        name: "bpf_cpumask_create",
        prototype: "struct bpf_cpumask *bpf_cpumask_create(void)",
        tags: ["bpf_kfunc"],
      },
    ]);
  });

  it("lists a name once when two FUNCs carry it, merging their tags", () => {
    const w = new BtfWriter();
    const proto = w.funcProto(0, []);
    const first = w.func("bpf_rcu_read_lock", proto);
    w.declTag("bpf_kfunc", first);
    const second = w.func("bpf_rcu_read_lock", proto);
    w.declTag("bpf_kfunc", second);
    w.declTag("bpf_fastcall", second);
    expect(readBtfKfuncs(w.build())).toEqual([
      {
        name: "bpf_rcu_read_lock",
        prototype: "void bpf_rcu_read_lock(void)",
        tags: ["bpf_fastcall", "bpf_kfunc"],
      },
    ]);
  });

  it("ignores attribute-form decl tags (kind_flag set)", () => {
    const w = new BtfWriter();
    const f = w.func("f", w.funcProto(0, []));
    w.declTag("bpf_kfunc", f, -1, true);
    expect(readBtfKfuncs(w.build())).toEqual([]);
  });

  it("reads the kfuncs of split (module) BTF given its base, not the base's own", () => {
    const baseWriter = new BtfWriter();
    const int = baseWriter.int("int", 4, { signed: true });
    const sock = baseWriter.struct("sock", 0, []);
    const baseFunc = baseWriter.func("base_kfunc", baseWriter.funcProto(int, []));
    baseWriter.declTag("bpf_kfunc", baseFunc);
    const base = baseWriter.build();

    const w = new BtfWriter({ typeCount: baseWriter.nextId, strLen: baseWriter.strLen });
    const ssthresh = w.func("bbr_ssthresh", w.funcProto(int, [["sk", w.ptr(sock)]]));
    w.declTag("bpf_kfunc", ssthresh);

    expect(readBtfKfuncs(w.build(), { base })).toEqual([
      { name: "bbr_ssthresh", prototype: "int bbr_ssthresh(struct sock *sk)", tags: ["bpf_kfunc"] },
    ]);
    expect(readBtfKfuncs(base).map((k) => k.name)).toEqual(["base_kfunc"]);
  });
});
