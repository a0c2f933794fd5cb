// Function definitions and their normalised prototypes.
//
// Kernel facts: a kfunc is an ordinary global C function. Its definition may be marked
// `__bpf_kfunc` (v6.3+) or not at all (v6.0-6.2, between `__diag_push()` and `__diag_pop()`, one
// of which lacks its `;` in 6.1's nf_nat_bpf.c / nf_conntrack_bpf.c). Attributes sit in odd places
// (`__bpf_kfunc static`, `noinline` or `__weak` between the return type and the name), the return
// type may stand on its own line, and the definition may live in another file than the set
// (net/ipv4/tcp_cong.c, kernel/kexec_core.c or kernel/crash_core.c). A prototype is normalised:
// attributes dropped, whitespace folded, `const` and sparse annotations kept, the pointer star
// attached to the name, function-typed parameters kept as written.

import { isIdentifierChar, type SourceFile } from "./source-file";

export interface FunctionDefinition {
  name: string;
  prototype: string;
  file: string;
  /** 1-based line of the function name. */
  line: number;
  /** The definition carries `__bpf_kfunc`. */
  marked: boolean;
  /** `static inline` definition, typically a header stub for a disabled config. */
  inlineStub: boolean;
}

/** Storage classes and attributes that are not part of a prototype. */
const ATTRIBUTE_WORDS = new Set([
  "static",
  "inline",
  "__inline",
  "__inline__",
  "extern",
  "noinline",
  "__noinline",
  "noinline_for_stack",
  "__used",
  "__retain",
  "__weak",
  "__noclone",
  "__bpf_kfunc",
  "notrace",
  "__always_inline",
  "__nocfi",
  "__visible",
  "__maybe_unused",
  "__always_unused",
  "__cold",
  "__hot",
  "__flatten",
  "__must_check",
  "__init",
  "__exit",
  "__sched",
  "asmlinkage",
  "__kprobes",
  "__noreturn",
  "noinstr",
  "__cpuidle",
  "__ref",
  "__latent_entropy",
  "__naked",
  "__pure",
  "__attribute_const__",
  "__malloc",
  "__bpf_fastcall",
]);

/** Attribute macros that take arguments: `__attribute__((…))`, `__printf(1, 2)`, `__acquires(x)`. */
const ATTRIBUTE_CALLS = new Set([
  "__attribute__",
  "__attribute",
  "__printf",
  "__scanf",
  "__section",
  "__aligned",
  "__alloc_size",
  "__assume_aligned",
  "__must_hold",
  "__acquires",
  "__releases",
  "__cond_acquires",
  "__diag_ignore_all",
]);

const NOT_A_DECLARATION = new Set([
  "return",
  "else",
  "if",
  "while",
  "for",
  "switch",
  "case",
  "do",
  "goto",
  "sizeof",
  "typedef",
  "define",
]);

function isAttributeWord(word: string): boolean {
  return ATTRIBUTE_WORDS.has(word) || word.startsWith("__no_");
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;
}

function skipSpaceForward(code: string, i: number): number {
  while (i < code.length && isSpace(code.charCodeAt(i))) i++;
  return i;
}

function skipSpaceBackward(code: string, i: number): number {
  while (i >= 0 && isSpace(code.charCodeAt(i))) i--;
  return i;
}

/** Index of the ")" closing the "(" at `open`, or -1. */
function matchForward(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
    else if (c === ";" || c === "{" || c === "}") return -1;
  }
  return -1;
}

/** Index of the "(" opening the ")" at `close`, or -1. */
function matchBackward(code: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = code[i];
    if (c === ")") depth++;
    else if (c === "(" && --depth === 0) return i;
    else if (c === ";" || c === "{" || c === "}") return -1;
  }
  return -1;
}

function identifierEndingAt(code: string, end: number): { word: string; start: number } | null {
  let start = end;
  while (start >= 0 && isIdentifierChar(code.charCodeAt(start))) start--;
  if (start === end) return null;
  return { word: code.slice(start + 1, end + 1), start: start + 1 };
}

