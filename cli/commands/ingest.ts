import { parseArgs } from "node:util";
import { openDatabase } from "../../lib/db/connect";
import { type IngestSummary, ingestSnapshot } from "../../lib/ingest/ingest";
import { readSnapshot, type SnapshotInput } from "../../lib/ingest/read-snapshot";
import type { ReleaseSnapshot } from "../../lib/ingest/snapshot";
import { normaliseReleaseTag } from "../../lib/releases/version";
import { readProgress } from "../progress";

// `kfunc ingest --release v6.12 (--tree DIR | --tarball FILE | --git REPO --ref TAG | --btf FILE)
//  [--origin TEXT] [--force] [--json] [--api URL --token TOKEN]`: reads one input and writes it as
// one release, in one transaction: into the database it opens, or, with --api, through a running
// catalog's POST /api/v1/ingest (an API token with the ingest scope; KFUNC_API_TOKEN keeps it out
// of the shell's history). Exit codes: 0 ok, 1 the input, the database or the server refused or
// failed (nothing written), 2 usage error.

export const INGEST_USAGE =
  "usage: kfunc ingest --release <tag> (--tree DIR | --tarball FILE | --git REPO --ref TAG | --btf FILE [--base FILE]) [--origin TEXT] [--force] [--json] [--api URL [--token TOKEN]]\n" +
  "  --api URL      send the snapshot to a running catalog (POST /api/v1/ingest) instead of opening the database\n" +
  "  --token TOKEN  its API token, with the ingest scope (default: the KFUNC_API_TOKEN environment variable)";

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
        api: { type: "string" },
        token: { type: "string" },
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
  if (values.token !== undefined && values.api === undefined)
    return usage("--token only goes with --api URL");
  if (typeof values.api === "string") {
    const { apiBase } = await import("../api-client");
    let base: URL;
    try {
      base = apiBase(values.api);
    } catch (error) {
      return usage((error as Error).message);
    }
    const token = (values.token as string | undefined) ?? process.env.KFUNC_API_TOKEN?.trim();
    if (!token)
      return usage("--api needs an API token with the ingest scope: --token TOKEN or KFUNC_API_TOKEN");
    return ingestThroughApi(base, token, input, release, values);
  }
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
    printSummary(summary, snapshot.origin, Boolean(values.json));
    return 0;
  } catch (error) {
    process.stderr.write(`kfunc ingest: ${(error as Error).message}\nnothing was written\n`);
    return 1;
  } finally {
    await db.close();
  }
}

/** --api: the same snapshot, written by the server; nothing here opens the database. */
async function ingestThroughApi(
  base: URL,
  token: string,
  input: SnapshotInput,
  release: string,
  values: Record<string, string | boolean | undefined>,
): Promise<number> {
  const { postIngest, ApiError } = await import("../api-client");
  let snapshot: ReleaseSnapshot;
  const progress = readProgress(`reading ${input.path}`, process.stderr);
  try {
    snapshot = await readSnapshot(input, release, values.origin as string | undefined, progress);
  } catch (error) {
    process.stderr.write(`kfunc ingest: ${(error as Error).message}\n`);
    return 1;
  } finally {
    progress.stop();
  }
  process.stderr.write(`sending ${snapshot.kfuncs.length} kfuncs as ${release} to ${base.origin}…\n`);
  try {
    const summary = await postIngest(base, token, { ...snapshot, replace: Boolean(values.force) });
    printSummary(summary, snapshot.origin, Boolean(values.json));
    return 0;
  } catch (error) {
    // An answer from the server means it wrote nothing; a lost connection proves nothing either way.
    const written = error instanceof ApiError ? "\nnothing was written" : "";
    process.stderr.write(`kfunc ingest: ${(error as Error).message}${written}\n`);
    return 1;
  }
}

function printSummary(summary: IngestSummary, origin: string, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    process.stdout.write(
      summary.unchanged
        ? `${summary.release}: unchanged (same ${summary.kfuncs} kfuncs as the last ingestion); nothing written\n`
        : `${summary.release}: ${summary.kfuncs} kfuncs from ${origin}\n` +
            `  added ${summary.added}, removed ${summary.removed}, changed ${summary.changed}; policy violations in the catalog: ${summary.violations}\n`,
    );
  }
}

function usage(problem: string): number {
  process.stderr.write(`kfunc ingest: ${problem}\n${INGEST_USAGE}\n`);
  return 2;
}
