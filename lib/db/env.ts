import path from "node:path";

// Configuration read once from the environment and checked, so a bad value fails at start-up
// with a message that names it rather than deep inside a query. Three variables and one rule:
// written out rather than through a schema library, because every CLI command reads it and
// loading one costs a command-line tool a tenth of a second.

/** KFUNC_DATA_DIR=memory:// gives a throw-away in-memory database (tests). */
export const MEMORY = "memory://";

export interface Env {
  /** PostgreSQL server URL; when absent the embedded database (PGlite) is used. */
  databaseUrl: string | undefined;
  /** Directory of the embedded database. */
  dataDir: string;
  /** Catalog data the database is seeded from (releases.json, releases/, documented-events.json). */
  catalogDir: string;
}

/**
 * The catalog's directory: KFUNC_ROOT (bin/kfunc sets it to its own checkout, so the command runs
 * from any directory), else the working directory (npm scripts and the server run from there).
 */
export function projectRoot(source: NodeJS.ProcessEnv = process.env): string {
  return source.KFUNC_ROOT?.trim() || process.cwd();
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const value = (name: string) => {
    const v = source[name]?.trim();
    return v ? v : undefined;
  };
  const problems: string[] = [];
  const databaseUrl = value("DATABASE_URL");
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push("DATABASE_URL must be a postgresql:// URL (leave it unset to use the embedded database)");
  }
  for (const name of ["KFUNC_DATA_DIR", "KFUNC_CATALOG_DIR"]) {
    if (source[name] !== undefined && !value(name)) problems.push(`${name} must not be empty`);
  }
  if (problems.length) throw new Error(`Invalid environment: ${problems.join("; ")}`);
  const dataDir = value("KFUNC_DATA_DIR");
  return {
    databaseUrl,
    dataDir:
      dataDir === MEMORY
        ? MEMORY
        : path.resolve(
            /*turbopackIgnore: true*/ dataDir ?? path.join(projectRoot(source), ".data", "pglite"),
          ),
    catalogDir: path.resolve(
      /*turbopackIgnore: true*/ value("KFUNC_CATALOG_DIR") ?? path.join(projectRoot(source), "data"),
    ),
  };
}
