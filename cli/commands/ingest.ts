import { parseArgs } from "node:util";
import { openDatabase } from "../../lib/db/connect";
import { ingestSnapshot } from "../../lib/ingest/ingest";
import { readSnapshot, type SnapshotInput } from "../../lib/ingest/read-snapshot";
import { normaliseReleaseTag } from "../../lib/releases/version";
import { readProgress } from "../progress";

// `kfunc ingest --release v6.12 (--tree DIR | --tarball FILE | --git REPO --ref TAG | --btf FILE)
//  [--origin TEXT] [--json]`: reads one input and writes it as one release, in one transaction.
// Exit codes: 0 ok, 1 the input or the database failed (nothing written), 2 usage error.

export const INGEST_USAGE =
  "usage: kfunc ingest --release <tag> (--tree DIR | --tarball FILE | --git REPO --ref TAG | --btf FILE [--base FILE]) [--origin TEXT] [--force] [--json]";

export async function runIngest(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        release: { type: "string" },
        tree: { type: "string" },
        tarball: { type: "string" },
        git: { type: "string" },
        ref: { type: "string" },
        btf: { type: "string" },
        base: { type: "string" },
        origin: { type: "string" },
        force: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usage((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${INGEST_USAGE}\n`);
    return 0;
  }
  const release = typeof values.release === "string" ? normaliseReleaseTag(values.release) : null;
  if (!values.release) return usage("missing --release <tag>");
  if (!release) return usage(`--release '${values.release}' is not a release tag (expected e.g. v6.12)`);
  const inputs = (["tree", "tarball", "git", "btf"] as const).filter((k) => values[k] !== undefined);
  if (inputs.length !== 1) return usage("give exactly one of --tree, --tarball, --git (with --ref) or --btf");
  const kind = inputs[0] as SnapshotInput["kind"];
  if (kind === "git" && !values.ref) return usage("--git needs --ref <tag>");
  if (kind !== "git" && values.ref) return usage("--ref only goes with --git");

  const input: SnapshotInput = {
    kind,
    path: String(values[kind]),
    ref: values.ref as string | undefined,
    base: values.base as string | undefined,
  };
  // The database first: a busy embedded database is refused before minutes of reading.
  const db = await openDatabase({ role: "kfunc ingest" }).catch((error: Error) => error);
  if (db instanceof Error) {
    process.stderr.write(`kfunc ingest: ${db.message}\n`);
    return 1;
  }
  let snapshot: Awaited<ReturnType<typeof readSnapshot>>;
  const progress = readProgress(`reading ${input.path}`, process.stderr);
  try {
    snapshot = await readSnapshot(input, release, values.origin as string | undefined, progress);
  } catch (error) {
    progress.stop();
    process.stderr.write(`kfunc ingest: ${(error as Error).message}\n`);
    await db.close();
    return 1;
  }
  progress.stop();
  try {
    process.stderr.write(
      `writing ${snapshot.kfuncs.length} kfuncs as ${release} to ${db.kind} database ${db.location}…\n`,
    );
    const summary = await ingestSnapshot(db.prisma, snapshot, { force: Boolean(values.force) });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    } else {
      process.stdout.write(
        summary.unchanged
          ? `${release}: unchanged (same ${summary.kfuncs} kfuncs as the last ingestion); nothing written\n`
          : `${release}: ${summary.kfuncs} kfuncs from ${snapshot.origin}\n` +
              `  added ${summary.added}, removed ${summary.removed}, changed ${summary.changed}; policy violations in the catalog: ${summary.violations}\n`,
      );
    }
    return 0;
  } catch (error) {
    process.stderr.write(`kfunc ingest: ${(error as Error).message}\nnothing was written\n`);
    return 1;
  } finally {
    await db.close();
  }
}

function usage(problem: string): number {
  process.stderr.write(`kfunc ingest: ${problem}\n${INGEST_USAGE}\n`);
  return 2;
}
