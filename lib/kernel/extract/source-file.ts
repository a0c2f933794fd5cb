// One C file after the preprocessor emulation passes, computed lazily and cached.

import { ConditionMap } from "./conditions";
import { type Directive, splitDirectives } from "./directives";
import { LineIndex } from "./line-index";
import { MacroTable } from "./macros";
import { stripComments } from "./strip-comments";

export class SourceFile {
  private split?: { code: string; directives: Directive[] };
  private lineIndex?: LineIndex;
  private conditionMap?: ConditionMap;
  private macroTable?: MacroTable;

  constructor(
    /** Path relative to the tree root, forward slashes. */
    readonly path: string,
    /** Raw text as read (latin1-decoded: one character per byte, so offsets and lines are exact). */
    readonly text: string,
  ) {}

  /** Code with comments and directive lines blanked; same offsets and lines as `text`. */
  get code(): string {
    this.split ??= splitDirectives(stripComments(this.text));
    return this.split.code;
  }

  get directives(): Directive[] {
    this.split ??= splitDirectives(stripComments(this.text));
    return this.split.directives;
  }

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
  }

  get conditions(): ConditionMap {
    this.conditionMap ??= new ConditionMap(this.directives);
    return this.conditionMap;
  }

  get macros(): MacroTable {
    this.macroTable ??= new MacroTable(this.directives, (line) => this.conditions.isDead(line));
    return this.macroTable;
  }
}

/** Every offset at which `word` occurs in `code` as a whole identifier. */
export function identifierOffsets(code: string, word: string): number[] {
  const offsets: number[] = [];
  for (let i = code.indexOf(word); i !== -1; i = code.indexOf(word, i + word.length)) {
    const before = i > 0 ? code.charCodeAt(i - 1) : 32;
    const after = code.charCodeAt(i + word.length);
    if (!isIdentifierChar(before) && !isIdentifierChar(after)) offsets.push(i);
  }
  return offsets;
}

export function isIdentifierChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code === 36
  );
}
