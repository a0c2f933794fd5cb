import type { PrismaClient } from "../generated/prisma/client";
import { loadCheckFacts } from "./facts";
import { buildReport, type CheckReport, type CheckRequest } from "./report";

// A check against a catalog database: read the facts about the referenced names, build the report.
// The web page, the API and the CLI all come through here.

export async function runCheck(
  db: Pick<PrismaClient, "release" | "$queryRaw">,
  request: CheckRequest,
): Promise<CheckReport> {
  const names = request.references.flatMap((r) => [r.symbol, r.name]);
  return buildReport(request, await loadCheckFacts(db, names));
}
