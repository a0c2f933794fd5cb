// Pass 2 of the preprocessor emulation: directive lines are taken out of the code.
//
// Kernel fact: a directive ends at the end of its line unless the line ends with a backslash
// (translation phase 2 splices it with the next one); multi-line `#define`s such as
// XDP_METADATA_KFUNC_xxx in include/net/xdp.h rely on this. Directive lines are blanked in the
// returned code (newlines kept) so token scanners never see them, and each directive is kept
// with its first line number so conditions and macro definitions stay positional.

import { blank } from "./strip-comments";

export interface Directive {
  /** 1-based line where the directive starts. */
  line: number;
  /** 1-based last physical line (after joining continuations). */
  endLine: number;
  /** "if", "ifdef", "ifndef", "elif", "else", "endif", "define", "undef", "include", … ("" for a null directive). */
  keyword: string;
  /** Text after the keyword, continuation lines joined with a space, trimmed. */
  body: string;
}

export interface DirectiveSplit {
  /** The input with every directive line blanked (same length, same line structure). */
  code: string;
  directives: Directive[];
}

const DIRECTIVE_START = /^[ \t]*#/gm;
const KEYWORD = /^[ \t]*#[ \t]*([A-Za-z_]\w*)?/;

function endsWithBackslash(text: string, lineEnd: number): boolean {
  let i = lineEnd - 1;
  while (i >= 0 && (text[i] === " " || text[i] === "\t" || text[i] === "\r")) i--;
  return text[i] === "\\";
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

export function splitDirectives(stripped: string): DirectiveSplit {
  const directives: Directive[] = [];
  const pieces: string[] = [];
  let copiedUpTo = 0;
  let line = 1;
  let lineCountedUpTo = 0;
  DIRECTIVE_START.lastIndex = 0;
  for (let match = DIRECTIVE_START.exec(stripped); match; match = DIRECTIVE_START.exec(stripped)) {
    const start = match.index;
    let end = stripped.indexOf("\n", start);
    if (end === -1) end = stripped.length;
    while (end < stripped.length && endsWithBackslash(stripped, end)) {
      const next = stripped.indexOf("\n", end + 1);
      end = next === -1 ? stripped.length : next;
    }
    line += countNewlines(stripped, lineCountedUpTo, start);
    lineCountedUpTo = start;
    const raw = stripped.slice(start, end);
    const physicalLines = countNewlines(raw, 0, raw.length);
    const keyword = KEYWORD.exec(raw)?.[1] ?? "";
    const afterKeyword = raw.slice(raw.indexOf("#") + 1).replace(/^[ \t]*[A-Za-z_]\w*/, "");
    directives.push({
      line,
      endLine: line + physicalLines,
      keyword,
      body: afterKeyword
        .replace(/\\[ \t\r]*\n/g, " ")
        .replace(/\s+/g, " ")
        .trim(),
    });
    pieces.push(stripped.slice(copiedUpTo, start), blank(raw));
    copiedUpTo = end;
    DIRECTIVE_START.lastIndex = end;
  }
  if (directives.length === 0) return { code: stripped, directives };
  pieces.push(stripped.slice(copiedUpTo));
  return { code: pieces.join(""), directives };
}
