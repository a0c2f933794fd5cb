import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_RUNS, fuzzSeed, HOSTILE_STRINGS, hostileString } from "../security/testing/hostile";
import { safeReturnPath } from "./return-path";

// Sign-in's returnTo is the one place the app sends a browser to a URL it was given (nothing else
// calls redirect(), Response.redirect or sets Location). Whatever it is given, the browser stays here.

const SITE = "https://catalog.example";

/** Where a browser on SITE goes when told to go to `path`. */
const lands = (path: string) => new URL(path, `${SITE}/sign-in`).origin;

describe("safeReturnPath", () => {
  const prefixes = [
    "/",
    "//",
    "/\\",
    "\\",
    "/\t/",
    "/\n/",
    " /",
    "https:",
    "http://",
    "javascript:",
    "/%2f",
    "/..",
  ];
  const seed = fuzzSeed(1601);
  it(`never leaves the site (seed ${seed}, ${FUZZ_RUNS} cases)`, () => {
    const value = fc.oneof(
      hostileString(),
      fc.tuple(fc.constantFrom(...prefixes), hostileString(40)).map(([p, rest]) => p + rest),
      fc
        .tuple(fc.webUrl(), fc.constantFrom("", "https:", "/", "/\\"))
        .map(([url, scheme]) => url.replace(/^https?:/, scheme)),
    );
    fc.assert(
      fc.property(value, (text) => {
        const path = safeReturnPath(text);
        expect(path.startsWith("/") && !path.startsWith("//")).toBe(true);
        expect(lands(path)).toBe(SITE);
      }),
      { seed, numRuns: FUZZ_RUNS },
    );
    for (const text of HOSTILE_STRINGS) expect(lands(safeReturnPath(text))).toBe(SITE);
  });

  it("keeps a path on the site as it is", () => {
    expect(safeReturnPath("/kfuncs/bpf_task_acquire#governance")).toBe("/kfuncs/bpf_task_acquire#governance");
    expect(safeReturnPath("/kfuncs?q=cpumask&state=removed")).toBe("/kfuncs?q=cpumask&state=removed");
  });
});
