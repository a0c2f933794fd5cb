import type { Prisma } from "../generated/prisma/client";
import { ANY_PROG_TYPE } from "../kernel/prog-types";
import type { CatalogQuery } from "./query";

// The catalog's filters and sort orders as Prisma clauses: shared by the catalog, its exports,
// the matrix and the API, so that every view of one URL lists the same kfuncs.

/** Program-type filter: a set registered for UNSPEC serves every program type. */
export function catalogWhere(
  query: CatalogQuery,
  releaseId: number | null,
  withState: boolean,
): Prisma.KfuncWhereInput {
  const and: Prisma.KfuncWhereInput[] = [];
  if (withState && query.state) and.push({ state: query.state });
  if (query.subsystem) and.push({ subsystem: query.subsystem });
  // With a release chosen, program type and flag are those the kfunc had in that release (a BTF
  // release knows neither, so nothing matches there); otherwise those of its newest release.
  const byProgType = (type: string) => ({
    OR: [{ progTypes: { has: type } }, { progTypes: { has: ANY_PROG_TYPE } }],
  });
  if (query.release) {
    and.push({
      presences: {
        some: {
          releaseId: releaseId ?? -1,
          ...(query.progType ? byProgType(query.progType) : {}),
          ...(query.flag ? { flags: { has: query.flag } } : {}),
        },
      },
    });
  } else {
    if (query.flag) and.push({ flags: { has: query.flag } });
    if (query.progType) and.push(byProgType(query.progType));
  }
  if (query.q) {
    and.push({
      OR: [
        { name: { contains: literal(query.q), mode: "insensitive" } },
        { prototype: { contains: literal(query.q), mode: "insensitive" } },
      ],
    });
  }
  return { AND: and };
}

export function catalogOrder(query: CatalogQuery): Prisma.KfuncOrderByWithRelationInput[] {
  const dir = query.sort.direction;
  switch (query.sort.field) {
    case "state":
      return [{ state: dir }, { name: "asc" }];
    case "subsystem":
      return [{ subsystem: dir }, { name: "asc" }];
    // Release ids sort as versions (major * 1000 + minor); never-seen kfuncs go last.
    case "firstSeen":
      return [{ firstSeenId: { sort: dir, nulls: "last" } }, { name: "asc" }];
    case "lastSeen":
      return [{ lastSeenId: { sort: dir, nulls: "last" } }, { name: "asc" }];
    default:
      return [{ name: dir }];
  }
}

/** Search text is literal: LIKE's wildcards and its escape character match only themselves. */
export function literal(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
