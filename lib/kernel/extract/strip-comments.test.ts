import { describe, expect, it } from "vitest";
import { stripComments } from "./strip-comments";

describe("stripComments", () => {
  it("blanks block and line comments but keeps offsets and newlines", () => {
    const source = "a /* BTF_ID_FLAGS(func, x)\n */ b // BTF_ID(func, y)\nc";
    const stripped = stripComments(source);
    expect(stripped).toHaveLength(source.length);
    expect(stripped.split("\n")).toHaveLength(3);
    expect(stripped).not.toContain("BTF_ID");
    expect(stripped.replace(/\s+/g, " ")).toBe("a b c");
  });

  it("leaves comment openers inside string and character literals alone", () => {
    const source = `const char *s = "/* not a comment */"; char c = '/'; int x; // gone`;
    const stripped = stripComments(source);
    expect(stripped).toContain('"/* not a comment */"');
    expect(stripped).toContain("int x;");
    expect(stripped).not.toContain("gone");
  });

  it("continues a line comment over a backslash-newline, as C splices lines first", () => {
    expect(stripComments("// one \\\ntwo\nthree").trim()).toBe("three");
  });

  it("blanks an unterminated block comment to the end", () => {
    expect(stripComments("x /* open\nBTF_ID").trim()).toBe("x");
  });
});
