import { describe, expect, it } from "vitest";
import { replacementProblem, versionInOrigin } from "./replace-policy";

describe("replacementProblem", () => {
  const tree = { sourceKind: "SOURCE_TREE", origin: "Debian linux-source 6.12.117-1~deb12u1" };

  it("lets a release take data of the kind it holds, from its own kernel version", () => {
    expect(
      replacementProblem("v6.12", tree, { sourceKind: "TARBALL", origin: "tarball linux-6.12.tar.xz" }),
    ).toBeNull();
    expect(replacementProblem("v6.12", null, tree)).toBeNull();
  });

  it("refuses the BTF of one build in place of a source tree, and the reverse", () => {
    const btf = { sourceKind: "BTF", origin: "BTF /tmp/vmlinux" };
    expect(replacementProblem("v6.12", tree, btf)).toMatch(
      /holds a source tree .* the BTF of one build.*--force/,
    );
    expect(replacementProblem("v6.12", btf, tree)).toMatch(/holds the BTF of one build/);
  });

  it("refuses an input whose origin names another kernel version", () => {
    const running = {
      sourceKind: "BTF",
      origin: "running kernel 6.18.44+deb13-amd64 (/sys/kernel/btf/vmlinux)",
    };
    expect(replacementProblem("v6.12", null, running)).toMatch(/kernel 6\.18 .*not v6\.12/);
    expect(replacementProblem("v6.18", null, running)).toBeNull();
  });
});

describe("versionInOrigin", () => {
  it("reads the kernel version out of the origins the ingester writes", () => {
    expect(versionInOrigin("Debian linux-source 6.1.192-2")).toEqual({ major: 6, minor: 1 });
    expect(versionInOrigin("running kernel 7.0.3 (/sys/kernel/btf/vmlinux)")).toEqual({ major: 7, minor: 0 });
    expect(versionInOrigin("git /src/linux at v6.13-rc4")).toEqual({ major: 6, minor: 13 });
    expect(versionInOrigin("test fixture")).toBeNull();
  });
});
