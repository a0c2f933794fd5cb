import { BackupFileError } from "../../lib/backup/format";
import { tryParseArgs } from "../args";

// `kfunc export <file>` and `kfunc import <file>`: a backup of the whole catalog (releases,
// ingestions, kfuncs and their presence per release, lifecycle events, proposals, comments,
// decisions, dependents, violation acknowledgements, the audit log, and accounts without any
// secret), and its restore into an empty database. Both run as the database's owner, like every
// command; the embedded database has one owner, so stop the server first (or use a PostgreSQL
// server). Exit codes: 0 done, 1 refused or failed (import: nothing changed), 2 bad usage.

export const EXPORT_USAGE = `usage: kfunc export <file> [--json]
  writes the whole catalog to <file> (JSON Lines, format version 1), read in one consistent
  snapshot; accounts are included without password hashes, sessions or API tokens
exit codes: 0 done, 1 failed (no file written), 2 bad usage`;

export const IMPORT_USAGE = `usage: kfunc import <file> [--json]
  restores a file written by kfunc export into an empty database (migrated first if new), in
  one transaction: a corrupt, truncated or foreign file is refused and nothing changes
exit codes: 0 done, 1 refused or failed (nothing changed), 2 bad usage`;

type Kind = "export" | "import";

function parse(kind: Kind, argv: string[]): { file: string; json: boolean } | number {
  const usageText = kind === "export" ? EXPORT_USAGE : IMPORT_USAGE;
  const parsed = tryParseArgs({
    args: argv,
    options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (typeof parsed === "string") return usage(kind, parsed);
  if (parsed.values.help) {
    process.stdout.write(`${usageText}\n`);
    return 0;
  }
  if (parsed.positionals.length !== 1) return usage(kind, `${kind} takes one file: kfunc ${kind} <file>`);
  return { file: parsed.positionals[0] as string, json: Boolean(parsed.values.json) };
}

export async function runExport(argv: string[]): Promise<number> {
  const args = parse("export", argv);
  if (typeof args === "number") return args;
  const [{ openDatabase }, { exportCatalog }] = await Promise.all([
    import("../../lib/db/connect"),
    import("../../lib/backup/export"),
  ]);
  const db = await openDatabase({ role: "kfunc export" }).catch((error: Error) => error);
  if (db instanceof Error) return fail("export", db.message, "no file was written");
  try {
    const summary = await exportCatalog(db, args.file);
    if (args.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      process.stdout.write(
        `exported ${summary.rows} rows from ${db.kind} database ${db.location} to ${args.file}\n`,
      );
      for (const t of summary.tables)
        process.stdout.write(`  ${t.name.padEnd(17)} ${String(t.rows).padStart(8)}  md5 ${t.checksum}\n`);
      process.stdout.write("accounts without secrets: no password hashes, sessions or API tokens\n");
    }
    return 0;
  } catch (error) {
    return fail("export", (error as Error).message, "no file was written");
  } finally {
    await db.close();
  }
}

export async function runImport(argv: string[]): Promise<number> {
  const args = parse("import", argv);
  if (typeof args === "number") return args;
  const [{ openDatabase }, { migrate }, { importCatalog, DatabaseNotEmptyError }] = await Promise.all([
    import("../../lib/db/connect"),
    import("../../lib/db/migrate"),
    import("../../lib/backup/import"),
  ]);
  const db = await openDatabase({ role: "kfunc import" }).catch((error: Error) => error);
  if (db instanceof Error) return fail("import", db.message, "nothing was changed");
  try {
    await migrate(db.raw);
    const summary = await importCatalog(db, args.file);
    if (args.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      process.stdout.write(
        `imported ${summary.rows} rows into ${db.kind} database ${db.location}; every table's checksum matches the file\n`,
      );
      for (const t of summary.tables)
        process.stdout.write(`  ${t.name.padEnd(17)} ${String(t.rows).padStart(8)}\n`);
      process.stdout.write(
        "accounts come back without passwords or API tokens (a backup holds none): create tokens again with kfunc tokens create\n",
      );
    }
    return 0;
  } catch (error) {
    // A refused file or a database that is not empty is the user's to fix; anything else is a
    // failure of the database, and the transaction was rolled back either way.
    const known = error instanceof BackupFileError || error instanceof DatabaseNotEmptyError;
    return fail(
      "import",
      known ? (error as Error).message : `failed: ${(error as Error).message}`,
      "nothing was changed",
    );
  } finally {
    await db.close();
  }
}

function fail(kind: Kind, message: string, outcome: string): number {
  process.stderr.write(`kfunc ${kind}: ${message}\n${outcome}\n`);
  return 1;
}

function usage(kind: Kind, problem: string): number {
  process.stderr.write(`kfunc ${kind}: ${problem}\n${kind === "export" ? EXPORT_USAGE : IMPORT_USAGE}\n`);
  return 2;
}
