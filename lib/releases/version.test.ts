import { describe, expect, it } from "vitest";
import { compareReleaseTags, normaliseReleaseTag, parseReleaseTag } from "./version";

describe("release tags", () => {
  it("orders numerically, not as text", () => {
    const tags = ["v7.0", "v6.10", "v5.13", "v6.9", "v6.1", "v7.1", "v6.12"];
    expect([...tags].sort(compareReleaseTags)).toEqual([
      "v5.13",
      "v6.1",
      "v6.9",
      "v6.10",
      "v6.12",
      "v7.0",
      "v7.1",
    ]);
    expect(compareReleaseTags("v6.9", "v6.10")).toBeLessThan(0);
    expect(compareReleaseTags("v6.10", "v7.0")).toBeLessThan(0);
    expect(compareReleaseTags("v6.12", "6.12")).toBe(0);
  });

  it("accepts mainline tags with or without v, and nothing else", () => {
    expect(parseReleaseTag("v6.12")).toEqual({ major: 6, minor: 12 });
    expect(normaliseReleaseTag("6.1")).toBe("v6.1");
    for (const junk of ["v6.12-rc1", "6.12.117", "latest", "", "v6", "v6.x", "../etc"]) {
      expect(parseReleaseTag(junk), junk).toBeNull();
    }
  });

  it("sorts junk after real tags instead of throwing", () => {
    expect(["zzz", "v6.1"].sort(compareReleaseTags)).toEqual(["v6.1", "zzz"]);
  });
});
