import { TOKEN_PREFIX } from "../../lib/auth/server";
import { CLI_OPERATOR, createToken, isEmail, listTokens, revokeToken } from "../../lib/governance/accounts";
import { isTokenScope, roleAllows, TOKEN_SCOPES, type TokenScope } from "../../lib/governance/roles";
import { tryParseArgs } from "../args";
import { CommandError, withOperatorDatabase } from "../operator-db";
import { formatTable, formatTime } from "../table";

// `kfunc tokens create|list|revoke`: API tokens for automation (a CI job ingesting through
// POST /api/v1/ingest or `kfunc ingest --api`, a bot filing proposals). A token acts for its
// account, limited to its scopes; it is printed once and stored only as a hash, so `list` shows
// everything but the secret. Exit codes: 0 done, 1 refused or failed (nothing changed), 2 usage.

export const TOKENS_USAGE = `usage: kfunc tokens <subcommand> [options]
  create --user EMAIL --scope SCOPE[,SCOPE…] [--name NAME] [--json]
                        make a token acting for the account; printed once on stdout
  list [--json]         every token: id, owner, name, scopes, created, last used, revoked (never the secret)
  revoke <id>           revoke a token at once
scopes: ${TOKEN_SCOPES.join(", ")} (the account's role must allow them too)
exit codes: 0 done, 1 refused or failed (nothing changed), 2 bad usage`;

export async function runTokens(argv: string[]): Promise<number> {
  const [subcommand, ...rest] = argv;
  if (!subcommand || subcommand === "--help" || subcommand === "-h") {
    process.stdout.write(`${TOKENS_USAGE}\n`);
    return subcommand ? 0 : 2;
  }
  try {
    switch (subcommand) {
      case "create":
        return await create(rest);
      case "list":
        return await list(rest);
      case "revoke":
        return await revoke(rest);
      default:
        return usage(`unknown subcommand '${subcommand}' (expected create, list or revoke)`);
    }
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    process.stderr.write(`kfunc tokens ${subcommand}: ${error.message}\nnothing was changed\n`);
    return 1;
  }
}

async function create(argv: string[]): Promise<number> {
  const parsed = tryParseArgs({
    args: argv,
    options: {
      user: { type: "string" },
      scope: { type: "string", multiple: true },
      name: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: false,
  });
  if (typeof parsed === "string") return usage(parsed);
  const { values } = parsed;
  if (values.help) return help();
  if (!values.user) return usage("missing --user EMAIL (the account the token acts for)");
  if (!isEmail(values.user)) return usage(`--user '${values.user}' is not an email address`);
  // --scope propose,decide and --scope propose --scope decide alike.
  const scopes = (values.scope ?? []).flatMap((s) => s.split(",")).map((s) => s.trim());
  if (!scopes.length || scopes.every((s) => !s)) {
    return usage(`missing --scope (one or more of ${TOKEN_SCOPES.join(", ")}, comma-separated)`);
  }
  const unknown = scopes.filter((s) => !isTokenScope(s));
  if (unknown.length) {
    return usage(
      `--scope: ${unknown.map((s) => `'${s}'`).join(", ")} ${unknown.length > 1 ? "are not scopes" : "is not a scope"} (use ${TOKEN_SCOPES.join(", ")})`,
    );
  }
  const { created, role } = await withOperatorDatabase("kfunc tokens create", async (prisma) => {
    const made = await createToken(prisma, CLI_OPERATOR, {
      email: values.user as string,
      scopes,
      name: values.name,
    });
    const owner = await prisma.user.findUnique({ where: { email: made.owner }, select: { role: true } });
    return { created: made, role: owner?.role ?? null };
  });
  // A scope the account's role does not allow is kept (a later role change brings it to life),
  // but the token is refused for it until then: say so.
  const idle = created.scopes.filter((s: TokenScope) => !roleAllows(role, s));
  if (idle.length) {
    process.stderr.write(
      `note: ${created.owner} is ${role ?? "without a role"}, which does not allow ${idle.join(", ")}; the token is refused for ${idle.length > 1 ? "them" : "it"} until the role does\n`,
    );
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
  } else {
    // The token alone on stdout (TOKEN=$(kfunc tokens create …)); what it is on stderr.
    process.stderr.write(
      `token ${created.id} for ${created.owner}, scopes ${created.scopes.join(", ")}; it will not be shown again, so store it now:\n`,
    );
    process.stdout.write(`${created.token}\n`);
  }
  return 0;
}

async function list(argv: string[]): Promise<number> {
  const parsed = tryParseArgs({
    args: argv,
    options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    allowPositionals: false,
  });
  if (typeof parsed === "string") return usage(parsed);
  if (parsed.values.help) return help();
  const tokens = await withOperatorDatabase("kfunc tokens list", (prisma) => listTokens(prisma));
  // Never the secret, nor its first characters: the id names a token.
  const rows = tokens.map((t) => ({
    id: t.id,
    owner: t.owner,
    name: t.name,
    scopes: t.scopes,
    createdAt: t.createdAt,
    lastUsedAt: t.lastUsedAt,
    revoked: t.revoked,
  }));
  if (parsed.values.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (!rows.length) {
    process.stdout.write("no API tokens: make one with kfunc tokens create --user EMAIL --scope SCOPE\n");
  } else {
    process.stdout.write(
      formatTable(
        ["ID", "OWNER", "NAME", "SCOPES", "CREATED", "LAST USED", "REVOKED"],
        rows.map((t) => [
          t.id,
          t.owner,
          t.name ?? "-",
          t.scopes.join(",") || "-",
          formatTime(t.createdAt),
          formatTime(t.lastUsedAt),
          t.revoked ? "yes" : "no",
        ]),
      ),
    );
  }
  return 0;
}

async function revoke(argv: string[]): Promise<number> {
  const parsed = tryParseArgs({
    args: argv,
    options: { help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (typeof parsed === "string") return usage(parsed);
  if (parsed.values.help) return help();
  if (parsed.positionals.length !== 1) return usage("revoke takes one token id (see kfunc tokens list)");
  const id = parsed.positionals[0] as string;
  // A secret pasted by mistake is not echoed back into a terminal or a log.
  if (id.startsWith(TOKEN_PREFIX))
    return usage("give the token's id (see kfunc tokens list), not the token itself");
  await withOperatorDatabase("kfunc tokens revoke", (prisma) => revokeToken(prisma, CLI_OPERATOR, id));
  process.stdout.write(`revoked token ${id}\n`);
  return 0;
}

function help(): number {
  process.stdout.write(`${TOKENS_USAGE}\n`);
  return 0;
}

function usage(problem: string): number {
  process.stderr.write(`kfunc tokens: ${problem}\n${TOKENS_USAGE}\n`);
  return 2;
}
