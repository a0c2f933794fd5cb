// POST /api/v1/ingest: a release snapshot sent by automation (a CI job, `kfunc ingest --api`),
// written exactly as `kfunc ingest` writes it (the same transaction, the same replace policy, with
// `replace` for --force), and recorded in the audit log with who sent it, in that transaction.
import "server-only";
import { BadRequestError, NotFoundError } from "../api/http";
import { ingestSummarySchema } from "../api/mutation-schemas";
import type { Principal } from "../auth/principal";
import type { PrismaClient } from "../generated/prisma/client";
import { type AuditContext, writeAudit } from "../governance/audit";
import { GovernanceError } from "../governance/errors";
import {
  type IngestSummary,
  ingestInTransaction,
  LONG_TRANSACTION,
  ReplaceRefusedError,
  UnknownReleaseError,
} from "./ingest";
import { ingestRequestSchema } from "./snapshot-schema";

/** How the API's caller overrides a refusal, named in the refusal's message. */
const OVERRIDE = '"replace": true (kfunc ingest --force)';
/** Enough issues to fix a snapshot by; a snapshot wrong in every kfunc would list thousands. */
const MAX_ISSUES = 20;

export async function ingestRequest(
  prisma: PrismaClient,
  principal: Principal,
  body: unknown,
  audit: AuditContext,
): Promise<IngestSummary> {
  const parsed = ingestRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      param: issue.path.map(String).join(".") || "body",
      message: issue.message,
    }));
    const shown = issues.slice(0, MAX_ISSUES);
    throw new BadRequestError(
      `The body is not a release snapshot: ${shown.map((i) => `${i.param} (${i.message})`).join("; ")}` +
        `${issues.length > shown.length ? `; and ${issues.length - shown.length} more` : ""}.`,
      shown,
    );
  }
  const { replace, ...snapshot } = parsed.data;
  try {
    return await prisma.$transaction(async (tx) => {
      const summary = await ingestInTransaction(tx, snapshot, { force: replace, override: OVERRIDE });
      await writeAudit(tx, principal, "release.ingest", `release:${summary.release}`, audit, {
        origin: snapshot.origin,
        sourceKind: snapshot.sourceKind,
        replace,
        ...ingestSummarySchema.parse(summary),
      });
      return summary;
    }, LONG_TRANSACTION);
  } catch (error) {
    if (error instanceof UnknownReleaseError) throw new NotFoundError(error.message);
    if (error instanceof ReplaceRefusedError) throw new GovernanceError(409, `Refused: ${error.message}`);
    throw error;
  }
}
