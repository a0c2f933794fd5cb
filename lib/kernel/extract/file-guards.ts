// Guards a whole file inherits from the files that #include it.
//
// Kernel fact: kernel/sched/ext.c is not built on its own; kernel/sched/build_policy.c includes
// it under `#ifdef CONFIG_SCHED_CLASS_EXT`, so every kfunc set in ext.c needs that option.
// A file included from several places needs only what all of its inclusions have in common.
// Include edges are looked up only for the files that hold kfunc sets, through an index of the
// `#include "….c"` lines of the candidate files.

import { posix } from "node:path";
import { includedCFiles } from "./includes";
import type { SourceFile } from "./source-file";

export interface IncludeEdge {
  includer: string;
  guards: string[];
}

export class FileGuards {
  private readonly includers = new Map<string, IncludeEdge[]>();
  private readonly memo = new Map<string, string[]>();

  addInclude(included: string, edge: IncludeEdge): void {
    const list = this.includers.get(included);
    if (list) list.push(edge);
    else this.includers.set(included, [edge]);
  }

  guardsOf(path: string, visiting = new Set<string>()): string[] {
    const cached = this.memo.get(path);
    if (cached) return cached;
    const edges = this.includers.get(path);
    if (!edges || visiting.has(path)) return [];
    visiting.add(path);
    let common: string[] | null = null;
    for (const edge of edges) {
      const viaEdge = [...new Set([...this.guardsOf(edge.includer, visiting), ...edge.guards])];
      common = common === null ? viaEdge : common.filter((guard) => viaEdge.includes(guard));
    }
    visiting.delete(path);
    const guards = common ?? [];
    this.memo.set(path, guards);
    return guards;
  }
}

const C_FILE_INCLUDE = /#[ \t]*include[ \t]*"([^"\n]+\.c)"/g;

/** Basename of each included .c → the files that seem to include it (raw text; confirmed later). */
function indexCIncludes(texts: ReadonlyMap<string, string>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const [path, text] of texts) {
    if (!path.endsWith(".c") || !text.includes('.c"')) continue;
    C_FILE_INCLUDE.lastIndex = 0;
    for (let match = C_FILE_INCLUDE.exec(text); match; match = C_FILE_INCLUDE.exec(text)) {
      const base = posix.basename(match[1] as string);
      const list = index.get(base) ?? [];
      if (!list.includes(path)) list.push(path);
      index.set(base, list);
    }
  }
  return index;
}

/** Include edges (transitively) into the given files, from the candidate texts. */
export function fileGuardsFor(
  targets: Iterable<string>,
  texts: ReadonlyMap<string, string>,
  sourceOf: (path: string) => SourceFile,
): FileGuards {
  const guards = new FileGuards();
  const index = indexCIncludes(texts);
  const queue = [...new Set(targets)];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const target = queue.pop() as string;
    for (const includer of index.get(posix.basename(target)) ?? []) {
      for (const included of includedCFiles(sourceOf(includer))) {
        if (included.path !== target) continue;
        guards.addInclude(target, { includer, guards: included.guards });
        if (!seen.has(includer)) {
          seen.add(includer);
          queue.push(includer);
        }
      }
    }
  }
  return guards;
}
