import type { PrismaClient } from "../generated/prisma/client";
import { signatureKey } from "../kernel/prototype";
import type { LifecycleState } from "../lifecycle/states";
import { type Availability, matrixCells } from "../matrix/cells";
import type { ReleaseEvidence } from "../releases/evidence";
import { readKnownReleases } from "../releases/known-releases";
import { compareReleaseTags } from "../releases/version";
import { sameSet } from "../util/lists";

// What the checker needs to know about some kfuncs, read from the catalog in three queries. The
// availability of each kfunc in each release is the matrix's (lib/matrix/cells.ts); a release
// that was not ingested but where the kfunc is inferred takes the prototype and program types of
// the ingested releases around it when those agree.

export interface ReleaseColumn {
  tag: string;
  /** What the release's ingested input proves; null when it was not ingested. */
  evidence: ReleaseEvidence | null;
}

export interface FactCell {
  release: string;
  availability: Availability;
  state: LifecycleState | null;
  /** Only in these modules of the release's build; null when in vmlinux or unknown. */
  modules: string[] | null;
  prototype: string | null;
  /** Program types that may call it there; null when the release does not say (a BTF build). */
  progTypes: string[] | null;
  /** KF flags there; null when the release does not say. */
  flags: string[] | null;
  /** A set it is in there has a filter that admits only some programs of its hook. */
  filtered: boolean;
}

export interface KfuncFacts {
  name: string;
  state: LifecycleState;
  replacement: string | null;
  deprecatedIn: string | null;
  removalEarliest: string | null;
  /** The release of its latest removal (or rename away), when it is removed. */
  removedIn: string | null;
  lastSeen: string | null;
  cells: FactCell[];
}

export interface CatalogFacts {
  /** The releases a check covers: from the oldest to the newest ingested one, oldest first. */
  columns: ReleaseColumn[];
  kfuncs: ReadonlyMap<string, KfuncFacts>;
}

type Db = Pick<PrismaClient, "release" | "$queryRaw">;

interface KfuncRow {
  name: string;
  state: LifecycleState;
  replacement: string | null;
  deprecatedIn: string | null;
  removalEarliest: string | null;
  lastSeen: string | null;
  presences: {
    tag: string;
    prototype: string | null;
    progTypes: string[];
    flags: string[];
    seenIn: string[];
    filtered: boolean;
  }[];
  events: { kind: string; toState: LifecycleState | null; release: string | null }[];
}

/** The releases a check covers, oldest first: from the oldest ingested one to the newest. */
export function checkedSpan<T>(known: readonly T[], ingested: (release: T) => boolean): T[] {
  const first = known.findIndex(ingested);
  return first < 0 ? [] : known.slice(first, known.findLastIndex(ingested) + 1);
}

/**
 * Facts about the kfuncs with these names (unknown names are simply missing from the map), or
 * about every kfunc when no names are given.
 */
export async function loadCheckFacts(db: Db, names?: readonly string[]): Promise<CatalogFacts> {
  const columns: ReleaseColumn[] = checkedSpan(await readKnownReleases(db), (r) => r.ingestion !== null).map(
    (r) => ({ tag: r.tag, evidence: r.ingestion?.evidence ?? null }),
  );
  // One statement for every kfunc with its presences and events (a check answers in tens of
  // milliseconds; an ORM include would be one round trip per relation).
  const filter = names ? [...new Set(names)] : null;
  const rows = await db.$queryRaw<KfuncRow[]>`
    SELECT k.name, k.state::text AS state, rk.name AS replacement, d.tag AS "deprecatedIn",
      re.tag AS "removalEarliest", ls.tag AS "lastSeen",
      coalesce((SELECT json_agg(json_build_object('tag', pr.tag, 'prototype', p.prototype,
          'progTypes', p.prog_types, 'flags', p.flags, 'seenIn', p.seen_in,
          'filtered', coalesce((SELECT bool_or((s->>'filtered')::boolean) FROM jsonb_array_elements(p.sets) s), false)))
        FROM kfunc_release p JOIN release pr ON pr.id = p.release_id WHERE p.kfunc_id = k.id), '[]') AS presences,
      coalesce((SELECT json_agg(json_build_object('kind', e.kind, 'toState', e.to_state, 'release', er.tag))
        FROM lifecycle_event e LEFT JOIN release er ON er.id = e.release_id
        WHERE e.kfunc_id = k.id AND e.retracted_at IS NULL), '[]') AS events
    FROM kfunc k
    LEFT JOIN kfunc rk ON rk.id = k.replacement_id
    LEFT JOIN release d ON d.id = k.deprecated_in_id
    LEFT JOIN release re ON re.id = k.removal_earliest_id
    LEFT JOIN release ls ON ls.id = k.last_seen_id
    WHERE ${filter}::text[] IS NULL OR k.name = ANY(${filter}::text[])
    ORDER BY k.name`;
  const kfuncs = new Map<string, KfuncFacts>();
  for (const row of rows) {
    const presences = new Map(row.presences.map((p) => [p.tag, p]));
    const events = row.events;
    const cells = matrixCells(columns, new Map(row.presences.map((p) => [p.tag, p.seenIn])), events).map(
      (cell, i): FactCell => {
        const column = columns[i] as ReleaseColumn;
        const here = presences.get(cell.release);
        if (here) {
          const knowsFlags = column.evidence?.knowsFlags ?? false;
          return {
            ...cellBase(cell),
            prototype: here.prototype,
            progTypes: knowsFlags ? here.progTypes : null,
            flags: knowsFlags ? here.flags : null,
            filtered: here.filtered,
          };
        }
        if (cell.availability !== "inferred") {
          return { ...cellBase(cell), prototype: null, progTypes: null, flags: null, filtered: false };
        }
        // Inferred: the ingested releases on both sides have it; take what they agree on.
        const before = columns.slice(0, i).findLast((c) => presences.has(c.tag));
        const after = columns.slice(i + 1).find((c) => presences.has(c.tag));
        const a = before && presences.get(before.tag);
        const b = after && presences.get(after.tag);
        const sameProto =
          a?.prototype && b?.prototype && signatureKey(a.prototype) === signatureKey(b.prototype);
        const flagsKnown = before?.evidence?.knowsFlags && after?.evidence?.knowsFlags;
        return {
          ...cellBase(cell),
          prototype: sameProto ? (a?.prototype ?? null) : null,
          progTypes: flagsKnown && a && b && sameSet(a.progTypes, b.progTypes) ? a.progTypes : null,
          flags: flagsKnown && a && b && sameSet(a.flags, b.flags) ? a.flags : null,
          filtered: Boolean(a?.filtered || b?.filtered),
        };
      },
    );
    const removal = events
      .filter((e) => e.toState === "REMOVED" && e.release)
      .sort((x, y) => compareReleaseTags(x.release as string, y.release as string))
      .at(-1);
    kfuncs.set(row.name, {
      name: row.name,
      state: row.state,
      replacement: row.replacement,
      deprecatedIn: row.deprecatedIn,
      removalEarliest: row.removalEarliest,
      removedIn: row.state === "REMOVED" ? (removal?.release ?? null) : null,
      lastSeen: row.lastSeen,
      cells,
    });
  }
  return { columns, kfuncs };
}

function cellBase(cell: ReturnType<typeof matrixCells>[number]) {
  return { release: cell.release, availability: cell.availability, state: cell.state, modules: cell.modules };
}
