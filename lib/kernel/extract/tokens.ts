// A small C tokenizer over preprocessed code (comments and directive lines already blanked).
// It is started at an offset (the start of a set, a registration call, a struct) rather than
// run over whole files: kernel files are large and only a few windows matter.

import type { LineIndex } from "./line-index";

export type TokenKind = "ident" | "number" | "string" | "char" | "punct";

export interface Token {
  kind: TokenKind;
  text: string;
  /** 1-based line in the file (for macro-expanded tokens: the line of the invocation). */
  line: number;
  /** Macro names whose expansion produced this token (C's "hide set": they are not expanded again). */
  hidden?: ReadonlySet<string>;
}

const TOKEN =
  /\s*(?:([A-Za-z_$][\w$]*)|(\.?\d(?:[\w.]|[eEpP][+-])*)|("(?:[^"\\\n]|\\[\s\S])*")|('(?:[^'\\\n]|\\[\s\S])*')|(\.\.\.|->|\+\+|--|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||##|[-+*/%&|^!~<>=?:;,.(){}[\]#\\@`]))/y;

const KINDS: TokenKind[] = ["ident", "number", "string", "char", "punct"];

/** Reads tokens one by one from `offset`; returns null at the end of the text. */
export class TokenCursor {
  private position: number;

  constructor(
    private readonly code: string,
    offset: number,
    private readonly lines: LineIndex,
  ) {
    this.position = offset;
  }

  /** Offset just after the last token read. */
  get offset(): number {
    return this.position;
  }

  next(): Token | null {
    TOKEN.lastIndex = this.position;
    const match = TOKEN.exec(this.code);
    if (!match) {
      // Skip one unknown character (e.g. a stray non-ASCII byte) and go on.
      const rest = this.code.slice(this.position).search(/\S/);
      if (rest === -1) return null;
      this.position += rest + 1;
      return this.next();
    }
    this.position = TOKEN.lastIndex;
    for (let group = 1; group <= 5; group++) {
      const text = match[group];
      if (text !== undefined) {
        return {
          kind: KINDS[group - 1] as TokenKind,
          text,
          line: this.lines.lineAt(this.position - text.length),
        };
      }
    }
    return null;
  }
}

/** Tokenizes a short text (a macro body, a directive) whose tokens all get the same line. */
export function tokenizeText(text: string, line: number): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  for (;;) {
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(text);
    if (!match) {
      const rest = text.slice(position).search(/\S/);
      if (rest === -1) return tokens;
      position += rest + 1;
      continue;
    }
    position = TOKEN.lastIndex;
    for (let group = 1; group <= 5; group++) {
      const value = match[group];
      if (value !== undefined) {
        tokens.push({ kind: KINDS[group - 1] as TokenKind, text: value, line });
        break;
      }
    }
  }
}

/**
 * Reads the arguments of a call whose "(" was just consumed, split at top-level commas.
 * `closed` is false when the tokens ran out first; null when a token in `abortOn` (e.g. ";" or
 * "{": the call cannot go on past a statement) appears at the top level of the call.
 */
export function readCallArguments(
  next: () => Token | null | undefined,
  abortOn: ReadonlySet<string> = new Set(),
): { args: Token[][]; closed: boolean } | null {
  const args: Token[][] = [];
  let current: Token[] = [];
  let depth = 1;
  for (let token = next(); token; token = next()) {
    if (token.text === "(") depth++;
    else if (token.text === ")" && --depth === 0) {
      args.push(current);
      return { args, closed: true };
    } else if (token.text === "," && depth === 1) {
      args.push(current);
      current = [];
      continue;
    } else if (abortOn.has(token.text)) return null;
    current.push(token);
  }
  args.push(current);
  return { args, closed: false };
}
