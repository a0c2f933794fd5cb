import {
  addUser,
  CLI_OPERATOR,
  generatePassword,
  isEmail,
  listUsers,
  setPassword,
  setRole,
} from "../../lib/governance/accounts";
import { isRole, ROLES } from "../../lib/governance/roles";
import { tryParseArgs } from "../args";
import { CommandError, withOperatorDatabase } from "../operator-db";
import { formatTable, formatTime } from "../table";

// `kfunc users add|list|set-role`: accounts, managed by whoever runs the catalog's machine. The
// first admin comes from here: its password is read from stdin (one line) when stdin is not a
// terminal, or generated and printed once. Nothing else ever sets a password for an account.
// Exit codes: 0 done, 1 refused or failed (nothing changed), 2 usage error.

export const USERS_USAGE = `usage: kfunc users <subcommand> [options]
  add <email> --role ROLE [--name NAME]   add an account; the password is read from stdin (one line)
                                          when it is not a terminal, else generated and printed once
  list [--json]                           every account: email, name, role, created
  set-role <email> <role>                 change an account's role
  set-password <email>                    set an account's password (stdin or generated, as for add),
                                          e.g. after a restore: backups hold no passwords
roles: ${ROLES.join(", ")}
exit codes: 0 done, 1 refused or failed (nothing changed), 2 bad usage`;

export async function runUsers(argv: string[]): Promise<number> {
  const [subcommand, ...rest] = argv;
  if (!subcommand || subcommand === "--help" || subcommand === "-h") {
    process.stdout.write(`${USERS_USAGE}\n`);
    return subcommand ? 0 : 2;
  }
  try {
    switch (subcommand) {
      case "add":
        return await add(rest);
      case "list":
        return await list(rest);
      case "set-role":
        return await setRoleCommand(rest);
      case "set-password":
        return await setPasswordCommand(rest);
      default:
        return usage(`unknown subcommand '${subcommand}' (expected add, list, set-role or set-password)`);
    }
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    process.stderr.write(`kfunc users ${subcommand}: ${error.message}\nnothing was changed\n`);
    return 1;
  }
}

async function add(argv: string[]): Promise<number> {
  const parsed = tryParseArgs({
    args: argv,
    options: {
      role: { type: "string" },
      name: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  if (typeof parsed === "string") return usage(parsed);
  const { values, positionals } = parsed;
  if (values.help) return help();
  if (positionals.length !== 1)
    return usage("add takes one email address: kfunc users add <email> --role ROLE");
  const email = positionals[0] as string;
  if (!isEmail(email)) return usage(`'${email}' is not an email address`);
  if (values.role === undefined) return usage(`missing --role (one of ${ROLES.join(", ")})`);
  if (!isRole(values.role))
    return usage(`--role '${values.role}' is not a role (one of ${ROLES.join(", ")})`);
  const role = values.role;

  // Read before the database opens, so a bad password changes nothing and holds nothing.
  const generated = process.stdin.isTTY;
  const password = generated ? generatePassword() : await readPasswordLine();

  const user = await withOperatorDatabase("kfunc users add", (prisma) =>
    addUser(prisma, CLI_OPERATOR, { email, role, password, name: values.name }),
  );
  process.stdout.write(`added ${user.email} as ${user.role}\n`);
  if (generated) {
    process.stdout.write(
      `password (generated; it will not be shown again, so store it now):\n  ${password}\n`,
    );
  }
  return 0;
}

/** One line from stdin: the password, piped by a script or a secret store. */
async function readPasswordLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const [line = "", ...more] = Buffer.concat(chunks).toString("utf8").split(/\r?\n/);
  if (more.some((l) => l.length > 0)) {
    throw new CommandError("stdin holds more than one line: send the password alone, on one line");
  }
  if (!line) {
    throw new CommandError(
      "no password on stdin: pipe one line (e.g. from a secret store), or run from a terminal to have one generated",
    );
  }
  return line;
}

async function list(argv: string[]): Promise<number> {
  const parsed = tryParseArgs({
    args: argv,
    options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    allowPositionals: false,
  });
  if (typeof parsed === "string") return usage(parsed);
  if (parsed.values.help) return help();
  const users = await withOperatorDatabase("kfunc users list", (prisma) => listUsers(prisma));
  if (parsed.values.json) {
    const rows = users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (!users.length) {
    process.stdout.write("no accounts yet: add the first admin with kfunc users add <email> --role admin\n");
  } else {
    process.stdout.write(
      formatTable(
        ["EMAIL", "NAME", "ROLE", "CREATED"],
        users.map((u) => [u.email, u.name, u.role ?? "-", formatTime(u.createdAt)]),
      ),
    );
  }
  return 0;
}

async function setRoleCommand(argv: string[]): Promise<number> {
  const parsed = tryParseArgs({
    args: argv,
    options: { help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (typeof parsed === "string") return usage(parsed);
  if (parsed.values.help) return help();
  if (parsed.positionals.length !== 2)
    return usage("set-role takes an email and a role: kfunc users set-role <email> <role>");
  const [email, role] = parsed.positionals as [string, string];
  if (!isEmail(email)) return usage(`'${email}' is not an email address`);
  if (!isRole(role)) return usage(`'${role}' is not a role (one of ${ROLES.join(", ")})`);
  const changed = await withOperatorDatabase("kfunc users set-role", (prisma) =>
    setRole(prisma, CLI_OPERATOR, email, role),
  );
  process.stdout.write(
    changed.from === changed.to
      ? `${changed.email} is already ${changed.to}\n`
      : `${changed.email}: ${changed.from} → ${changed.to}\n`,
  );
  return 0;
}

async function setPasswordCommand(argv: string[]): Promise<number> {
  const parsed = tryParseArgs({
    args: argv,
    options: { help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (typeof parsed === "string") return usage(parsed);
  if (parsed.values.help) return help();
  if (parsed.positionals.length !== 1)
    return usage("set-password takes one email address: kfunc users set-password <email>");
  const email = parsed.positionals[0] as string;
  if (!isEmail(email)) return usage(`'${email}' is not an email address`);
  const generated = process.stdin.isTTY;
  const password = generated ? generatePassword() : await readPasswordLine();
  await withOperatorDatabase("kfunc users set-password", (prisma) =>
    setPassword(prisma, CLI_OPERATOR, email, password),
  );
  process.stdout.write(`password set for ${email}; its sessions were ended\n`);
  if (generated) {
    process.stdout.write(
      `password (generated; it will not be shown again, so store it now):\n  ${password}\n`,
    );
  }
  return 0;
}

function help(): number {
  process.stdout.write(`${USERS_USAGE}\n`);
  return 0;
}

function usage(problem: string): number {
  process.stderr.write(`kfunc users: ${problem}\n${USERS_USAGE}\n`);
  return 2;
}
