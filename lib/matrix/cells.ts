// The cells of the kfunc × release availability matrix. Pure: one kfunc's presences and events
// in, one cell per known release out.

import type { LifecycleState } from "../lifecycle/states";
import type { ReleaseEvidence } from "../releases/evidence";
import { compareReleaseTags } from "../releases/version";

/**
 * present; inferred (not ingested, but the ingested releases on both sides have it and nothing
 * documented changed in between, as MDN writes a range of versions); not-yet (a complete source
 * without it, before it ever appeared); absent (a complete source without it after it had
 * appeared: removed or gone, or a BTF build without it once a removal is on record); not-in-build
 * (one BTF build without it: proves nothing by itself); unknown
 * (not ingested, and nothing to infer from).
 */
export type Availability = "present" | "inferred" | "not-yet" | "absent" | "not-in-build" | "unknown";

/** A kfunc's availability in one release, as the kfunc page, the API and the exports give it. */
export interface ReleaseAvailability {
  release: string;
  availability: Availability;
  /** Present only in these modules of the release's build (they must be loaded); null when in vmlinux or unknown. */
  modules: string[] | null;
}

export interface MatrixCell extends ReleaseAvailability {
  /** Something about the kfunc changed in this release (introduced, signature, flags …). */
  change: "introduced" | "changed" | "removed" | null;
  /** The lifecycle state during this release, if anything is known by then. */
  state: LifecycleState | null;
}

export interface MatrixColumn {
  tag: string;
  /** What the release can prove (lib/releases/evidence.ts); null when it was never ingested. */
  evidence: ReleaseEvidence | null;
}

/** What the cells need of a kfunc's (non-retracted) events. */
export interface CellEvent {
  kind: string;
  release: string | null;
  toState: LifecycleState | null;
}

const CHANGE_KINDS: Record<string, MatrixCell["change"]> = {
  INTRODUCED: "introduced",
  REINTRODUCED: "introduced",
  REMOVED: "removed",
  SIGNATURE_CHANGED: "changed",
  FLAGS_CHANGED: "changed",
  PROG_TYPES_CHANGED: "changed",
  RENAMED: "removed",
};

/**
 * @param presentIn the releases that have the kfunc, each with where its build has it
 *   ("vmlinux" or module names; empty when no build was read)
 */
export function matrixCells(
  columns: readonly MatrixColumn[],
  presentIn: ReadonlyMap<string, readonly string[]>,
  events: readonly CellEvent[],
): MatrixCell[] {
  const placed = events
    .filter((e): e is typeof e & { release: string } => e.release !== null)
    .sort((a, b) => compareReleaseTags(a.release, b.release));
  const ingested = columns.filter((c) => c.evidence);
  /** Present in the nearest ingested releases on both sides, with no event placed between them. */
  const inferred = (tag: string) => {
    const before = ingested.filter((c) => compareReleaseTags(c.tag, tag) < 0).at(-1);
    const after = ingested.find((c) => compareReleaseTags(c.tag, tag) > 0);
    if (!before || !after || !presentIn.has(before.tag) || !presentIn.has(after.tag)) return false;
    return !placed.some(
      (e) => compareReleaseTags(e.release, before.tag) > 0 && compareReleaseTags(e.release, after.tag) <= 0,
    );
  };
  return columns.map((column) => {
    let state: LifecycleState | null = null;
    let change: MatrixCell["change"] = null;
    for (const e of placed) {
      const order = compareReleaseTags(e.release, column.tag);
      if (order > 0) break;
      if (e.toState) state = e.toState;
      if (order === 0 && CHANGE_KINDS[e.kind]) change = change ?? CHANGE_KINDS[e.kind] ?? null;
    }
    const availability: Availability = !column.evidence
      ? inferred(column.tag)
        ? "inferred"
        : "unknown"
      : presentIn.has(column.tag)
        ? "present"
        : !column.evidence.provesAbsence
          ? // A build without it proves nothing, unless a source already says it is gone by then.
            state === "REMOVED"
            ? "absent"
            : "not-in-build"
          : state === null
            ? "not-yet"
            : "absent";
    const seenIn = presentIn.get(column.tag) ?? [];
    const modules = seenIn.length && !seenIn.includes("vmlinux") ? [...seenIn] : null;
    return { release: column.tag, availability, change, state, modules };
  });
}

/** The matrix's cells less what only the matrix draws (change marks, states): one per column. */
export function kfuncAvailability(
  columns: readonly MatrixColumn[],
  presentIn: ReadonlyMap<string, readonly string[]>,
  events: readonly CellEvent[],
): ReleaseAvailability[] {
  return matrixCells(columns, presentIn, events).map(({ release, availability, modules }) => ({
    release,
    availability,
    modules,
  }));
}
