import type { PrismaClient } from "../lib/generated/prisma/client";
import { GovernanceError } from "../lib/governance/errors";

// The database as `kfunc users` and `kfunc tokens` open it: as the machine's operator, brought up
// to date first (migrations only: the first admin may be added before the catalog first starts),
// and closed afterwards. The embedded database has one owner: while a server holds it, these
// commands are refused with the owner's name, and the web's /admin page does the same work.

/** A refusal to show the user: its message, and the exit code (1). */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandError";
  }
}

export async function withOperatorDatabase<T>(
  role: string,
  work: (prisma: PrismaClient) => Promise<T>,
): Promise<T> {
  const [{ openDatabase }, { migrate }] = await Promise.all([
    import("../lib/db/connect"),
    import("../lib/db/migrate"),
  ]);
  const db = await openDatabase({ role }).catch((error: Error) => {
    throw new CommandError(error.message);
  });
  try {
    await migrate(db.raw);
    return await work(db.prisma);
  } catch (error) {
    // The governance module's refusals (bad email, unknown user, last admin…) are the user's to fix.
    if (error instanceof GovernanceError) throw new CommandError(error.message);
    throw error;
  } finally {
    await db.close();
  }
}
