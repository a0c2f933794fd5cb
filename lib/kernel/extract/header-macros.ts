// Finds macros a file gets from the headers it includes (breadth-first, a few levels deep).
//
// Kernel fact: the XDP metadata kfunc list XDP_METADATA_KFUNC_xxx is defined in
// include/net/xdp.h, included directly by net/core/xdp.c. A header exports the definition in
// force at its end (xdp.h itself defines and #undefs XDP_METADATA_KFUNC for an enum).

import { includeCandidates, includeDirectives } from "./includes";
import type { MacroDefinition } from "./macros";
import type { SourceFile } from "./source-file";

const MAX_DEPTH = 3;
const MAX_HEADERS_PER_SEARCH = 400;

export class HeaderMacros {
  constructor(private readonly load: (path: string) => Promise<SourceFile | undefined>) {}

  /** The definition of `name` exported by the headers `file` includes, or null. */
  async find(file: SourceFile, name: string): Promise<MacroDefinition | null> {
    const seen = new Set<string>([file.path]);
    let frontier: SourceFile[] = [file];
    for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
      const next: SourceFile[] = [];
      for (const from of frontier) {
        for (const include of includeDirectives(from)) {
          for (const candidate of includeCandidates(from.path, include)) {
            if (seen.has(candidate)) break;
            const header = await this.load(candidate);
            if (!header) continue;
            seen.add(candidate);
            const definition = header.macros.atEnd(name);
            if (definition) return definition;
            next.push(header);
            break;
          }
          if (seen.size > MAX_HEADERS_PER_SEARCH) return null;
        }
      }
      frontier = next;
    }
    return null;
  }
}
