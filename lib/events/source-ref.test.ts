import { describe, expect, it } from "vitest";
import { documentedEventSchema } from "../ingest/registry";
import { DEBIAN_SOURCE_REF, isWebSource } from "./source-ref";

describe("an event's source", () => {
  it("is a link only when it is a web address", () => {
    expect(
      isWebSource("https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=1"),
    ).toBe(true);
    expect(isWebSource("debian:linux-source-7.3 (7.3.4-1~bpo13+1) kernel/sched/ext/ext.c")).toBe(false);
  });

  it("may name a file in a Debian source package, with the package version", () => {
    expect(
      DEBIAN_SOURCE_REF.test("debian:linux-source-7.2 (7.2.13-1) tools/sched_ext/include/scx/compat.bpf.h"),
    ).toBe(true);
    expect(DEBIAN_SOURCE_REF.test("debian:linux-source-7.2 tools/sched_ext/include/scx/compat.bpf.h")).toBe(
      false,
    );
  });

  it("is refused in the data file when it is neither", () => {
    const event = {
      kfunc: "scx_bpf_cpu_rq",
      kind: "REMOVED",
      release: "v7.3",
      toState: "REMOVED",
      rationale: "read in the 7.3 source",
      confidence: "read-in-release-source",
    };
    expect(
      documentedEventSchema.safeParse({ ...event, sourceUrl: "debian:linux-source-7.3 (7.3.4-1) kernel/x.c" })
        .success,
    ).toBe(true);
    expect(documentedEventSchema.safeParse({ ...event, sourceUrl: "somewhere in 7.3" }).success).toBe(false);
  });
});
