import "server-only";
import { getPrisma } from "../db/client";
import { getKnownReleases } from "../releases/get-releases";
import { CheckInputError } from "./check-error";
import { checkedSpan } from "./facts";
import type { CheckReport, Target } from "./report";
import { runCheck } from "./run-check";
import { namesAsReferences, parseKfuncNames, scanKsymDeclarations } from "./scan-text";

// The /check page's report for what is in its URL: names (or pasted declarations) and a target.

export type PageCheck = { report: CheckReport } | { error: string } | null;

export async function checkFromQuery(text: string, release: string, min: string): Promise<PageCheck> {
  if (!text.trim()) return null;
  try {
    if (release && min)
      throw new CheckInputError("Choose a target release or a first release, not both.", "release");
    const target: Target = release
      ? { kind: "release", release }
      : min
        ? { kind: "min", release: min }
        : { kind: "newest" };
    // Declarations are told from names by their parentheses.
    const declarations = /\(/.test(text);
    const references = declarations ? scanKsymDeclarations(text) : namesAsReferences(parseKfuncNames(text));
    const label = declarations ? "pasted declarations" : references.map((r) => r.symbol).join(", ");
    return {
      report: await runCheck(await getPrisma(), {
        kind: declarations ? "source" : "names",
        label,
        references,
        target,
      }),
    };
  } catch (error) {
    if (error instanceof CheckInputError) return { error: error.message };
    throw error;
  }
}

/** The releases a check covers (checkedSpan), as tags. */
export async function checkableReleases(): Promise<string[]> {
  return checkedSpan(await getKnownReleases(), (r) => r.ingested).map((r) => r.tag);
}
