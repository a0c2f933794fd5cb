import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath (sign-in's return URL)", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeReturnPath("/kfuncs/bpf_obj_new_impl#governance")).toBe("/kfuncs/bpf_obj_new_impl#governance");
    expect(safeReturnPath("/kfuncs?q=cpumask&state=STABLE")).toBe("/kfuncs?q=cpumask&state=STABLE");
  });

  it.each([
    "https://evil.example/",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "evil.example",
    "/%2F%2Fevil.example".replace("%2F%2F", "//"),
    "",
    null,
    undefined,
  ])("sends %s home", (value) => {
    expect(safeReturnPath(value)).toBe("/");
  });
});
