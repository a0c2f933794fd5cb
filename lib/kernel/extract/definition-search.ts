// Finds the definition of each kfunc: same file as its set first, then any file marked with
// `__bpf_kfunc`, then (only for names still missing) a second pass over the whole tree reading
// only files that contain the name.
//
// Kernel facts: since v6.3 kfunc definitions carry `__bpf_kfunc`, so the first round finds almost
// all of them; v6.0-6.2 definitions carry no marker and some live elsewhere (tcp_reno_* of
// bpf_tcp_ca.c's set are in net/ipv4/tcp_cong.c, crash_kexec in kernel/kexec_core.c). Headers
// hold `static inline` stubs for disabled configs, which rank last.

import type { FileProvider, ProgressCallback } from "./file-provider";
import { type FunctionDefinition, findDefinitions } from "./prototypes";
import { SourceFile } from "./source-file";

// Characters of kernel C identifiers from rarest to most common (counted over kernel/, net/core/
// and mm/ of 6.12). A byte search for a needle shorter than 7 runs at memchr speed on its first
// character, so a short needle starting at a rare character ("kexec" rather than "crash_kexec")
// filters several times faster; the full name is checked afterwards.
const RAREST_FIRST = "79583642j1q0zxywvbkhgmfpudcloniasr_te";
const NEEDLE_MIN = 5;
const NEEDLE_MAX = 6;

/** A short substring of `name` starting at its rarest character: a cheap, sufficient pre-filter. */
export function rareNeedleFor(name: string): string {
  if (name.length <= NEEDLE_MAX) return name;
  let best = 0;
  let bestRank = Number.POSITIVE_INFINITY;
  for (let i = 0; i + NEEDLE_MIN <= name.length; i++) {
    // Characters missing from the table (upper case) are rarer than any listed one.
    const rank = RAREST_FIRST.indexOf(name[i] as string);
    if (rank < bestRank) {
      best = i;
      bestRank = rank;
    }
  }
  return name.slice(best, best + NEEDLE_MAX);
}

function topLevelDir(path: string): string {
  const slash = path.indexOf("/");
  return slash === -1 ? "" : path.slice(0, slash + 1);
}

function rank(definition: FunctionDefinition, setFiles: ReadonlySet<string>): number {
  if (setFiles.has(definition.file)) return definition.inlineStub ? 1 : 0;
  if (definition.marked) return 2;
  if (definition.inlineStub) return 5;
  return definition.file.endsWith(".c") ? 3 : 4;
}

function best(
  definitions: FunctionDefinition[],
  setFiles: ReadonlySet<string>,
): FunctionDefinition | undefined {
  return [...definitions].sort(
    (a, b) =>
      rank(a, setFiles) - rank(b, setFiles) || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line),
  )[0];
}

export interface DefinitionSearch {
  /** kfunc name → the files holding its set entries. */
  setFilesByName: Map<string, Set<string>>;
  /** Texts already read (candidates of the first scan). */
  candidates: ReadonlyMap<string, string>;
  /** The shared SourceFile of a candidate (so preprocessing is done once per file). */
  sourceOf: (path: string) => SourceFile;
  provider: FileProvider;
  onProgress?: ProgressCallback;
}

export async function findKfuncDefinitions(
  search: DefinitionSearch,
): Promise<Map<string, FunctionDefinition>> {
  const names = new Set(search.setFilesByName.keys());
  const found = new Map<string, FunctionDefinition[]>();
  const add = (definitions: FunctionDefinition[]) => {
    for (const definition of definitions) {
      const list = found.get(definition.name);
      if (list) list.push(definition);
      else found.set(definition.name, [definition]);
    }
  };

  // Round 1: the files holding the sets, and every file using the __bpf_kfunc marker.
  const searched = new Set<string>();
  for (const files of search.setFilesByName.values()) for (const path of files) searched.add(path);
  for (const [path, text] of search.candidates) if (text.includes("__bpf_kfunc")) searched.add(path);
  for (const path of searched) {
    if (search.candidates.has(path)) add(findDefinitions(search.sourceOf(path), names));
  }

  // Rounds 2 and 3: names without a real definition yet, first in the top-level directories of
  // their sets (tcp_cong.c beside bpf_tcp_ca.c in net/, kexec_core.c beside bpf/helpers.c in
  // kernel/), then anywhere; only files mentioning a missing name are parsed.
  const missingNames = () => [...names].filter((name) => !(found.get(name) ?? []).some((d) => !d.inlineStub));
  const searchRound = async (missing: string[], within: string[] | undefined) => {
    const needles = [...new Set(missing.map(rareNeedleFor))];
    const texts = await search.provider.scan(needles, {
      ...(search.onProgress ? { onProgress: search.onProgress } : {}),
      ...(within ? { within } : {}),
    });
    for (const [path, text] of texts) {
      if (searched.has(path)) continue;
      searched.add(path);
      const present = new Set(missing.filter((name) => text.includes(name)));
      if (present.size === 0) continue;
      const file = search.candidates.has(path) ? search.sourceOf(path) : new SourceFile(path, text);
      add(findDefinitions(file, present));
    }
  };
  const nearby = missingNames();
  if (nearby.length > 0) {
    const topDirs = new Set<string>();
    for (const name of nearby)
      for (const file of search.setFilesByName.get(name) ?? []) topDirs.add(topLevelDir(file));
    // A set file at the tree root (only in tests) has no top-level directory: search everywhere.
    await searchRound(nearby, topDirs.has("") ? undefined : [...topDirs]);
  }
  const anywhere = missingNames();
  if (anywhere.length > 0) await searchRound(anywhere, undefined);

  const chosen = new Map<string, FunctionDefinition>();
  for (const [name, definitions] of found) {
    const definition = best(definitions, search.setFilesByName.get(name) ?? new Set());
    if (definition) chosen.set(name, definition);
  }
  return chosen;
}
