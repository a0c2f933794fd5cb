import type { RawSql } from "../db/connect";

// One table's fingerprint: its row count and the md5 of every row's text form, in id order. The
// same on an embedded and a server database holding the same rows (same migrations, same column
// order), so a backup made on one can be checked on the other.

export interface TableSum {
  rows: number;
  checksum: string;
}

export async function tableSum(raw: RawSql, table: string): Promise<TableSum> {
  const [row] = await raw.query<{ rows: number; checksum: string }>(
    `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.id), '')) AS checksum FROM "${table}" t`,
  );
  if (!row) throw new Error(`no checksum for ${table}`);
  return { rows: row.rows, checksum: row.checksum };
}

export async function tableSums(raw: RawSql, tables: readonly string[]): Promise<Record<string, TableSum>> {
  const sums: Record<string, TableSum> = {};
  for (const table of tables) sums[table] = await tableSum(raw, table);
  return sums;
}

/** Migrations applied to the database, by name, in order: the schema a backup belongs to. */
export async function appliedMigrations(raw: RawSql): Promise<string[]> {
  const rows = await raw.query<{ name: string }>(
    `SELECT migration_name AS name FROM "_prisma_migrations"
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((r) => r.name);
}
