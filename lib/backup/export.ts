import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import type { Database } from "../db/connect";
import { appliedMigrations, tableSums } from "./checksum";
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupHeader, SECRETS_NOTE, TABLES } from "./format";

// `kfunc export <file>`: the whole catalog, read in one repeatable-read transaction (a consistent
// snapshot while a server keeps writing), written to <file>.partial and renamed when complete, so
// a killed export never leaves a truncated file under the name asked for.

const PAGE = 2000;

export interface ExportSummary {
  file: string;
  tables: { name: string; rows: number; checksum: string }[];
  rows: number;
}

export async function exportCatalog(db: Database, file: string): Promise<ExportSummary> {
  const partial = `${file}.partial`;
  const fd = openSync(partial, "w");
  const raw = db.raw;
  let open = false;
  try {
    await raw.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    open = true;
    const sums = await tableSums(raw, TABLES);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: new Date().toISOString(),
      from: `${db.kind} database`,
      migrations: await appliedMigrations(raw),
      secrets: SECRETS_NOTE,
      tables: TABLES.map((name) => ({ name, ...(sums[name] as { rows: number; checksum: string }) })),
    };
    writeSync(fd, `${JSON.stringify(header)}\n`);
    let total = 0;
    for (const { name, rows } of header.tables) {
      writeSync(fd, `${JSON.stringify({ table: name, rows })}\n`);
      // Keyset pages in id order (ids are integers, or text for app_user).
      let last: unknown = null;
      let written = 0;
      for (;;) {
        const page = await raw.query<{ id: unknown; line: string }>(
          `SELECT t.id, row_to_json(t)::text AS line FROM "${name}" t
            WHERE $1::text IS NULL OR t.id > ${name === "app_user" ? "$1::text" : "$1::int"}
            ORDER BY t.id LIMIT ${PAGE}`,
          [last === null ? null : String(last)],
        );
        if (!page.length) break;
        writeSync(fd, `${page.map((r) => r.line).join("\n")}\n`);
        written += page.length;
        last = page[page.length - 1]?.id;
      }
      if (written !== rows) throw new Error(`${name}: read ${written} rows, expected ${rows}`);
      total += written;
    }
    writeSync(fd, `${JSON.stringify({ end: true, rows: total })}\n`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(partial, file);
    return { file, tables: header.tables, rows: total };
  } catch (error) {
    try {
      closeSync(fd);
    } catch {}
    rmSync(partial, { force: true });
    throw error;
  } finally {
    if (open) await raw.exec("ROLLBACK").catch(() => {});
  }
}
