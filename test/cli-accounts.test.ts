// `kfunc users …` and `kfunc tokens …` as an operator runs them: real processes on a fresh embedded
// database in a temporary directory, then the same database opened to check what they wrote and
// that the accounts and tokens work (sign-in through better-auth, token verification).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth } from "../lib/auth/server";
import { openDatabase } from "../lib/db/connect";
import { readEnv } from "../lib/db/env";

const root = path.resolve(import.meta.dirname, "..");
let dataDir: string;
// A secret of the test's own: nothing is written beside the checkout's database.
const SECRET = "test-secret-for-the-cli-accounts-test-0123456789";

const env = () => ({
  ...process.env,
  KFUNC_DATA_DIR: dataDir,
  DATABASE_URL: "",
  BETTER_AUTH_SECRET: SECRET,
  BETTER_AUTH_URL: "http://127.0.0.1:3000",
});

function kfunc(args: string[], input = "") {
  const result = spawnSync(process.execPath, ["bin/kfunc", ...args], {
    cwd: root,
    env: env(),
    input,
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The command run on a terminal (a pseudo-terminal from script(1)), as an operator types it. */
function kfuncOnTerminal(args: string[]) {
  const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;
  const command = [process.execPath, path.join(root, "bin", "kfunc"), ...args].map(quote).join(" ");
  const result = spawnSync("script", ["-qec", command, "/dev/null"], {
    cwd: root,
    env: env(),
    encoding: "utf8",
  });
  return { code: result.status, output: result.stdout.replaceAll("\r", "") };
}

async function withDatabase<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase({ env: { ...readEnv(), databaseUrl: undefined, dataDir }, role: "the test" });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const auth = (db: Awaited<ReturnType<typeof openDatabase>>) =>
  createAuth(db.prisma, { ...process.env, BETTER_AUTH_SECRET: SECRET }, { nextCookies: false });

async function signIn(email: string, password: string): Promise<boolean> {
  return withDatabase(async (db) => {
    try {
      const result = await auth(db).api.signInEmail({ body: { email, password } });
      return Boolean(result.token);
    } catch {
      return false;
    }
  });
}

/** Everything the commands can change. */
const counts = () =>
  withDatabase(async ({ prisma }) => ({
    users: await prisma.user.count(),
    roles: (await prisma.user.findMany({ select: { email: true, role: true }, orderBy: { email: "asc" } }))
      .map((u) => `${u.email}:${u.role}`)
      .join(","),
    tokens: await prisma.apikey.count(),
    enabled: await prisma.apikey.count({ where: { enabled: true } }),
    audit: await prisma.auditLog.count(),
  }));

const canUseTerminal = spawnSync("script", ["--version"]).status === 0;
let adminPassword = "";

beforeAll(() => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), "kfunc-cli-accounts-")), "pglite");
});
afterAll(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }));

