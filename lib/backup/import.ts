import { createReadStream, existsSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Database } from "../db/connect";
import { appliedMigrations, tableSum } from "./checksum";
import {
  BackupFileError,
  type BackupHeader,
  endSchema,
  headerProblem,
  SECRET_TABLES,
  sectionSchema,
  TABLES,
} from "./format";

// `kfunc import <file>`: restores a backup into an empty database, in one transaction: rows are
// inserted (never updated, so the append-only triggers have nothing to refuse), each table's
// checksum is compared with the file's, the id sequences are moved past the restored ids, and
// only then is it committed. Any problem with the file (not a backup, another format version,
// another schema, a bad line, a truncated end, altered rows) rolls everything back.

const BATCH = 1000;

/** The database already holds a catalog: import only restores into an empty one. */
export class DatabaseNotEmptyError extends Error {
  constructor(location: string, filled: string[]) {
    super(
      `the database at ${location} is not empty (${filled.join(", ")}): import restores into an empty database only; ` +
        "use a new KFUNC_DATA_DIR or a new PostgreSQL database (then run import before the server first starts)",
    );
    this.name = "DatabaseNotEmptyError";
  }
}

export interface ImportSummary {
  tables: { name: string; rows: number }[];
  rows: number;
}

async function* numberedLines(file: string): AsyncGenerator<[number, string]> {
  const lines = createInterface({
    input: createReadStream(file, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let n = 0;
  for await (const line of lines) yield [++n, line];
}

export async function importCatalog(db: Database, file: string): Promise<ImportSummary> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupFileError(file, null, "no such file");
  const raw = db.raw;
  const migrations = await appliedMigrations(raw);
  const columns = new Map<string, Set<string>>();
  for (const table of TABLES) {
    const rows = await raw.query<{ name: string }>(
      "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
      [table],
    );
    columns.set(table, new Set(rows.map((r) => r.name)));
  }

  const lines = numberedLines(file);
  await raw.exec("BEGIN");
  try {
    // Nobody else writes while this runs (a server database may have other clients).
    await raw.exec(
      `LOCK TABLE ${[...TABLES, ...SECRET_TABLES].map((t) => `"${t}"`).join(", ")} IN EXCLUSIVE MODE`,
    );
    const filled: string[] = [];
    for (const table of [...TABLES, ...SECRET_TABLES]) {
      const [row] = await raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
      if (row?.n) filled.push(`${table}: ${row.n} rows`);
    }
    if (filled.length) throw new DatabaseNotEmptyError(db.location, filled);

    const next = async (expected: string): Promise<[number, unknown]> => {
      const { value, done } = await lines.next();
      if (done)
        throw new BackupFileError(file, null, `the file ends early (truncated?): expected ${expected}`);
      const [n, text] = value;
      try {
        return [n, JSON.parse(text)];
      } catch (error) {
        throw new BackupFileError(file, n, `not JSON (${(error as Error).message}); expected ${expected}`);
      }
    };

    const [, headerValue] = await next("the header");
    const problem = headerProblem(headerValue);
    if (problem) throw new BackupFileError(file, 1, problem);
    const header = headerValue as BackupHeader;
    if (header.migrations.join(",") !== migrations.join(",")) {
      throw new BackupFileError(
        file,
        1,
        `the backup was made with schema migrations [${header.migrations.join(", ")}], this catalog has [${migrations.join(", ")}]: restore it with the version of the catalog that made it`,
      );
    }

    const replacements: { id: number; replacement_id: number }[] = [];
    const tables: ImportSummary["tables"] = [];
    let total = 0;
    for (const expected of header.tables) {
      const [sectionLine, sectionValue] = await next(`the start of table ${expected.name}`);
      const section = sectionSchema.safeParse(sectionValue);
      if (!section.success || section.data.table !== expected.name || section.data.rows !== expected.rows) {
        throw new BackupFileError(
          file,
          sectionLine,
          `expected the start of table ${expected.name} ({"table": "${expected.name}", "rows": ${expected.rows}})`,
        );
      }
      const known = columns.get(expected.name) as Set<string>;
      let batch: Record<string, unknown>[] = [];
      const flush = async () => {
        if (!batch.length) return;
        await raw.query(
          `INSERT INTO "${expected.name}" SELECT * FROM json_populate_recordset(NULL::"${expected.name}", $1::json)`,
          [JSON.stringify(batch)],
        );
        batch = [];
      };
      for (let i = 0; i < expected.rows; i++) {
        const [n, row] = await next(`row ${i + 1} of ${expected.rows} of table ${expected.name}`);
        if (typeof row !== "object" || row === null || Array.isArray(row))
          throw new BackupFileError(file, n, `expected a row of table ${expected.name} (a JSON object)`);
        const keys = Object.keys(row);
        const unknown = keys.filter((k) => !known.has(k));
        const missing = [...known].filter((k) => !(k in row));
        if (unknown.length || missing.length) {
          throw new BackupFileError(
            file,
            n,
            `a row of table ${expected.name} with ${unknown.length ? `unknown columns ${unknown.join(", ")}` : ""}${unknown.length && missing.length ? " and " : ""}${missing.length ? `missing columns ${missing.join(", ")}` : ""}`,
          );
        }
        const record = row as Record<string, unknown>;
        // A kfunc may name as its replacement a kfunc restored after it: set once all are in.
        if (expected.name === "kfunc" && record.replacement_id !== null) {
          replacements.push({ id: record.id as number, replacement_id: record.replacement_id as number });
          batch.push({ ...record, replacement_id: null });
        } else {
          batch.push(record);
        }
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      if (expected.name === "kfunc" && replacements.length) {
        await raw.query(
          `UPDATE "kfunc" k SET replacement_id = v.replacement_id
             FROM json_to_recordset($1::json) AS v(id int, replacement_id int) WHERE k.id = v.id`,
          [JSON.stringify(replacements)],
        );
      }
      const sum = await tableSum(raw, expected.name);
      if (sum.rows !== expected.rows || sum.checksum !== expected.checksum) {
        throw new BackupFileError(
          file,
          null,
          `table ${expected.name}: the restored rows do not match the header's checksum (rows changed after the export, or the file is corrupt)`,
        );
      }
      tables.push({ name: expected.name, rows: sum.rows });
      total += sum.rows;
    }
    const [endLine, endValue] = await next("the end line");
    const end = endSchema.safeParse(endValue);
    if (!end.success || end.data.rows !== total)
      throw new BackupFileError(file, endLine, `expected the end line {"end": true, "rows": ${total}}`);
    const extra = await lines.next();
    if (!extra.done && extra.value[1].trim() !== "")
      throw new BackupFileError(file, extra.value[0], "unexpected content after the end line");

    // Ids given by the database from now on follow the restored ones.
    for (const table of TABLES) {
      if (table === "release" || table === "app_user") continue; // ids not drawn from a sequence
      await raw.query(
        `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), coalesce((SELECT max(id) FROM "${table}"), 0) + 1, false)`,
      );
    }
    await raw.exec("COMMIT");
    return { tables, rows: total };
  } catch (error) {
    await raw.exec("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await lines.return(undefined); // closes the file when the import stopped early
  }
}