/** After the parameter list: attributes, then "{" for a definition. */
function opensBody(code: string, afterParams: number): boolean {
  let i = skipSpaceForward(code, afterParams);
  for (;;) {
    if (code[i] === "{") return true;
    if (!isIdentifierChar(code.charCodeAt(i))) return false;
    let end = i;
    while (end < code.length && isIdentifierChar(code.charCodeAt(end))) end++;
    const word = code.slice(i, end);
    i = skipSpaceForward(code, end);
    if (code[i] === "(") {
      if (!word.startsWith("__")) return false;
      const close = matchForward(code, i);
      if (close === -1) return false;
      i = skipSpaceForward(code, close + 1);
    } else if (!word.startsWith("__") && !isAttributeWord(word)) return false;
  }
}

/** Tokens before the name back to the previous statement boundary; null if this is not a declaration. */
function declarationPrefix(code: string, nameStart: number): string[] | null {
  const tokens: string[] = [];
  let i = skipSpaceBackward(code, nameStart - 1);
  while (i >= 0) {
    const c = code[i];
    if (c === ";" || c === "{" || c === "}") break;
    if (c === "*") {
      tokens.push("*");
      i = skipSpaceBackward(code, i - 1);
      continue;
    }
    if (c === ")") {
      const open = matchBackward(code, i);
      const callee = open === -1 ? null : identifierEndingAt(code, skipSpaceBackward(code, open - 1));
      // `__attribute__((…))` and friends belong to the declaration; any other call, such as a
      // `__diag_pop()` that lacks its `;`, ends the previous statement.
      if (!callee || !ATTRIBUTE_CALLS.has(callee.word)) break;
      i = skipSpaceBackward(code, callee.start - 1);
      continue;
    }
    const word = identifierEndingAt(code, i);
    if (!word) return null;
    tokens.push(word.word);
    i = skipSpaceBackward(code, word.start - 1);
  }
  tokens.reverse();
  if (tokens.some((token) => NOT_A_DECLARATION.has(token))) return null;
  return tokens;
}

function attachStars(text: string): string {
  return text.replace(/\s*\*\s*/g, "*").replace(/([\w\])])\*/g, "$1 *");
}

export function normaliseParameters(raw: string): string {
  return attachStars(raw.replace(/\s+/g, " ").trim())
    .replace(/\(\s+/g, "(")
    .replace(/\s+\)/g, ")")
    .replace(/\s*,\s*/g, ", ")
    .replace(/\s+\[/g, "[");
}

function buildPrototype(prefix: string[], name: string, rawParams: string): string | null {
  const returnType = attachStars(prefix.filter((token) => !isAttributeWord(token)).join(" "));
  if (returnType === "") return null;
  return `${returnType}${returnType.endsWith("*") ? "" : " "}${name}(${normaliseParameters(rawParams)})`;
}

const CALL_LIKE = /([A-Za-z_]\w*)\s*\(/g;

/** Definitions (not declarations, not calls) of the given names in one file. */
export function findDefinitions(file: SourceFile, names: ReadonlySet<string>): FunctionDefinition[] {
  const code = file.code;
  const found: FunctionDefinition[] = [];
  CALL_LIKE.lastIndex = 0;
  for (let match = CALL_LIKE.exec(code); match; match = CALL_LIKE.exec(code)) {
    const name = match[1] as string;
    if (!names.has(name)) continue;
    const nameStart = match.index;
    if (nameStart > 0 && isIdentifierChar(code.charCodeAt(nameStart - 1))) continue;
    const open = nameStart + match[0].length - 1;
    const close = matchForward(code, open);
    if (close === -1 || !opensBody(code, close + 1)) continue;
    const prefix = declarationPrefix(code, nameStart);
    if (!prefix) continue;
    const prototype = buildPrototype(prefix, name, code.slice(open + 1, close));
    if (!prototype) continue;
    const line = file.lines.lineAt(nameStart);
    if (file.conditions.isDead(line)) continue;
    found.push({
      name,
      prototype,
      file: file.path,
      line,
      marked: prefix.includes("__bpf_kfunc"),
      inlineStub: prefix.includes("inline") && prefix.includes("static"),
    });
    CALL_LIKE.lastIndex = close + 1;
  }
  return found;
}
