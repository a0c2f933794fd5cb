// Registrations: which sets the kernel actually hands to the verifier as kfunc sets.
//
// Kernel facts:
// - v5.18+: `register_btf_kfunc_id_set(BPF_PROG_TYPE_X, &s)` where `s` is a
//   `struct btf_kfunc_id_set { .owner = THIS_MODULE, .set = &ids, .filter = f }`.
//   Calls are split over lines, chained (`ret = ret ?: register…`, `if ((ret = …) || …)`), and
//   one struct may be registered for many program types. BPF_PROG_TYPE_UNSPEC means every type.
// - v5.18/5.19 structs name the set `.check_set = &ids` and give flags through `.acquire_set`,
//   `.release_set`, `.ret_null_set` (and `.kptr_acquire_set` in 5.19).
// - `register_btf_fmodret_id_set(&s)` registers fmod_ret attach targets: not callable kfuncs.
// - `register_btf_id_dtor_kfuncs()` registers destructors: not kfuncs by itself.
// Only tokens are read (no regex over raw text), so any spacing or line split works.

import { identifierOffsets, type SourceFile } from "./source-file";
import { readCallArguments, type Token, TokenCursor } from "./tokens";

export interface KfuncRegistration {
  /** Without BPF_PROG_TYPE_, e.g. "TRACING" or "UNSPEC". */
  progType: string;
  structName: string;
  file: string;
  line: number;
  guards: string[];
}

export interface FmodretRegistration {
  structName: string;
  file: string;
  line: number;
}

export interface KfuncIdSetStruct {
  name: string;
  file: string;
  line: number;
  /** Member name → referenced set, for members initialised with `&set` (set, check_set, acquire_set, …). */
  setMembers: Map<string, string>;
  /** Name of the `.filter` callback, if any. */
  filter: string | null;
}

export interface RegistrationScan {
  registrations: KfuncRegistration[];
  fmodret: FmodretRegistration[];
  structs: KfuncIdSetStruct[];
  warnings: string[];
}

/** Reads a balanced call argument list starting at "("; null when the next token is not "(". */
const STATEMENT_END = new Set([";", "{"]);

function readCall(cursor: TokenCursor): Token[][] | null {
  const open = cursor.next();
  if (open?.text !== "(") return null;
  const read = readCallArguments(() => cursor.next(), STATEMENT_END);
  return read?.closed ? read.args : null;
}

/** `&name` or `name` → name. */
function addressOf(tokens: Token[]): string | null {
  const rest = tokens[0]?.text === "&" ? tokens.slice(1) : tokens;
  return rest.length === 1 && rest[0]?.kind === "ident" ? rest[0].text : null;
}

function scanKfuncCalls(file: SourceFile, scan: RegistrationScan): void {
  for (const offset of identifierOffsets(file.code, "register_btf_kfunc_id_set")) {
    const cursor = new TokenCursor(file.code, offset + "register_btf_kfunc_id_set".length, file.lines);
    const line = file.lines.lineAt(offset);
    const args = readCall(cursor);
    if (args?.length !== 2) continue; // a declaration, a definition, or not a call
    const [typeArg, setArg] = args as [Token[], Token[]];
    const typeName = typeArg.length === 1 ? typeArg[0]?.text : undefined;
    if (typeArg.some((t) => t.text === "enum" || t.text === "const" || t.text === "struct")) continue; // prototype
    const structName = addressOf(setArg);
    if (!typeName?.startsWith("BPF_PROG_TYPE_") || !structName) {
      scan.warnings.push(
        `${file.path}:${line}: register_btf_kfunc_id_set(${typeArg.map((t) => t.text).join(" ")}, ${setArg.map((t) => t.text).join("")}) has no literal BPF_PROG_TYPE_ and &set; skipped`,
      );
      continue;
    }
    if (file.conditions.isDead(line)) continue;
    scan.registrations.push({
      progType: typeName.slice("BPF_PROG_TYPE_".length),
      structName,
      file: file.path,
      line,
      guards: file.conditions.guardsAt(line),
    });
  }
}

function scanFmodretCalls(file: SourceFile, scan: RegistrationScan): void {
  for (const offset of identifierOffsets(file.code, "register_btf_fmodret_id_set")) {
    const cursor = new TokenCursor(file.code, offset + "register_btf_fmodret_id_set".length, file.lines);
    const args = readCall(cursor);
    const structName = args?.length === 1 ? addressOf(args[0] as Token[]) : null;
    if (structName && args?.[0]?.[0]?.text === "&") {
      scan.fmodret.push({ structName, file: file.path, line: file.lines.lineAt(offset) });
    }
  }
}

/** `struct btf_kfunc_id_set NAME = { .member = value, … }` */
function scanStructs(file: SourceFile, scan: RegistrationScan): void {
  for (const offset of identifierOffsets(file.code, "btf_kfunc_id_set")) {
    const cursor = new TokenCursor(file.code, offset + "btf_kfunc_id_set".length, file.lines);
    const nameToken = cursor.next();
    if (nameToken?.kind !== "ident" || cursor.next()?.text !== "=" || cursor.next()?.text !== "{") continue;
    const struct: KfuncIdSetStruct = {
      name: nameToken.text,
      file: file.path,
      line: nameToken.line,
      setMembers: new Map(),
      filter: null,
    };
    let depth = 1;
    let member: string | null = null;
    let value: Token[] = [];
    const flush = () => {
      if (member === "filter") struct.filter = value.map((t) => t.text).join("") || null;
      else if (member && value[0]?.text === "&") {
        const target = addressOf(value);
        if (target) struct.setMembers.set(member, target);
      }
      member = null;
      value = [];
    };
    for (let token = cursor.next(); token && depth > 0; token = cursor.next()) {
      if (token.text === "{" || token.text === "(") depth++;
      else if (token.text === "}" || token.text === ")") {
        if (--depth === 0) break;
      }
      if (depth === 1 && token.text === ".") {
        const memberToken = cursor.next();
        if (cursor.next()?.text === "=" && memberToken) member = memberToken.text;
        continue;
      }
      if (depth === 1 && token.text === ",") {
        flush();
        continue;
      }
      if (member) value.push(token);
    }
    flush();
    scan.structs.push(struct);
  }
}

export function scanRegistrations(file: SourceFile): RegistrationScan {
  const scan: RegistrationScan = { registrations: [], fmodret: [], structs: [], warnings: [] };
  const code = file.code;
  if (code.includes("register_btf_kfunc_id_set")) scanKfuncCalls(file, scan);
  if (code.includes("register_btf_fmodret_id_set")) scanFmodretCalls(file, scan);
  if (code.includes("btf_kfunc_id_set")) scanStructs(file, scan);
  return scan;
}
