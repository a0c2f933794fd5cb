// Loads a catalog directory (the shipped data/, or another one named by KFUNC_CATALOG_DIR): the
// release registry, every release snapshot (each through the same ingester the CLI uses, one
// transaction per release) and the documented events. Running it again changes nothing.

import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { catalogChanged } from "../cache/invalidate";
import type { PrismaClient } from "../generated/prisma/client";
import { compareReleaseTags } from "../releases/version";
import { recordDocumentedEvents } from "./documented";
import { type IngestSummary, ingestSnapshot, LONG_TRANSACTION } from "./ingest";
import { lockCatalog, recomputeAndCount, recomputeDerived } from "./recompute";
import { documentedEventsSchema, readDataFile, releaseRegistrySchema, upsertReleases } from "./registry";
import { releaseSnapshotSchema } from "./snapshot-schema";

export interface LoadSummary {
  releases: number;
  ingested: IngestSummary[];
  documentedAdded: number;
}

export async function loadCatalogData(
  prisma: PrismaClient,
  dataDir: string,
  log: (line: string) => void = () => {},
): Promise<LoadSummary> {
  const registry = readDataFile(path.join(dataDir, "releases.json"), releaseRegistrySchema);
  const releases = await prisma.$transaction((tx) => upsertReleases(tx, registry), LONG_TRANSACTION);

  const snapshotDir = path.join(dataDir, "releases");
  const files = existsSync(snapshotDir)
    ? readdirSync(snapshotDir)
        .filter((f) => f.endsWith(".json"))
        .sort((a, b) => compareReleaseTags(a.replace(/\.json$/, ""), b.replace(/\.json$/, "")))
    : [];
  const ingested: IngestSummary[] = [];
  for (const file of files) {
    const snapshot = readDataFile(path.join(snapshotDir, file), releaseSnapshotSchema);
    // The shipped data is authoritative when it is new, and never undoes a later ingest.
    const summary = await ingestSnapshot(prisma, snapshot, { force: true, onlyIfNew: true });
    log(
      summary.keptNewer
        ? `${summary.release}: kept the newer ingestion from ${summary.keptNewer}`
        : `${summary.release}: ${summary.kfuncs} kfuncs${summary.unchanged ? " (unchanged)" : `, +${summary.added} −${summary.removed} ~${summary.changed}`}`,
    );
    ingested.push(summary);
  }

  const documentedFile = path.join(dataDir, "documented-events.json");
  let documentedAdded = 0;
  if (existsSync(documentedFile)) {
    const { events } = readDataFile(documentedFile, documentedEventsSchema);
    documentedAdded = await prisma.$transaction(async (tx) => {
      await lockCatalog(tx);
      const added = await recordDocumentedEvents(tx, events);
      if (added) {
        // A documented fact the lifecycle rules refuse where it stands changes no state; say so.
        const { refused } = await recomputeDerived(tx);
        for (const r of refused) {
          log(
            `warning: ${r.kfunc}: ${r.from} → ${r.event.toState} in ${r.event.release ?? "(no release)"} refused: ${r.problems.map((p) => p.message).join(" ")}`,
          );
        }
      }
      return added;
    }, LONG_TRANSACTION);
    log(`documented events: ${documentedAdded} new of ${events.length}`);
  }
  // Nothing new was ingested, so nothing was recomputed: the derived history is brought up to the
  // rules of this version of the app (a rule may have changed since the database was filled).
  // Append-only like every recompute: what no longer holds is retracted, what now holds appended.
  if (documentedAdded === 0 && ingested.every((s) => s.unchanged)) {
    const caughtUp = await prisma.$transaction(async (tx) => {
      await lockCatalog(tx);
      return recomputeAndCount(tx);
    }, LONG_TRANSACTION);
    if (caughtUp.appended || caughtUp.retracted || caughtUp.rewritten) {
      log(
        `derived history brought up to the current rules: ${caughtUp.appended} events appended, ${caughtUp.retracted} retracted, ${caughtUp.rewritten} kfuncs rewritten`,
      );
    }
  }
  await catalogChanged({ ingested: true });
  return { releases, ingested, documentedAdded };
}
