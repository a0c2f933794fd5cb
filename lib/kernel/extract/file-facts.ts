// Everything the extractor learns from one candidate file: its BTF sets, kfunc_id_set structs
// and registrations.

import { type BtfSet, parseBtfSets } from "./btf-sets";
import type { HeaderMacros } from "./header-macros";
import type { MacroDefinition } from "./macros";
import {
  type FmodretRegistration,
  type KfuncIdSetStruct,
  type KfuncRegistration,
  scanRegistrations,
} from "./registrations";
import type { SourceFile } from "./source-file";

export interface FileFacts {
  path: string;
  sets: BtfSet[];
  structs: KfuncIdSetStruct[];
  registrations: KfuncRegistration[];
  fmodret: FmodretRegistration[];
  warnings: string[];
}

/** Rounds of header lookups: a header list macro may expand to further macros. */
const MAX_MACRO_ROUNDS = 4;

async function parseSetsWithHeaderMacros(
  file: SourceFile,
  headers: HeaderMacros,
  warnings: string[],
): Promise<BtfSet[]> {
  const fromHeaders = new Map<string, MacroDefinition | null>();
  const lookup = (name: string, line: number): MacroDefinition | null => {
    const local = file.macros.at(name, line);
    if (local !== undefined) return local; // defined or #undef'd in this file before the use
    return fromHeaders.get(name) ?? null;
  };
  let result = parseBtfSets(file, lookup);
  for (let round = 0; round < MAX_MACRO_ROUNDS; round++) {
    const missing = [...new Set(result.unknownInvocations.map((use) => use.name))].filter(
      (name) => !fromHeaders.has(name),
    );
    if (missing.length === 0) break;
    for (const name of missing) fromHeaders.set(name, await headers.find(file, name));
    result = parseBtfSets(file, lookup);
  }
  for (const use of result.unknownInvocations) {
    warnings.push(
      `${file.path}:${use.line}: "${use.name}" inside a BTF set is neither BTF_ID_FLAGS/BTF_ID nor a known macro; ignored`,
    );
  }
  warnings.push(...result.warnings);
  return result.sets;
}

/**
 * Quick test on raw text: could this file hold a set (`…_START(`), a `struct btf_kfunc_id_set`
 * or a registration (both spell "btf_kfunc_id_set")?
 */
export function mayDeclareKfuncs(text: string): boolean {
  return text.includes("_START") || text.includes("btf_kfunc_id_set");
}

export async function collectFileFacts(file: SourceFile, headers: HeaderMacros): Promise<FileFacts> {
  const facts: FileFacts = {
    path: file.path,
    sets: [],
    structs: [],
    registrations: [],
    fmodret: [],
    warnings: [],
  };
  if (file.text.includes("_START"))
    facts.sets = await parseSetsWithHeaderMacros(file, headers, facts.warnings);
  const registrations = scanRegistrations(file);
  facts.structs = registrations.structs;
  facts.registrations = registrations.registrations;
  facts.fmodret = registrations.fmodret;
  facts.warnings.push(...registrations.warnings);
  return facts;
}
