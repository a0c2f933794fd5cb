import { describe, expect, it } from "vitest";
import { splitDirectives } from "./directives";

describe("splitDirectives", () => {
  it("joins continuation lines, keeps the first line number and blanks the directive", () => {
    const source = [
      "int a;",
      "#define LIST \\",
      "\tX(a) \\",
      "\tX(b)",
      "int b;",
      '  #  include "ext.c"',
    ].join("\n");
    const { code, directives } = splitDirectives(source);
    expect(directives).toEqual([
      { line: 2, endLine: 4, keyword: "define", body: "LIST X(a) X(b)" },
      { line: 6, endLine: 6, keyword: "include", body: '"ext.c"' },
    ]);
    expect(code).toHaveLength(source.length);
    expect(code.split("\n").map((line) => line.trim())).toEqual(["int a;", "", "", "", "int b;", ""]);
  });

  it("returns the code unchanged when there is no directive", () => {
    expect(splitDirectives("int x;\n").code).toBe("int x;\n");
  });
});
