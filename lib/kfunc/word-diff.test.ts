import { describe, expect, it } from "vitest";
import { wordDiff } from "./word-diff";

describe("wordDiff", () => {
  it("marks inserted parameters and changed types", () => {
    const parts = wordDiff("int f(u32 *off)", "int f(s32 *off)");
    expect(parts.filter((p) => p.change === "removed").map((p) => p.text)).toEqual(["u32"]);
    expect(parts.filter((p) => p.change === "added").map((p) => p.text)).toEqual(["s32"]);
    const bbr = wordDiff(
      "void bbr_main(struct sock *sk, const struct rate_sample *rs)",
      "void bbr_main(struct sock *sk, u32 ack, int flag, const struct rate_sample *rs)",
    );
    expect(
      bbr
        .filter((p) => p.change === "added")
        .map((p) => p.text)
        .join(""),
    ).toContain("u32 ack, int flag,");
    expect(bbr.some((p) => p.change === "removed")).toBe(false);
  });
});
