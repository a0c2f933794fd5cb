import "server-only";
import { getPrisma } from "./db";
import { compareReleaseTags } from "./version";

export interface ReleaseSummary {
  tag: string;
  releasedOn: string | null;
  sourceKind: string;
  origin: string;
  ingestedAt: string;
  kfuncCount: number;
}

/** Ingested releases, oldest first, with the provenance of their newest ingestion. */
export async function getReleaseOverview(): Promise<ReleaseSummary[]> {
  const prisma = await getPrisma();
  const releases = await prisma.release.findMany({
    where: { ingestions: { some: {} } },
    include: { ingestions: { orderBy: [{ ingestedAt: "desc" }, { id: "desc" }], take: 1 } },
  });
  return releases
    .map((r) => {
      const latest = r.ingestions[0];
      return {
        tag: r.tag,
        releasedOn: r.releasedOn ? r.releasedOn.toISOString().slice(0, 10) : null,
        sourceKind: latest?.sourceKind ?? "",
        origin: latest?.origin ?? "",
        ingestedAt: latest?.ingestedAt.toISOString() ?? "",
        kfuncCount: latest?.kfuncCount ?? 0,
      };
    })
    .sort((a, b) => compareReleaseTags(a.tag, b.tag));
}
