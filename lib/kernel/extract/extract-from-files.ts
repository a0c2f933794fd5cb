// The extractor core: any FileProvider (directory, tarball, git ref, in-memory map) in,
// ExtractedKfunc[] out, sorted by name. Never compiles or executes kernel code.
//
// Speed: only .c files containing a cheap needle are read into memory ("BTF_" for sets, "kfunc"
// for registrations, structs and __bpf_kfunc definitions, '.c"' for files including a .c file),
// and only those mentioning "_START" or "btf_kfunc_id_set" are parsed. Headers are read on
// demand (macro lists). Definitions are looked up only for the names found in kfunc sets.

import type { ExtractedKfunc } from "../types";
import { assembleKfuncs, membershipsOf } from "./assemble-kfuncs";
import { findKfuncDefinitions } from "./definition-search";
import { collectFileFacts, type FileFacts, mayDeclareKfuncs } from "./file-facts";
import { fileGuardsFor } from "./file-guards";
import { type FileProvider, InMemoryProvider, type ProgressCallback } from "./file-provider";
import { HeaderMacros } from "./header-macros";
import { resolveKfuncSets } from "./kfunc-sets";
import { SourceFile } from "./source-file";

export interface ExtractOptions {
  /**
   * Progress of reading the input: work done out of the total known so far (files; compressed
   * bytes while a tarball is decompressed). It starts over once if definitions must be searched
   * in files beyond the first candidates (kernels before v6.3, whose definitions are unmarked).
   */
  onProgress?: ProgressCallback;
  /** Non-fatal findings: unresolved names, unknown flags, missing definitions. */
  onWarning?: (message: string) => void;
  /**
   * The names in sets registered with register_btf_fmodret_id_set() and in no kfunc set: fmod_ret
   * attach targets, not kfuncs, although a BTF_KFUNCS set makes BTF tag them bpf_kfunc.
   */
  onFmodretTargets?: (names: string[]) => void;
}

/** Needles of the first scan: sets and entries, registrations/structs/markers, included .c files. */
export const CANDIDATE_NEEDLES: readonly string[] = ["BTF_", "kfunc", '.c"'];

export async function extractFromFiles(
  input: Map<string, string> | FileProvider,
  options: ExtractOptions = {},
): Promise<ExtractedKfunc[]> {
  const provider = input instanceof Map ? new InMemoryProvider("<files>", input) : input;
  const warned = new Set<string>();
  const warn = (message: string) => {
    if (warned.has(message)) return;
    warned.add(message);
    options.onWarning?.(message);
  };

  const texts = await provider.scan(
    CANDIDATE_NEEDLES,
    options.onProgress ? { onProgress: options.onProgress } : {},
  );
  const files = new Map<string, SourceFile>();
  const sourceOf = (path: string): SourceFile => {
    let file = files.get(path);
    if (!file) {
      file = new SourceFile(path, texts.get(path) ?? "");
      files.set(path, file);
    }
    return file;
  };

  const headerCache = new Map<string, Promise<SourceFile | undefined>>();
  const headers = new HeaderMacros((path) => {
    const known = files.get(path);
    if (known) return Promise.resolve(known);
    let pending = headerCache.get(path);
    if (!pending) {
      pending = provider
        .read(path)
        .then((text) => (text === undefined ? undefined : new SourceFile(path, text)));
      headerCache.set(path, pending);
    }
    return pending;
  });

  const facts: FileFacts[] = [];
  for (const path of [...texts.keys()].sort()) {
    if (mayDeclareKfuncs(texts.get(path) as string))
      facts.push(await collectFileFacts(sourceOf(path), headers));
  }

  const resolution = resolveKfuncSets(facts);
  for (const fileFacts of facts) for (const warning of fileFacts.warnings) warn(warning);
  for (const warning of resolution.warnings) warn(warning);

  const fileGuards = fileGuardsFor(
    resolution.uses.map((use) => use.set.file),
    texts,
    sourceOf,
  );
  const memberships = membershipsOf(resolution.uses, fileGuards, warn);
  if (options.onFmodretTargets) {
    const targets = [...resolution.fmodretSets].flatMap((set) => set.entries.map((entry) => entry.name));
    options.onFmodretTargets([...new Set(targets)].filter((name) => !memberships.has(name)).sort());
  }
  const setFilesByName = new Map<string, Set<string>>();
  for (const [name, sets] of memberships) setFilesByName.set(name, new Set(sets.map((set) => set.file)));
  const definitions = await findKfuncDefinitions({
    setFilesByName,
    candidates: texts,
    sourceOf,
    provider,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return assembleKfuncs(memberships, definitions, warn);
}
