import { stripComments } from "../kernel/extract/strip-comments";
import { essentialName } from "../kernel/section-names";
import { CheckInputError } from "./check-error";
import type { ScannedKfunc } from "./scan-object";

// The kfuncs named by people who have not compiled yet: C source with `extern … __ksym`
// declarations, or a plain list of names. Pure; bad input throws CheckInputError.

/** Enough for any real program; more is not a list someone typed. */
export const MAX_NAMES = 500;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Names separated by spaces, commas or new lines, each once, in the order given. */
export function parseKfuncNames(text: string): string[] {
  const tokens = text.split(/[\s,]+/).filter(Boolean);
  if (tokens.length === 0) throw new CheckInputError("no kfunc names given", "names");
  const bad = tokens.find((t) => !IDENTIFIER.test(t));
  if (bad !== undefined) {
    const shown = bad.length > 40 ? `${bad.slice(0, 40)}…` : bad;
    throw new CheckInputError(
      `'${printable(shown)}' is not a kfunc name (a C identifier: letters, digits and _, at most 128 characters)`,
      "names",
    );
  }
  const names = [...new Set(tokens)];
  if (names.length > MAX_NAMES) {
    throw new CheckInputError(
      `${names.length} names given; at most ${MAX_NAMES} are checked at once`,
      "names",
    );
  }
  return names;
}

export function namesAsReferences(names: readonly string[]): ScannedKfunc[] {
  // Names typed in are the kernel's: no libbpf drops a flavour from them.
  return names.map((symbol) => ({
    name: symbol,
    symbol,
    weak: false,
    prototype: null,
    forwardDeclared: [],
    programs: [],
    progTypes: [],
  }));
}

/**
 * `extern <prototype> __ksym [__weak];` declarations (in any order of the attributes, `extern`
 * optional, `__attribute__((weak))` too). Typed ksym variables (no parameter list) are not kfuncs.
 */
export function scanKsymDeclarations(source: string): ScannedKfunc[] {
  const code = stripComments(source)
    .split("\n")
    .filter((line) => !/^\s*#/.test(line))
    .join("\n");
  const found = new Map<string, ScannedKfunc>();
  for (const statement of code.split(/[;{}]/)) {
    if (!/\b__ksym\b/.test(statement)) continue;
    const weak = /\b__weak\b|__attribute__\s*\(\(\s*weak\s*\)\)/.test(statement);
    const prototype = statement
      .replace(/__attribute__\s*\(\([^()]*(?:\([^()]*\)[^()]*)*\)\)/g, " ")
      .replace(/\b(extern|__ksym|__weak)\b/g, " ")
      .replace(/\s+/g, " ")
      .trim();
    const call = /([A-Za-z_]\w*)\s*\(/.exec(prototype);
    if (!call?.[1] || !prototype.endsWith(")")) continue;
    const symbol = call[1];
    // In C a symbol is weak when any of its declarations says so.
    const earlier = found.get(symbol);
    found.set(symbol, {
      name: essentialName(symbol),
      symbol,
      weak: weak || (earlier?.weak ?? false),
      prototype,
      forwardDeclared: [],
      programs: [],
      progTypes: [],
    });
  }
  if (found.size === 0) {
    throw new CheckInputError(
      "no kfunc declarations found: expected lines such as `extern void bpf_rcu_read_lock(void) __ksym;`",
      "source",
    );
  }
  return [...found.values()];
}

function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
