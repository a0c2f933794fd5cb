import { describe, expect, it } from "vitest";
import { type BuildData, snapshotFromBuild, withBuildEvidence } from "./build-evidence";
import type { ReleaseSnapshot } from "./snapshot";

const kfunc = (name: string) => ({
  name,
  prototype: `int ${name}(void)`,
  flags: ["ACQUIRE"],
  progTypes: ["XDP"],
  sets: [],
  definedIn: null,
  guards: [],
  btfTags: [],
});
const source: ReleaseSnapshot = {
  release: "v7.2",
  sourceKind: "TARBALL",
  origin: "Debian linux-source 7.2.13-1",
  sourceRef: "linux-source-7.2.tar.xz",
  kfuncs: [kfunc("bpf_ct_insert_entry"), kfunc("bpf_get_lowcore"), kfunc("bpf_task_acquire")],
};
const build: BuildData = {
  release: "v7.2",
  origin: "Debian linux-binary 7.2.13-1 amd64 (full config)",
  notes: [],
  kfuncs: [
    {
      name: "bpf_ct_insert_entry",
      prototype: "int bpf_ct_insert_entry(void)",
      btfTags: [],
      seenIn: ["nf_conntrack"],
    },
    { name: "bpf_task_acquire", prototype: "int bpf_task_acquire(void)", btfTags: [], seenIn: ["vmlinux"] },
  ],
};

describe("withBuildEvidence", () => {
  it("says where the build has each kfunc, and leaves empty what the build does not have", () => {
    const merged = withBuildEvidence(source, build);
    expect(merged.kfuncs.map((k) => [k.name, k.seenIn])).toEqual([
      ["bpf_ct_insert_entry", ["nf_conntrack"]],
      ["bpf_get_lowcore", []], // s390 only: not in an amd64 build
      ["bpf_task_acquire", ["vmlinux"]],
    ]);
    // The source still decides everything else, and the origin names both inputs.
    expect(merged.sourceKind).toBe("TARBALL");
    expect(merged.kfuncs[0]?.flags).toEqual(["ACQUIRE"]);
    expect(merged.origin).toBe(
      "Debian linux-source 7.2.13-1; seen in Debian linux-binary 7.2.13-1 amd64 (full config)",
    );
  });

  it("ignores a build that tags no kfunc (before pahole 1.27)", () => {
    expect(withBuildEvidence(source, { ...build, kfuncs: [] })).toBe(source);
  });
});

describe("snapshotFromBuild", () => {
  it("makes a BTF snapshot that keeps where each kfunc was seen", () => {
    const snapshot = snapshotFromBuild(build, "data/debian-btf/v7.2.json");
    expect(snapshot).toMatchObject({
      release: "v7.2",
      sourceKind: "BTF",
      sourceRef: "data/debian-btf/v7.2.json",
    });
    expect(snapshot.kfuncs[0]).toMatchObject({
      name: "bpf_ct_insert_entry",
      flags: [],
      seenIn: ["nf_conntrack"],
    });
  });

  it("leaves out fmod_ret attach targets, which BTF tags like kfuncs", () => {
    const withTarget = {
      ...build,
      kfuncs: [
        ...build.kfuncs,
        {
          name: "bpf_fentry_test1",
          prototype: "int bpf_fentry_test1(int a)",
          btfTags: [],
          seenIn: ["vmlinux"],
        },
      ],
    };
    const snapshot = snapshotFromBuild(withTarget, "x", new Set(["bpf_fentry_test1"]));
    expect(snapshot.kfuncs.map((k) => k.name)).toEqual(["bpf_ct_insert_entry", "bpf_task_acquire"]);
  });
});
