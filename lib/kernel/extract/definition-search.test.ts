import { describe, expect, it } from "vitest";
import { findKfuncDefinitions, rareNeedleFor } from "./definition-search";
import { InMemoryProvider } from "./file-provider";
import { SourceFile } from "./source-file";

describe("definition search", () => {
  it("picks short needles that start at a rare character and are part of the name", () => {
    for (const name of [
      "crash_kexec",
      "tcp_reno_ssthresh",
      "bpf_obj_new_impl",
      "x",
      "bpf_xdp_metadata_rx_vlan_tag",
    ]) {
      const needle = rareNeedleFor(name);
      expect(name).toContain(needle);
      expect(needle.length).toBeLessThanOrEqual(6);
    }
    expect(rareNeedleFor("crash_kexec")).toBe("kexec");
  });

  it("prefers the set's file, then __bpf_kfunc, then .c files; reads other files only for missing names", async () => {
    const files = new Map<string, string>([
      ["kernel/bpf/helpers.c", "BTF_ID_FLAGS(func, crash_kexec)\nvoid bpf_here(void)\n{\n}\n"],
      ["kernel/kexec_core.c", "void crash_kexec(struct pt_regs *regs)\n{\n}\n"],
      ["kernel/other.c", "static inline void crash_kexec(struct pt_regs *regs) { }\n"],
      ["kernel/marked.c", "__bpf_kfunc void bpf_here(int other)\n{\n}\n"],
    ]);
    const provider = new InMemoryProvider("<test>", files);
    const candidates = new Map([...files].filter(([path]) => path !== "kernel/kexec_core.c"));
    const definitions = await findKfuncDefinitions({
      setFilesByName: new Map([
        ["crash_kexec", new Set(["kernel/bpf/helpers.c"])],
        ["bpf_here", new Set(["kernel/bpf/helpers.c"])],
      ]),
      candidates,
      sourceOf: (path) => new SourceFile(path, files.get(path) ?? ""),
      provider,
    });
    expect(definitions.get("bpf_here")).toMatchObject({
      file: "kernel/bpf/helpers.c",
      prototype: "void bpf_here(void)",
    });
    expect(definitions.get("crash_kexec")).toMatchObject({ file: "kernel/kexec_core.c", line: 1 });
  });
});
