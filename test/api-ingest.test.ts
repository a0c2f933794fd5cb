// POST /api/v1/ingest and `kfunc ingest --api`: a release snapshot written through the API with an
// ingest token, as `kfunc ingest` writes it, with the same replace policy; refused without an
// account (401), without the ingest scope or role (403), over the size cap (413). The CLI talks to
// a real HTTP server on 127.0.0.1 that serves the route handler from this process's database.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as ingestRoute } from "../app/api/v1/ingest/route";
import { INGEST_BODY_LIMIT } from "../lib/api/mutation-schemas";
import { addUser, CLI_OPERATOR, createToken } from "../lib/governance/accounts";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { sampleBaseWriter, scratchDir } from "../lib/kernel/btf/testing/sample-files";
import { setUpTestDatabase } from "./test-db";

const ROOT = path.resolve(import.meta.dirname, "..");
const CATALOG = path.join(ROOT, "test", "fixtures", "catalog");
const database = setUpTestDatabase();
const prisma = () => database.get().prisma;
const tokens: Record<string, string> = {};

/** The fixture's v6.12 snapshot, as v6.13: a known release nothing has been ingested into yet. */
const snapshot = {
  ...JSON.parse(readFileSync(path.join(CATALOG, "releases", "v6.12.json"), "utf8")),
  release: "v6.13",
  origin: "test fixture 6.13",
};

