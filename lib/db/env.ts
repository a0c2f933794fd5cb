import path from "node:path";
import { z } from "zod";

// Configuration read once from the environment and validated, so a bad value fails at start-up
// with a message that names it rather than deep inside a query.
const schema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), {
      message: "must be a postgresql:// URL (leave it unset to use the embedded database)",
    })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  KFUNC_DATA_DIR: z.string().trim().min(1).optional(),
  KFUNC_CATALOG_DIR: z.string().trim().min(1).optional(),
});

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

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return {
    databaseUrl: parsed.data.DATABASE_URL,
    dataDir:
      parsed.data.KFUNC_DATA_DIR === MEMORY
        ? MEMORY
        : path.resolve(
            /*turbopackIgnore: true*/ parsed.data.KFUNC_DATA_DIR ??
              path.join(process.cwd(), ".data", "pglite"),
          ),
    catalogDir: path.resolve(
      /*turbopackIgnore: true*/ parsed.data.KFUNC_CATALOG_DIR ?? path.join(process.cwd(), "data"),
    ),
  };
}
