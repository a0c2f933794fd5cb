import { writeFileSync } from "node:fs";
import { parseStates, renderHeader } from "../../lib/check/header";
import { normaliseReleaseTag } from "../../lib/releases/version";
import { tryParseArgs } from "../args";
import { readCatalogFacts } from "../catalog-facts";

// `kfunc header --release vX [--state s,…] [-o file] [--api URL]`: a C header of `extern … __ksym
// __weak;` declarations for the kfuncs of one release. Exit codes: 0 written, 1 usage or input error.

export const HEADER_USAGE = `usage: kfunc header --release vX [options]
  --state S[,S…]     only kfuncs now in these states (unstable, stable, deprecated, removed)
  -o, --output FILE  write the header to FILE (default: standard output)
  --api URL          ask a running catalog instead of the local database`;

export async function runHeader(argv: string[]): Promise<number> {
  const parsed = tryParseArgs({
    args: argv,
    options: {
      release: { type: "string" },
      state: { type: "string" },
      output: { type: "string", short: "o" },
      api: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: false,
  });
  if (typeof parsed === "string") return fail(parsed);
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${HEADER_USAGE}\n`);
    return 0;
  }
  if (!values.release) return fail("missing --release vX");
  let text: string;
  try {
    const states = values.state ? parseStates(values.state) : undefined;
    if (values.api) {
      const { apiBase, getText } = await import("../api-client");
      const tag = normaliseReleaseTag(values.release);
      if (!tag) throw new Error(`'${values.release}' is not a release tag (expected e.g. v6.12)`);
      const query = states ? `?state=${states.join(",").toLowerCase()}` : "";
      text = await getText(apiBase(values.api), `/api/v1/releases/${tag}/header${query}`);
    } else {
      const facts = await readCatalogFacts((line) => process.stderr.write(`${line}\n`));
      text = renderHeader(facts, { release: values.release, states, generator: "kfunc header" }).text;
    }
  } catch (error) {
    return fail((error as Error).message, false);
  }
  if (values.output) writeFileSync(values.output, text);
  else process.stdout.write(text);
  return 0;
}

function fail(message: string, usage = true): number {
  process.stderr.write(`kfunc header: ${message}\n${usage ? `${HEADER_USAGE}\n` : ""}`);
  return 1;
}
