import { describe, expect, it } from "vitest";
import { splitDirectives } from "./directives";
import { ExpandingStream, MacroTable, parseDefine } from "./macros";
import { type Token, tokenizeText } from "./tokens";

function expand(source: string, table: MacroTable, line: number): string {
  const tokens = tokenizeText(source, line);
  let index = 0;
  const stream = new ExpandingStream(
    () => tokens[index++] ?? null,
    (name, at) => table.at(name, at) ?? null,
  );
  const out: string[] = [];
  for (let token: Token | null = stream.next(new Set()); token; token = stream.next(new Set()))
    out.push(token.text);
  return out.join(" ");
}

describe("macros", () => {
  it("parses object-like, function-like and variadic definitions", () => {
    expect(parseDefine("LIST X(a) X(b)", 1)?.params).toBeNull();
    expect(parseDefine("X(_, name) BTF_ID_FLAGS(func, name)", 1)?.params).toEqual(["_", "name"]);
    expect(parseDefine("F(a, ...) g(a, ##__VA_ARGS__)", 1)).toMatchObject({
      params: ["a", "__VA_ARGS__"],
      variadic: true,
    });
    // A space before "(" makes it object-like.
    expect(parseDefine("NOTFN (x)", 1)?.params).toBeNull();
  });

  it("respects #define / #undef / redefinition positionally", () => {
    const { directives } = splitDirectives(
      [
        "#define ENTRY(n) BTF_ID_FLAGS(func, n)",
        "ENTRY(a)",
        "#undef ENTRY",
        "ENTRY(b)",
        "#define ENTRY(n) BTF_ID(func, n)",
        "ENTRY(c)",
      ].join("\n"),
    );
    const table = new MacroTable(directives);
    expect(expand("ENTRY(a)", table, 2)).toBe("BTF_ID_FLAGS ( func , a )");
    expect(expand("ENTRY(b)", table, 4)).toBe("ENTRY ( b )");
    expect(expand("ENTRY(c)", table, 6)).toBe("BTF_ID ( func , c )");
    expect(
      table
        .atEnd("ENTRY")
        ?.body.map((t) => t.text)
        .join(" "),
    ).toBe("BTF_ID ( func , n )");
  });

  it("expands a list macro through a locally defined element macro and rescans", () => {
    const { directives } = splitDirectives(
      [
        "#define LIST \\",
        "  ITEM(A_ID, x, bpf_one, y) \\",
        "  ITEM(B_ID, x, bpf_two, y)",
        "#define ITEM(_, __, name, ___) BTF_ID_FLAGS(func, name, KF_TRUSTED_ARGS)",
      ].join("\n"),
    );
    const table = new MacroTable(directives);
    expect(expand("LIST", table, 10)).toBe(
      "BTF_ID_FLAGS ( func , bpf_one , KF_TRUSTED_ARGS ) BTF_ID_FLAGS ( func , bpf_two , KF_TRUSTED_ARGS )",
    );
  });

  it("pastes, stringifies, and never re-expands a macro inside itself", () => {
    const { directives } = splitDirectives(
      [
        "#define KF(name) bpf_##name",
        "#define STR(x) #x",
        "#define SELF SELF + 1",
        "#define G(a, ...) g(a, ##__VA_ARGS__)",
      ].join("\n"),
    );
    const table = new MacroTable(directives);
    expect(expand("KF(task_acquire)", table, 9)).toBe("bpf_task_acquire");
    expect(expand("STR(a b)", table, 9)).toBe('"a b"');
    expect(expand("SELF", table, 9)).toBe("SELF + 1");
    expect(expand("G(1)", table, 9)).toBe("g ( 1 )");
    expect(expand("G(1, 2, 3)", table, 9)).toBe("g ( 1 , 2 , 3 )");
  });
});
