// Word-level diff of two prototypes, for showing what changed (bbr_main gaining parameters,
// u32 → s32). jsdiff does the work; this shapes it for rendering. Pure.
import { diffWordsWithSpace } from "diff";

export interface WordPart {
  text: string;
  change: "same" | "added" | "removed";
}

export function wordDiff(before: string, after: string): WordPart[] {
  return diffWordsWithSpace(before, after).map((part) => ({
    text: part.value,
    change: part.added ? "added" : part.removed ? "removed" : "same",
  }));
}
