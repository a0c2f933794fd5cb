import { z } from "zod";

// What the mutating routes answer with, for the OpenAPI document. Their request bodies are the
// governance module's input schemas (lib/governance/proposals.ts) and the ingest request
// (lib/ingest/snapshot-schema.ts). Pure.

/** The largest body POST /api/v1/ingest reads: the biggest shipped snapshot is under 100 KiB. */
export const INGEST_BODY_LIMIT = 32 * 1024 * 1024;

export const proposalCreatedSchema = z
  .object({ id: z.number().int(), status: z.literal("OPEN") })
  .meta({ id: "ProposalCreated", description: "The proposal filed, open." });

export const decisionCreatedSchema = z
  .object({
    id: z.number().int(),
    proposalId: z.number().int(),
    outcome: z.enum(["APPROVED", "REJECTED"]),
    eventId: z
      .number()
      .int()
      .nullable()
      .meta({ description: "The DECISION lifecycle event an approval wrote; null for a rejection." }),
  })
  .meta({ id: "DecisionCreated", description: "The decision recorded." });

export const createdSchema = z
  .object({ id: z.number().int() })
  .meta({ id: "Created", description: "The id of the row written." });

export const proposalWithdrawnSchema = z
  .object({ id: z.number().int(), status: z.literal("WITHDRAWN") })
  .meta({ id: "ProposalWithdrawn", description: "The proposal, withdrawn." });

export const ingestSummarySchema = z
  .object({
    release: z.string(),
    unchanged: z
      .boolean()
      .meta({ description: "The release already held this very data: nothing was written." }),
    kfuncs: z.number().int(),
    added: z.number().int(),
    removed: z.number().int(),
    changed: z.number().int(),
    violations: z
      .number()
      .int()
      .meta({ description: "Policy violations in the whole catalog after the ingestion." }),
  })
  .meta({ id: "IngestSummary", description: "What the ingestion did." });
