// `#include` directives and how they resolve inside a kernel tree.
//
// Kernel facts: `#include "x"` is looked up first beside the including file; `<x>` (and a
// quoted name not found beside it) in the kernel's include dirs, chiefly include/ and
// include/uapi/ (arch/<arch>/include only adds arch headers). A few .c files are built only by
// being included from another .c: kernel/sched/ext.c from kernel/sched/build_policy.c under
// `#ifdef CONFIG_SCHED_CLASS_EXT`, so the includer's guards apply to everything in them.

import { posix } from "node:path";
import type { SourceFile } from "./source-file";

export interface IncludeDirective {
  /** As written between the quotes or angle brackets. */
  target: string;
  quoted: boolean;
  line: number;
}

const INCLUDE_BODY = /^\s*(?:"([^"]+)"|<([^>]+)>)/;

export function includeDirectives(file: SourceFile): IncludeDirective[] {
  const includes: IncludeDirective[] = [];
  for (const directive of file.directives) {
    if (directive.keyword !== "include") continue;
    const match = INCLUDE_BODY.exec(directive.body);
    if (!match) continue;
    const quoted = match[1] !== undefined;
    includes.push({ target: (match[1] ?? match[2]) as string, quoted, line: directive.line });
  }
  return includes;
}

/** Candidate tree paths for an include, in lookup order. */
export function includeCandidates(fromFile: string, include: IncludeDirective): string[] {
  const candidates: string[] = [];
  if (include.quoted) candidates.push(posix.normalize(posix.join(posix.dirname(fromFile), include.target)));
  candidates.push(
    posix.normalize(`include/${include.target}`),
    posix.normalize(`include/uapi/${include.target}`),
  );
  return candidates.filter((path) => !path.startsWith("../"));
}

/** The .c files a file includes, with the guards at the include site. */
export function includedCFiles(file: SourceFile): { path: string; line: number; guards: string[] }[] {
  return includeDirectives(file)
    .filter(
      (include) => include.quoted && include.target.endsWith(".c") && !file.conditions.isDead(include.line),
    )
    .map((include) => ({
      path: includeCandidates(file.path, include)[0] as string,
      line: include.line,
      guards: file.conditions.guardsAt(include.line),
    }));
}
