// The cells of the kfunc × release availability matrix. Pure: one kfunc's presences and events
// in, one cell per known release out.

import type { LifecycleState } from "../lifecycle/states";
import type { ReleaseEvidence } from "../releases/evidence";
import { compareReleaseTags } from "../releases/version";

/**
 * present; not-yet (a complete source without it, before it ever appeared); absent (a complete
 * source without it after it had appeared: removed or gone); not-in-build (one BTF build without
 * it: proves nothing); unknown (the release was not ingested).
 */
export type Availability = "present" | "not-yet" | "absent" | "not-in-build" | "unknown";

export interface MatrixCell {
  release: string;
  availability: Availability;
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

const CHANGE_KINDS: Record<string, MatrixCell["change"]> = {
  INTRODUCED: "introduced",
  REINTRODUCED: "introduced",
  REMOVED: "removed",
  SIGNATURE_CHANGED: "changed",
  FLAGS_CHANGED: "changed",
  PROG_TYPES_CHANGED: "changed",
  RENAMED: "removed",
};

export function matrixCells(
  columns: readonly MatrixColumn[],
  presentIn: ReadonlySet<string>,
  events: readonly { kind: string; release: string | null; toState: LifecycleState | null }[],
): MatrixCell[] {
  const placed = events
    .filter((e): e is typeof e & { release: string } => e.release !== null)
    .sort((a, b) => compareReleaseTags(a.release, b.release));
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
      ? "unknown"
      : presentIn.has(column.tag)
        ? "present"
        : !column.evidence.provesAbsence
          ? "not-in-build"
          : state === null
            ? "not-yet"
            : "absent";
    return { release: column.tag, availability, change, state };
  });
}
