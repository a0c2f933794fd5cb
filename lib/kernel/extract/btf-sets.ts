// BTF ID sets: `BTF_SET8_START(x)` / `BTF_KFUNCS_START(x)` / `BTF_SET_START(x)` … `_END(x)`.
//
// Kernel facts (include/linux/btf_ids.h):
// - v5.13-v5.19: `BTF_SET_START` + `BTF_ID(func, name)`; in v5.18 such a set is a kfunc set only
//   when a `struct btf_kfunc_id_set` points at it (`.check_set = &x`). Other BTF_SET_START sets
//   (LSM hook lists, verifier deny lists) are not kfuncs.
// - v6.0: `BTF_SET8_START` with `BTF_ID_FLAGS(func, name, KF_A | KF_B)` (flags optional).
// - v6.9: `BTF_KFUNCS_START`, a set8 carrying the BTF_SET8_KFUNCS flag.
// Entries may span lines, use `|` with or without spaces, and be followed by a stray `;`.
// Which sets are kfunc sets is decided later, from registrations.

import { ExpandingStream, type MacroLookup } from "./macros";
import type { SourceFile } from "./source-file";
import { type Token, TokenCursor } from "./tokens";

export type BtfSetKind = "set" | "set8" | "kfuncs";

export interface BtfSetEntry {
  name: string;
  /** KF flags as written, without the KF_ prefix (not yet ordered). */
  flags: string[];
  line: number;
  /** Guards at the entry line inside its file (includer guards are added later). */
  guards: string[];
}

export interface BtfSet {
  name: string;
  kind: BtfSetKind;
  file: string;
  line: number;
  entries: BtfSetEntry[];
}

export interface SetParseResult {
  sets: BtfSet[];
  /** Identifiers used inside sets that are neither entries nor macros known so far. */
  unknownInvocations: { name: string; line: number }[];
  warnings: string[];
}

const START_KINDS: Record<string, BtfSetKind> = {
  BTF_SET_START: "set",
  BTF_SET_START_GLOBAL: "set",
  BTF_SET8_START: "set8",
  BTF_KFUNCS_START: "kfuncs",
};
const END_MACROS = new Set(["BTF_SET_END", "BTF_SET8_END", "BTF_KFUNCS_END"]);
const ENTRY_MACROS = new Set(["BTF_ID_FLAGS", "BTF_ID"]);
/** Identifiers the set parser interprets itself and never macro-expands. */
const PRIMITIVES = new Set([...Object.keys(START_KINDS), ...END_MACROS, ...ENTRY_MACROS, "BTF_ID_UNUSED"]);

const SET_START =
  /\b(BTF_SET_START|BTF_SET_START_GLOBAL|BTF_SET8_START|BTF_KFUNCS_START)\s*\(\s*([A-Za-z_]\w*)\s*\)/g;

/** Quick test used to skip files without any set. */
function mayContainSets(code: string): boolean {
  return code.includes("_START");
}

export function parseBtfSets(file: SourceFile, lookup: MacroLookup): SetParseResult {
  const result: SetParseResult = { sets: [], unknownInvocations: [], warnings: [] };
  const code = file.code;
  if (!mayContainSets(code)) return result;
  SET_START.lastIndex = 0;
  for (let match = SET_START.exec(code); match; match = SET_START.exec(code)) {
    const [whole, startMacro, name] = match as unknown as [string, string, string];
    const line = file.lines.lineAt(match.index);
    if (file.conditions.isDead(line)) continue;
    const cursor = new TokenCursor(code, match.index + whole.length, file.lines);
    const stream = new ExpandingStream(() => cursor.next(), lookup);
    const set: BtfSet = {
      name,
      kind: START_KINDS[startMacro] as BtfSetKind,
      file: file.path,
      line,
      entries: [],
    };
    readSetBody(file, set, stream, lookup, result);
    warnAboutIncludes(file, set, cursor.offset, result);
    result.sets.push(set);
  }
  return result;
}

/**
 * An `#include` inside a set splices a header's entries in (bpf_lsm.c builds its LSM hook set
 * that way). No kfunc set does this today; entries coming from such a header are not read, so
 * say so for kfunc-capable sets.
 */
