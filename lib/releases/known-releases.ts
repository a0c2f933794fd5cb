// Every known release with the provenance of its newest ingestion, oldest first: the one query
// that says which releases are ingested and from what. The newest ingestion of a release owns
// its presence rows. Takes the database (a client or a transaction) as an argument.

import type { Prisma } from "../generated/prisma/client";
import { evidenceOf, type ReleaseEvidence, type SourceKind } from "./evidence";

/** Ingestions newest first: the first is the one a release's data comes from. */
export const NEWEST_INGESTION_FIRST = [
  { ingestedAt: "desc" },
  { id: "desc" },
] satisfies Prisma.IngestionOrderByWithRelationInput[];

export interface KnownReleaseRow {
  id: number;
  tag: string;
  releasedOn: Date | null;
  /** The newest ingestion, or null when the release was never ingested. */
  ingestion: {
    sourceKind: SourceKind;
    origin: string;
    ingestedAt: Date;
    kfuncCount: number;
    evidence: ReleaseEvidence;
  } | null;
}

type Reader = Pick<Prisma.TransactionClient, "release">;

/** Release ids are major * 1000 + minor, so id order is version order. */
export async function readKnownReleases(db: Reader): Promise<KnownReleaseRow[]> {
  const rows = await db.release.findMany({
    orderBy: { id: "asc" },
    select: {
      id: true,
      tag: true,
      releasedOn: true,
      ingestions: {
        select: { sourceKind: true, origin: true, ingestedAt: true, kfuncCount: true },
        orderBy: NEWEST_INGESTION_FIRST,
        take: 1,
      },
    },
  });
  return rows.map(({ ingestions, ...release }) => {
    const latest = ingestions[0];
    return {
      ...release,
      ingestion: latest ? { ...latest, evidence: evidenceOf(latest.sourceKind) } : null,
    };
  });
}

export function ingestedOnly(
  releases: readonly KnownReleaseRow[],
): (KnownReleaseRow & { ingestion: NonNullable<KnownReleaseRow["ingestion"]> })[] {
  return releases.filter(
    (r): r is KnownReleaseRow & { ingestion: NonNullable<KnownReleaseRow["ingestion"]> } =>
      Boolean(r.ingestion),
  );
}
