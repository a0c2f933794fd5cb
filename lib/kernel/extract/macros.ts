// `#define` / `#undef` bookkeeping and a small function-like macro expander.
//
// Kernel fact: kfunc sets are sometimes generated. net/core/xdp.c defines
// `XDP_METADATA_KFUNC(_, __, name, ___)` as a BTF_ID_FLAGS entry right inside
// xdp_metadata_kfunc_ids, expands the list macro XDP_METADATA_KFUNC_xxx from include/net/xdp.h,
// `#undef`s it, and below redefines it for a BTF_ID_LIST. Definitions are therefore positional:
// the one in force at the line of use is the one that counts.

import type { Directive } from "./directives";
import { readCallArguments, type Token, tokenizeText } from "./tokens";

export interface MacroDefinition {
  name: string;
  /** Parameter names of a function-like macro (the variadic one is "__VA_ARGS__" or its GNU name); null when object-like. */
  params: string[] | null;
  variadic: boolean;
  body: Token[];
}

const DEFINE_HEAD = /^([A-Za-z_]\w*)(\([^)]*\))?/;

export function parseDefine(body: string, line: number): MacroDefinition | null {
  const head = DEFINE_HEAD.exec(body);
  if (!head?.[1]) return null;
  const name = head[1];
  let params: string[] | null = null;
  let variadic = false;
  if (head[2] !== undefined) {
    params = [];
    for (const raw of head[2].slice(1, -1).split(",")) {
      const param = raw.trim();
      if (param === "") continue;
      if (param === "...") {
        variadic = true;
        params.push("__VA_ARGS__");
      } else if (param.endsWith("...")) {
        variadic = true;
        params.push(param.slice(0, -3).trim());
      } else params.push(param);
    }
  }
  return { name, params, variadic, body: tokenizeText(body.slice(head[0].length), line) };
}

/** Positional macro state of one file: the definition in force at a given line. */
export class MacroTable {
  private readonly events = new Map<string, { line: number; definition: MacroDefinition | null }[]>();

  constructor(directives: readonly Directive[], isDead: (line: number) => boolean = () => false) {
    for (const directive of directives) {
      if (directive.keyword !== "define" && directive.keyword !== "undef") continue;
      if (isDead(directive.line)) continue;
      if (directive.keyword === "define") {
        const definition = parseDefine(directive.body, directive.line);
        if (definition) this.record(definition.name, directive.line, definition);
      } else {
        const name = /^[A-Za-z_]\w*/.exec(directive.body)?.[0];
        if (name) this.record(name, directive.line, null);
      }
    }
  }

  private record(name: string, line: number, definition: MacroDefinition | null): void {
    const list = this.events.get(name);
    if (list) list.push({ line, definition });
    else this.events.set(name, [{ line, definition }]);
  }

  /**
   * The definition in force just before `line`: a MacroDefinition, null when the last event
   * was an #undef, undefined when this file never mentions the name before `line`.
   */
  at(name: string, line: number): MacroDefinition | null | undefined {
    const list = this.events.get(name);
    if (!list) return undefined;
    let found: MacroDefinition | null | undefined;
    for (const event of list) {
      if (event.line >= line) break;
      found = event.definition;
    }
    return found;
  }

  /** The definition in force at the end of the file (how a header exports its macros). */
  atEnd(name: string): MacroDefinition | null | undefined {
    return this.at(name, Number.POSITIVE_INFINITY);
  }
}

export type MacroLookup = (name: string, line: number) => MacroDefinition | null;

function tokenFrom(text: string, like: Token): Token {
  const kind = /^[A-Za-z_$]/.test(text) ? "ident" : /^\.?\d/.test(text) ? "number" : "punct";
  return { kind, text, line: like.line, ...(like.hidden ? { hidden: like.hidden } : {}) };
}

/**
 * A token stream with macro expansion: identifiers naming a macro in force are replaced by their
 * expansion, which is then rescanned; a macro is never re-expanded inside its own expansion.
 */
export class ExpandingStream {
  /** Tokens pushed back or produced by expansion, stored reversed (last element comes next). */
  private readonly pushedBack: Token[] = [];