function warnAboutIncludes(file: SourceFile, set: BtfSet, endOffset: number, result: SetParseResult): void {
  if (set.kind === "set") return;
  const endLine = file.lines.lineAt(endOffset);
  for (const directive of file.directives) {
    if (directive.keyword === "include" && directive.line > set.line && directive.line < endLine) {
      result.warnings.push(
        `${file.path}:${directive.line}: #include ${directive.body} inside BTF set ${set.name}; entries it adds are not read`,
      );
    }
  }
}

function readSetBody(
  file: SourceFile,
  set: BtfSet,
  stream: ExpandingStream,
  lookup: MacroLookup,
  result: SetParseResult,
): void {
  const where = (token: Token) => `${file.path}:${token.line}`;
  for (let token = stream.next(PRIMITIVES); token; token = stream.next(PRIMITIVES)) {
    if (token.text === ";") continue; // a stray `;` after an entry is harmless in C
    if (token.kind !== "ident") {
      result.warnings.push(
        `${where(token)}: unexpected "${token.text}" in BTF set ${set.name}; set ends here`,
      );
      return;
    }
    if (END_MACROS.has(token.text)) {
      const args = readCallArguments(stream);
      const endName = args?.[0]?.[0]?.text;
      if (endName !== set.name)
        result.warnings.push(`${where(token)}: ${token.text}(${endName ?? ""}) closes BTF set ${set.name}`);
      return;
    }
    if (token.text in START_KINDS) {
      result.warnings.push(`${where(token)}: BTF set ${set.name} is not closed before ${token.text}`);
      return;
    }
    const args = readCallArguments(stream);
    if (token.text === "BTF_ID_UNUSED") continue;
    if (!ENTRY_MACROS.has(token.text)) {
      result.unknownInvocations.push({ name: token.text, line: token.line });
      continue;
    }
    if (!args || args.length < 2) {
      result.warnings.push(`${where(token)}: ${token.text} without a type and a name in BTF set ${set.name}`);
      continue;
    }
    if (file.conditions.isDead(token.line)) continue;
    const [kindArg, nameArg, ...flagArgs] = args as [Token[], Token[], ...Token[][]];
    if (kindArg.length !== 1 || kindArg[0]?.text !== "func") continue; // BTF_ID(struct, x) names a type
    if (nameArg.length !== 1 || nameArg[0]?.kind !== "ident") {
      result.warnings.push(
        `${where(token)}: cannot read the function name in ${token.text}(…) of BTF set ${set.name}`,
      );
      continue;
    }
    set.entries.push({
      name: (nameArg[0] as Token).text,
      flags: readFlags(flagArgs.flat(), lookup, (message) =>
        result.warnings.push(`${where(token)}: ${message}`),
      ),
      line: token.line,
      guards: file.conditions.guardsAt(token.line),
    });
  }
  result.warnings.push(`${file.path}:${set.line}: BTF set ${set.name} has no END`);
}

/** Reads `( a, b, … )` after a macro name; null when no "(" follows. */
function readCallArguments(stream: ExpandingStream): Token[][] | null {
  const open = stream.nextRaw();
  if (!open) return null;
  if (open.text !== "(") {
    stream.pushFront([open]);
    return null;
  }
  return stream.readArguments();
}

/** `KF_A | KF_B` → ["A", "B"]; object-like macros standing for flags are expanded. */
function readFlags(
  tokens: Token[],
  lookup: MacroLookup,
  warn: (message: string) => void,
  depth = 0,
): string[] {
  const flags: string[] = [];
  for (const token of tokens) {
    if (token.text === "|" || token.text === "(" || token.text === ")" || token.text === "0") continue;
    // A local object-like macro standing for a flag combination is expanded; KF_* names
    // themselves are defined in include/linux/btf.h and kept as names.
    const definition = token.kind === "ident" && depth < 8 ? lookup(token.text, token.line) : null;
    if (definition && definition.params === null && definition.body.some((t) => t.text.startsWith("KF_"))) {
      flags.push(
        ...readFlags(
          definition.body.map((t) => ({ ...t, line: token.line })),
          lookup,
          warn,
          depth + 1,
        ),
      );
      continue;
    }
    if (token.kind === "ident" && token.text.startsWith("KF_")) {
      flags.push(token.text.slice(3));
      continue;
    }
    warn(`cannot read flag "${token.text}"`);
  }
  return flags;
}
