// Pass 1 of the C preprocessor emulation: comments become blanks.
//
// Kernel fact: comments hold code-like text (kernel-doc shows `BTF_ID_FLAGS(...)` examples,
// include/linux/btf_ids.h documents BTF_SET8_START in a comment), so they must vanish before
// anything looks for sets. Every character of a comment becomes a space and newlines are kept,
// so offsets and line numbers of the remaining code are unchanged. String and character
// literals are skipped over so that "/*" inside a string does not open a comment.

// One alternation, tried left to right at each position: block comment (possibly unterminated),
// line comment (a backslash-newline continues it, as translation phase 2 splices lines first),
// string literal, character literal.
const COMMENT_OR_LITERAL =
  /\/\*[\s\S]*?(?:\*\/|$)|\/\/(?:[^\n\\]|\\[\s\S])*|"(?:[^"\\\n]|\\[\s\S])*"|'(?:[^'\\\n]|\\[\s\S])*'/g;

/** Same length, spaces everywhere except newlines. */
export function blank(text: string): string {
  if (text.indexOf("\n") === -1) return " ".repeat(text.length);
  return text
    .split("\n")
    .map((line) => " ".repeat(line.length))
    .join("\n");
}

export function stripComments(source: string): string {
  if (source.indexOf("/*") === -1 && source.indexOf("//") === -1) return source;
  return source.replace(COMMENT_OR_LITERAL, (match) =>
    match.charCodeAt(0) === 0x2f /* "/" */ ? blank(match) : match,
  );
}