  constructor(
    private readonly source: () => Token | null,
    private readonly lookup: MacroLookup,
  ) {}

  nextRaw(): Token | null {
    return this.pushedBack.pop() ?? this.source();
  }

  pushFront(tokens: readonly Token[]): void {
    for (let i = tokens.length - 1; i >= 0; i--) this.pushedBack.push(tokens[i] as Token);
  }

  /** Next token after expansion; identifiers in `keep` are returned unexpanded. */
  next(keep: ReadonlySet<string>): Token | null {
    for (;;) {
      const token = this.nextRaw();
      if (!token) return null;
      if (token.kind !== "ident" || keep.has(token.text) || token.hidden?.has(token.text)) return token;
      const definition = this.lookup(token.text, token.line);
      if (!definition) return token;
      if (definition.params === null) {
        this.pushFront(substitute(definition, [], token));
        continue;
      }
      const open = this.nextRaw();
      if (open?.text !== "(") {
        // A function-like macro name without arguments is not an invocation.
        if (open) this.pushFront([open]);
        return token;
      }
      this.pushFront(substitute(definition, this.readArguments(), token));
    }
  }

  /** Reads the arguments of a call whose "(" was just consumed, split at top-level commas. */
  readArguments(): Token[][] {
    // An unterminated call keeps what it read: the expander is lenient, the set parser decides.
    return readCallArguments(() => this.nextRaw())?.args ?? [];
  }
}

function argumentFor(definition: MacroDefinition, args: Token[][], name: string): Token[] | undefined {
  const params = definition.params ?? [];
  const index = params.indexOf(name);
  if (index === -1) return undefined;
  if (definition.variadic && index === params.length - 1) {
    const rest = args.slice(index);
    const joined: Token[] = [];
    rest.forEach((arg, i) => {
      if (i > 0) joined.push({ kind: "punct", text: ",", line: arg[0]?.line ?? 0 });
      joined.push(...arg);
    });
    return joined;
  }
  return args[index] ?? [];
}

/** Replaces parameters in the body, applying `#` (stringify) and `##` (paste). */
function substitute(definition: MacroDefinition, args: Token[][], invocation: Token): Token[] {
  const hidden = new Set(invocation.hidden ?? []);
  hidden.add(definition.name);
  const mark = (token: Token): Token => ({ ...token, line: invocation.line, hidden });
  const out: Token[] = [];
  const body = definition.body;
  for (let i = 0; i < body.length; i++) {
    const token = body[i] as Token;
    const nextToken = body[i + 1];
    if (token.text === "#" && nextToken && argumentFor(definition, args, nextToken.text)) {
      const text = (argumentFor(definition, args, nextToken.text) ?? []).map((t) => t.text).join(" ");
      out.push(mark({ kind: "string", text: JSON.stringify(text), line: 0 }));
      i++;
      continue;
    }
    if (token.text === "##" && out.length > 0 && nextToken) {
      const right = argumentFor(definition, args, nextToken.text) ?? [nextToken];
      i++;
      const left = out.pop() as Token;
      // GNU extension: `, ## __VA_ARGS__` drops the comma when there are no variadic arguments
      // and pastes nothing otherwise.
      if (left.text === "," && definition.variadic && nextToken.text === (definition.params ?? []).at(-1)) {
        if (right.length > 0) out.push(left, ...right.map((t) => ({ ...t, line: invocation.line })));
        continue;
      }
      if (right.length === 0) {
        out.push(left);
        continue;
      }
      out.push(mark(tokenFrom(left.text + (right[0] as Token).text, left)));
      for (const rest of right.slice(1)) out.push({ ...rest, line: invocation.line });
      continue;
    }
    const arg = token.kind === "ident" ? argumentFor(definition, args, token.text) : undefined;
    if (arg) {
      // Argument tokens keep their own hide set (C expands arguments before substitution).
      for (const argToken of arg) out.push({ ...argToken, line: invocation.line });
    } else out.push(mark(token));
  }
  return out;
}