let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  await loadCatalogData(prisma(), CATALOG);
  await addUser(prisma(), CLI_OPERATOR, {
    email: "ci@example.org",
    role: "maintainer",
    password: "correct horse battery",
  });
  await addUser(prisma(), CLI_OPERATOR, {
    email: "carol@example.org",
    role: "contributor",
    password: "correct horse battery",
  });
  const token = async (email: string, scopes: string[]) =>
    (await createToken(prisma(), CLI_OPERATOR, { email, scopes })).token;
  tokens.ingest = await token("ci@example.org", ["ingest"]);
  tokens.propose = await token("ci@example.org", ["propose"]);
  // The scope alone is not enough: a contributor's role does not allow ingesting.
  tokens.contributorIngest = await token("carol@example.org", ["ingest"]);

  // The route handler behind a real HTTP server on 127.0.0.1, for the command line.
  server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    if (req.method !== "POST" || url.pathname !== "/api/v1/ingest") {
      res.writeHead(404).end();
      return;
    }
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
    }
    const request = new Request(url, {
      method: "POST",
      headers,
      body: Readable.toWeb(req) as ReadableStream,
      duplex: "half",
    } as RequestInit);
    const response = await ingestRoute(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

async function post(body: string | object, token?: string, extraHeaders: Record<string, string> = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", ...extraHeaders };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await ingestRoute(
    new Request("http://127.0.0.1/api/v1/ingest", {
      method: "POST",
      headers,
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}

const counts = async () => ({
  ingestions: await prisma().ingestion.count(),
  kfuncReleases: await prisma().kfuncRelease.count(),
  events: await prisma().lifecycleEvent.count(),
  audit: await prisma().auditLog.count({ where: { action: "release.ingest" } }),
});

describe("POST /api/v1/ingest", () => {
  it("refuses an anonymous request (401), a propose token and a contributor's token (403); nothing changes", async () => {
    const before = await counts();
    const anonymous = await post(snapshot);
    expect(anonymous.status).toBe(401);
    const propose = await post(snapshot, tokens.propose);
    expect(propose.status).toBe(403);
    expect(propose.json().error.message).toMatch(/lacks the ingest scope/);
    const contributor = await post(snapshot, tokens.contributorIngest);
    expect(contributor.status).toBe(403);
    expect(contributor.json().error.message).toMatch(/contributor/);
    expect(await counts()).toEqual(before);
  });

  it("writes a snapshot with an ingest token, as kfunc ingest does, and audits who sent it", async () => {
    const before = await counts();
    const written = await post(snapshot, tokens.ingest);
    expect(written.status, written.text).toBe(200);
    expect(written.json()).toMatchObject({
      release: "v6.13",
      unchanged: false,
      kfuncs: snapshot.kfuncs.length,
    });
    const after = await counts();
    expect(after.ingestions).toBe(before.ingestions + 1);
    expect(after.kfuncReleases).toBe(before.kfuncReleases + snapshot.kfuncs.length);
    const ingestion = await prisma().ingestion.findFirstOrThrow({
      where: { release: { tag: "v6.13" } },
      orderBy: { id: "desc" },
    });
    expect(ingestion).toMatchObject({ origin: "test fixture 6.13", sourceKind: "TARBALL" });
    const audit = await prisma().auditLog.findFirstOrThrow({
      where: { action: "release.ingest" },
      orderBy: { id: "desc" },
    });
    expect(audit).toMatchObject({ actor: "ci@example.org", target: "release:v6.13" });
    expect(audit.via).toMatch(/^token:/);
    expect(audit.detail).toMatchObject({ origin: "test fixture 6.13", replace: false, unchanged: false });

    // The same data again changes nothing but the audit log.
    const again = await post(snapshot, tokens.ingest);
    expect(again.status).toBe(200);
    expect(again.json()).toMatchObject({ release: "v6.13", unchanged: true });
    expect(await counts()).toEqual({ ...after, audit: after.audit + 1 });
  });

  it("refuses to replace a source release with one build's BTF unless replace is true", async () => {
    const btf = {
      ...snapshot,
      sourceKind: "BTF",
      origin: "BTF of a test build",
      kfuncs: snapshot.kfuncs.slice(0, 2),
    };
    const before = await counts();
    const refused = await post(btf, tokens.ingest);
    expect(refused.status, refused.text).toBe(409);
    expect(refused.json().error).toMatchObject({ code: "conflict" });
    expect(refused.json().error.message).toMatch(
      /v6\.13 holds a source tree .*the BTF of one build\. Use "replace": true \(kfunc ingest --force\)/,
    );
    expect(await counts()).toEqual(before);

    // The same rule as the command line's: an origin naming another kernel version is refused too.
    const otherVersion = await post(
      { ...snapshot, origin: "Debian linux-source 6.12.117-1", kfuncs: snapshot.kfuncs.slice(1) },
      tokens.ingest,
    );
    expect(otherVersion.status).toBe(409);
    expect(otherVersion.json().error.message).toMatch(/kernel 6\.12 .*not v6\.13/);

    const replaced = await post({ ...btf, replace: true }, tokens.ingest);
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.json()).toMatchObject({ release: "v6.13", unchanged: false, kfuncs: 2 });
  });

  it("answers a bad body with 400, an unknown release with 404, and an oversized one with 413", async () => {
    const before = await counts();
    const notJson = await post("{", tokens.ingest);
    expect(notJson.status).toBe(400);
    const notSnapshot = await post({ release: "6.13", kfuncs: [{ name: "1x" }] }, tokens.ingest);
    expect(notSnapshot.status).toBe(400);
    const issues = notSnapshot.json().error.issues.map((i: { param: string }) => i.param);
    expect(issues).toEqual(expect.arrayContaining(["release", "sourceKind", "kfuncs.0.name"]));
    const badReplace = await post({ ...snapshot, replace: "yes" }, tokens.ingest);
    expect(badReplace.status).toBe(400);
    expect(badReplace.json().error.issues[0].param).toBe("replace");

    const unknown = await post({ ...snapshot, release: "v9.9", origin: "test" }, tokens.ingest);
    expect(unknown.status).toBe(404);
    expect(unknown.json().error.message).toMatch(/Unknown release "v9\.9"/);

    // Declared too large: refused before reading. Sent too large: refused once past the cap.
    const declared = await post(snapshot, tokens.ingest, { "content-length": String(INGEST_BODY_LIMIT + 1) });
    expect(declared.status).toBe(413);
    const padding = " ".repeat(INGEST_BODY_LIMIT);
    const sent = await post(`${JSON.stringify(snapshot)}${padding}`, tokens.ingest);
    expect(sent.status).toBe(413);
    expect(sent.json().error.code).toBe("payload_too_large");
    expect(await counts()).toEqual(before);
  });
});

describe("kfunc ingest --api", () => {
  // Asynchronous: the server it talks to runs in this process, which must stay free to answer.
  async function kfunc(env: Record<string, string>, ...args: string[]) {
    const child = spawn(process.execPath, [path.join(ROOT, "bin", "kfunc"), ...args], {
      cwd: ROOT,
      // A database directory that must never be created: --api opens none.
      env: {
        ...process.env,
        KFUNC_DATA_DIR: path.join(scratch.dir, "no-database"),
        DATABASE_URL: "",
        KFUNC_API_TOKEN: "",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    return { code, stdout, stderr };
  }
  let scratch: ReturnType<typeof scratchDir>;
  let btf: string;
  beforeAll(() => {
    scratch = scratchDir();
    btf = scratch.write("vmlinux.btf", sampleBaseWriter().w.build());
  });
  afterAll(() => scratch.remove());

  it("sends the snapshot it read to the server, which applies the same replace policy", async () => {
    // v6.1 holds a source tree in the fixtures: one build's BTF is refused without --force.
    const before = await counts();
    const refused = await kfunc(
      { KFUNC_API_TOKEN: tokens.ingest as string },
      ...["ingest", "--release", "v6.1", "--btf", btf, "--api", baseUrl],
    );
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/answered 409: Refused: v6\.1 holds a source tree .*kfunc ingest --force/);
    expect(refused.stderr).toMatch(/nothing was written/);
    expect(await counts()).toEqual(before);

    const forced = await kfunc(
      {},
      ...["ingest", "--release", "v6.1", "--btf", btf, "--force", "--json"],
      ...["--api", baseUrl, "--token", tokens.ingest as string],
    );
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ release: "v6.1", unchanged: false, kfuncs: 2 });
    const audit = await prisma().auditLog.findFirstOrThrow({
      where: { action: "release.ingest" },
      orderBy: { id: "desc" },
    });
    expect(audit).toMatchObject({ actor: "ci@example.org", target: "release:v6.1" });
    expect(audit.detail).toMatchObject({ replace: true });
    expect(existsSync(path.join(scratch.dir, "no-database"))).toBe(false);
  });

  it("names what is wrong: a token without the scope, no token, a token without --api", async () => {
    const propose = await kfunc(
      { KFUNC_API_TOKEN: tokens.propose as string },
      ...["ingest", "--release", "v6.1", "--btf", btf, "--api", baseUrl],
    );
    expect(propose.code).toBe(1);
    expect(propose.stderr).toMatch(/answered 403: This API token lacks the ingest scope/);

    const noToken = await kfunc({}, "ingest", "--release", "v6.1", "--btf", btf, "--api", baseUrl);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/--api needs an API token .*KFUNC_API_TOKEN/);

    const tokenAlone = await kfunc({}, "ingest", "--release", "v6.1", "--btf", btf, "--token", "kfc_x");
    expect(tokenAlone.code).toBe(2);
    expect(tokenAlone.stderr).toMatch(/--token only goes with --api/);

    const badUrl = await kfunc(
      {},
      "ingest",
      "--release",
      "v6.1",
      "--btf",
      btf,
      "--api",
      "ftp://x",
      "--token",
      "t",
    );
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/must be an http:\/\/ or https:\/\/ URL/);
  });
});
