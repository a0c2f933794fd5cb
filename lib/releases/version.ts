// Kernel release tags ("v6.12") and their order. Pure.

export interface KernelVersion {
  major: number;
  minor: number;
}

const TAG = /^v?(\d{1,2})\.(\d{1,3})$/;

/** Parses "v6.12" or "6.12"; anything else (rc tags, stable point releases, junk) gives null. */
export function parseReleaseTag(input: string): KernelVersion | null {
  const match = TAG.exec(input.trim());
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

export function formatReleaseTag(version: KernelVersion): string {
  return `v${version.major}.${version.minor}`;
}

/** Normalises a tag ("6.12" → "v6.12"), or null when it is not a release tag. */
export function normaliseReleaseTag(input: string): string | null {
  const version = parseReleaseTag(input);
  return version ? formatReleaseTag(version) : null;
}

export function compareVersions(a: KernelVersion, b: KernelVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

// Sorting, the matrix and the exports compare the same few dozen tags again and again (millions
// of times for an export of a large catalog): each tag is parsed once. Bounded against junk.
const parsedTags = new Map<string, KernelVersion | null>();

function parseTagOnce(tag: string): KernelVersion | null {
  let version = parsedTags.get(tag);
  if (version === undefined) {
    version = parseReleaseTag(tag);
    if (parsedTags.size < 1024) parsedTags.set(tag, version);
  }
  return version;
}

/** Orders tags numerically: v6.9 < v6.10 < v7.0. Unparseable tags sort last, by text. */
export function compareReleaseTags(a: string, b: string): number {
  const va = parseTagOnce(a);
  const vb = parseTagOnce(b);
  if (va && vb) return compareVersions(va, vb);
  if (va) return -1;
  if (vb) return 1;
  return a.localeCompare(b);
}