describe("kfunc users", () => {
  it("says how to add the first admin while there are no accounts", () => {
    const run = kfunc(["users", "list"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /no accounts yet: add the first admin with kfunc users add <email> --role admin/,
    );
  }, 60_000);

  it.runIf(canUseTerminal)(
    "adds the first admin from a terminal with a generated password, printed once, that signs in",
    async () => {
      const run = kfuncOnTerminal(["users", "add", "Root@Example.org", "--role", "admin", "--name", "Root"]);
      expect(run.code, run.output).toBe(0);
      expect(run.output).toMatch(/added root@example\.org as admin/);
      expect(run.output).toMatch(/it will not be shown again/);
      adminPassword = /will not be shown again.*:\n\s+(\S+)\n/.exec(run.output)?.[1] ?? "";
      expect(adminPassword.length).toBeGreaterThanOrEqual(20);

      expect(await signIn("root@example.org", adminPassword)).toBe(true);
      expect(await signIn("root@example.org", `${adminPassword}x`)).toBe(false);
      await withDatabase(async ({ prisma }) => {
        const user = await prisma.user.findUniqueOrThrow({
          where: { email: "root@example.org" },
          include: { accounts: true },
        });
        expect(user).toMatchObject({ role: "admin", name: "Root" });
        // Stored as a hash, never as given.
        expect(user.accounts[0]?.password).toBeTruthy();
        expect(user.accounts[0]?.password).not.toContain(adminPassword);
        const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "user.add" } });
        expect(audit).toMatchObject({ actor: "cli", via: "cli", target: "user:root@example.org" });
        // The password is not in the audit log either.
        expect(JSON.stringify(audit)).not.toContain(adminPassword);
      });
      // Shown once: nothing lists it again.
      expect(kfunc(["users", "list", "--json"]).stdout).not.toContain(adminPassword);
    },
    120_000,
  );

  it("reads the password from stdin when it is not a terminal, and prints none", async () => {
    const run = kfunc(["users", "add", "mia@example.org", "--role", "maintainer"], "piped password 123\n");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("added mia@example.org as maintainer\n");
    expect(await signIn("mia@example.org", "piped password 123")).toBe(true);
    const contributor = kfunc(
      ["users", "add", "carl@example.org", "--role", "contributor"],
      "another password\n",
    );
    expect(contributor.code, contributor.stderr).toBe(0);
  }, 120_000);

  it("sets a new password (after a restore, backups hold none): the old one stops working", async () => {
    const run = kfunc(["users", "set-password", "mia@example.org"], "replaced password 456\n");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("password set for mia@example.org; its sessions were ended\n");
    expect(await signIn("mia@example.org", "replaced password 456")).toBe(true);
    expect(await signIn("mia@example.org", "piped password 123")).toBe(false);
    const short = kfunc(["users", "set-password", "mia@example.org"], "short\n");
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters[\s\S]*nothing was changed/);
    expect(await signIn("mia@example.org", "replaced password 456")).toBe(true);
    // Put it back for the tests below.
    expect(kfunc(["users", "set-password", "mia@example.org"], "piped password 123\n").code).toBe(0);
  }, 120_000);

  it("lists the accounts as a table and as JSON", () => {
    const table = kfunc(["users", "list"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^EMAIL\s+NAME\s+ROLE\s+CREATED$/m);
    expect(table.stdout).toMatch(/^mia@example\.org\s+mia\s+maintainer\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC$/m);
    const json = JSON.parse(kfunc(["users", "list", "--json"]).stdout) as { email: string; role: string }[];
    expect(json.map((u) => u.email)).toEqual(expect.arrayContaining(["mia@example.org", "carl@example.org"]));
    expect(json.find((u) => u.email === "carl@example.org")?.role).toBe("contributor");
    expect(JSON.stringify(json)).not.toMatch(/password/i);
  }, 60_000);

  it("changes a role", async () => {
    const run = kfunc(["users", "set-role", "carl@example.org", "maintainer"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("carl@example.org: contributor → maintainer\n");
    const back = kfunc(["users", "set-role", "CARL@example.org", "contributor"]);
    expect(back.code).toBe(0);
    expect((await counts()).roles).toMatch(/carl@example\.org:contributor/);
  }, 60_000);

  it("refuses bad input with a message naming it, a non-zero exit, and nothing changed", async () => {
    const before = await counts();
    const cases: [string[], string, number, RegExp][] = [
      [
        ["users", "add", "not-an-email", "--role", "admin"],
        "a long enough pw\n",
        2,
        /'not-an-email' is not an email address/,
      ],
      [
        ["users", "add", "x@example.org", "--role", "owner"],
        "a long enough pw\n",
        2,
        /--role 'owner' is not a role \(one of contributor, maintainer, admin\)/,
      ],
      [["users", "add", "x@example.org"], "a long enough pw\n", 2, /missing --role/],
      [["users", "add", "x@example.org", "--role", "admin", "--admin"], "", 2, /Unknown option '--admin'/],
      [["users", "add", "x@example.org", "--role", "admin"], "", 1, /no password on stdin/],
      [["users", "add", "x@example.org", "--role", "admin"], "one\ntwo\n", 1, /more than one line/],
      [["users", "add", "x@example.org", "--role", "admin"], "short\n", 1, /at least 10 characters/],
      [
        ["users", "add", "MIA@example.org", "--role", "admin"],
        "a long enough pw\n",
        1,
        /account for mia@example\.org already exists/,
      ],
      [["users", "set-role", "nobody@example.org", "admin"], "", 1, /No account for nobody@example\.org/],
      [["users", "set-role", "mia@example.org", "superuser"], "", 2, /'superuser' is not a role/],
      [["users", "set-role", "mia@example.org"], "", 2, /set-role takes an email and a role/],
      [["users", "remove", "mia@example.org"], "", 2, /unknown subcommand 'remove'/],
    ];
    for (const [args, input, code, message] of cases) {
      const run = kfunc(args, input);
      expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(code);
      expect(run.stderr, args.join(" ")).toMatch(message);
    }
    if (adminPassword) {
      // The last admin cannot be demoted.
      const last = kfunc(["users", "set-role", "root@example.org", "maintainer"]);
      expect(last.code).toBe(1);
      expect(last.stderr).toMatch(/last admin/);
    }
    expect(await counts()).toEqual(before);
  }, 180_000);
});

describe("kfunc tokens", () => {
  let tokenId = "";
  let token = "";

  it("creates a token printed once on stdout, alone, which verifies and is stored hashed", async () => {
    const run = kfunc([
      "tokens",
      "create",
      "--user",
      "mia@example.org",
      "--scope",
      "propose,ingest",
      "--name",
      "CI",
    ]);
    expect(run.code, run.stderr).toBe(0);
    token = run.stdout.trim();
    expect(run.stdout).toMatch(/^kfc_\S+\n$/);
    expect(run.stderr).toMatch(/scopes propose, ingest; it will not be shown again/);
    tokenId = /^token (\S+) for mia@example\.org/m.exec(run.stderr)?.[1] ?? "";
    expect(tokenId).not.toBe("");
    await withDatabase(async (db) => {
      const row = await db.prisma.apikey.findUniqueOrThrow({ where: { id: tokenId } });
      expect(row.key).not.toBe(token);
      expect(row.key).not.toContain(token.slice(4));
      const verified = await auth(db).api.verifyApiKey({ body: { key: token } });
      expect(verified.valid).toBe(true);
      expect(verified.key?.permissions).toEqual({ catalog: ["propose", "ingest"] });
    });
  }, 60_000);

  it("accepts repeated --scope, and warns when the account's role does not allow a scope", () => {
    const run = kfunc([
      "tokens",
      "create",
      "--user",
      "carl@example.org",
      "--scope",
      "propose",
      "--scope",
      "decide",
      "--json",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      owner: "carl@example.org",
      scopes: ["propose", "decide"],
    });
    expect(run.stderr).toMatch(/carl@example\.org is contributor, which does not allow decide/);
  }, 60_000);

  it("lists tokens without their secrets", () => {
    const table = kfunc(["tokens", "list"]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+OWNER\s+NAME\s+SCOPES\s+CREATED\s+LAST USED\s+REVOKED$/m);
    expect(table.stdout).toMatch(
      new RegExp(`^${tokenId}\\s+mia@example\\.org\\s+CI\\s+propose,ingest\\s+.+UTC\\s+.+\\s+no$`, "m"),
    );
    const json = kfunc(["tokens", "list", "--json"]);
    const rows = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(
      ["createdAt", "id", "lastUsedAt", "name", "owner", "revoked", "scopes"].sort(),
    );
    // Neither the token nor its first characters.
    for (const out of [table.stdout, json.stdout]) {
      expect(out).not.toContain(token);
      expect(out).not.toContain(token.slice(0, 8));
    }
  }, 60_000);

  it("refuses bad input with a message naming it, a non-zero exit, and nothing changed", async () => {
    const before = await counts();
    const cases: [string[], number, RegExp][] = [
      [
        ["tokens", "create", "--user", "mia@example.org", "--scope", "propose,admin"],
        2,
        /--scope: 'admin' is not a scope \(use propose, decide, ingest\)/,
      ],
      [["tokens", "create", "--user", "mia@example.org"], 2, /missing --scope/],
      [["tokens", "create", "--scope", "propose"], 2, /missing --user/],
      [
        ["tokens", "create", "--user", "mia", "--scope", "propose"],
        2,
        /--user 'mia' is not an email address/,
      ],
      [
        ["tokens", "create", "--user", "nobody@example.org", "--scope", "propose"],
        1,
        /No account for nobody@example\.org/,
      ],
      [["tokens", "revoke", "no-such-id"], 1, /No API token with id no-such-id/],
      [["tokens", "revoke"], 2, /revoke takes one token id/],
      [["tokens", "revoke", token], 2, /give the token's id .*not the token itself/],
    ];
    for (const [args, code, message] of cases) {
      const run = kfunc(args);
      expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(code);
      expect(run.stderr, args.join(" ")).toMatch(message);
      expect(run.stderr).not.toContain(token);
    }
    expect(await counts()).toEqual(before);
  }, 120_000);

  it("revokes a token: it no longer verifies, the list says so, a second revoke is refused", async () => {
    const run = kfunc(["tokens", "revoke", tokenId]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`revoked token ${tokenId}\n`);
    await withDatabase(async (db) => {
      const verified = await auth(db).api.verifyApiKey({ body: { key: token } });
      expect(verified.valid).toBe(false);
      expect(
        await db.prisma.auditLog.count({ where: { action: "token.revoke", target: `token:${tokenId}` } }),
      ).toBe(1);
    });
    expect(kfunc(["tokens", "list"]).stdout).toMatch(new RegExp(`^${tokenId}\\s.*\\syes$`, "m"));
    const again = kfunc(["tokens", "revoke", tokenId]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already revoked/);
  }, 60_000);
});

describe("one owner", () => {
  it("refuses to share the embedded database with a running owner, saying who holds it", async () => {
    await withDatabase(async () => {
      const list = kfunc(["users", "list"]);
      expect(list.code).toBe(1);
      expect(list.stderr).toMatch(/in use by the test \(pid \d+\)/);
      const add = kfunc(["users", "add", "late@example.org", "--role", "admin"], "a long enough pw\n");
      expect(add.code).toBe(1);
      expect(add.stderr).toMatch(/in use by the test/);
    });
    expect(existsSync(dataDir)).toBe(true);
    expect((await counts()).roles).not.toMatch(/late@/);
  }, 60_000);
});
