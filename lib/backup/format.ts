import { z } from "zod";

// The backup file of `kfunc export` / `kfunc import`: JSON Lines, so that neither side holds the
// whole catalog in memory.
//
//   line 1        the header: format, version, when, the schema (migration names), what is left
//                 out, and per table its row count and checksum
//   then, for each table in TABLES order: {"table": name, "rows": n}, then n lines, one row each
//                 (the database's own columns, as PostgreSQL's row_to_json writes them)
//   last line     {"end": true, "rows": total}
//
// Import refuses a file whose header, sections, row counts or end are not as described, and checks
// each table's checksum after inserting it (the same md5 over the rows' text on both sides).

export const BACKUP_FORMAT = "kfunc-catalog-backup";
export const BACKUP_VERSION = 1;

/**
 * What a backup holds, in the order rows can be inserted (each table after those it refers to).
 * Accounts are kept without any secret: no password hashes (auth_account), sessions
 * (auth_session), API tokens (api_key), verification codes or rate-limit counters.
 */
export const TABLES = [
  "release",
  "ingestion",
  "kfunc",
  "kfunc_release",
  "lifecycle_event",
  "app_user",
  "proposal",
  "proposal_comment",
  "decision",
  "dependent",
  "violation_ack",
  "audit_log",
] as const;
export type BackupTable = (typeof TABLES)[number];

/** Tables with secrets: never exported; an import needs them empty too. */
export const SECRET_TABLES = ["auth_account", "auth_session", "api_key", "auth_verification"] as const;

export const SECRETS_NOTE =
  "Accounts (app_user: name, email, role) are included without secrets: no password hashes, " +
  "sessions, API tokens or verification codes. Restored accounts keep their history and roles but " +
  "cannot sign in until given a password again; API tokens must be created again (kfunc tokens create).";

export const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int(),
  exportedAt: z.string(),
  from: z.string(),
  migrations: z.array(z.string()),
  secrets: z.string(),
  tables: z.array(z.object({ name: z.string(), rows: z.number().int().nonnegative(), checksum: z.string() })),
});
export type BackupHeader = z.infer<typeof headerSchema>;

export const sectionSchema = z.object({ table: z.string(), rows: z.number().int().nonnegative() });
export const endSchema = z.object({ end: z.literal(true), rows: z.number().int().nonnegative() });

/** A backup file that cannot be restored: the message names the line and what was expected. */
export class BackupFileError extends Error {
  constructor(file: string, line: number | null, problem: string) {
    super(`${file}${line === null ? "" : `, line ${line}`}: ${problem}`);
    this.name = "BackupFileError";
  }
}

/** Checks a parsed header against what this version of the catalog can restore. */
export function headerProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null || (value as { format?: unknown }).format !== BACKUP_FORMAT)
    return `not a kfunc catalog backup (expected a first line with "format": "${BACKUP_FORMAT}")`;
  const version = (value as { version?: unknown }).version;
  if (version !== BACKUP_VERSION)
    return `backup format version ${String(version)} is not one this catalog reads (it reads version ${BACKUP_VERSION})`;
  const parsed = headerSchema.safeParse(value);
  if (!parsed.success)
    return `the header is malformed: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(header)"} ${i.message}`).join("; ")}`;
  const names = parsed.data.tables.map((t) => t.name);
  if (names.join(",") !== TABLES.join(","))
    return `the header lists tables ${names.join(", ")}; expected ${TABLES.join(", ")}`;
  return null;
}
