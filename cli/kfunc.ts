// `bin/kfunc <command> …` (or `npm run -s kfunc -- <command> …`): the catalog's command line.
// Each command is imported only when it runs, so `--help` and `btf` never load the database.

const USAGE = `usage: kfunc <command> [options]

commands:
  extract <tree|tarball> [--json]              kfuncs declared in a kernel source tree or tarball
  extract --git <repo> --ref <tag> [--json]    … or in a git tag, read with git (no checkout)
  btf <file> [--json] [--base <vmlinux>]       kfuncs tagged in raw BTF or an ELF's .BTF
  ingest --release <tag> (--tree DIR | --tarball FILE | --git REPO --ref TAG | --btf FILE)
         [--origin TEXT] [--force] [--json]    write one release into the catalog database
         [--api URL --token TOKEN]             … or send it to a running catalog (token: KFUNC_API_TOKEN)

accounts (kfunc <command> --help for options):
  users add <email> --role ROLE [--name N]     add an account (password from stdin, or generated once)
  users list [--json] | set-role <email> <role>
  tokens create --user EMAIL --scope S[,S…]    an API token (propose, decide, ingest), printed once
  tokens list [--json] | revoke <id>

backup:
  export <file>                                the whole catalog to a file (accounts without secrets)
  import <file>                                … into an empty database, in one transaction

portability (kfunc <command> --help for options):
  scan <object.bpf.o> [--json]                 the kfuncs a BPF object references, and who calls them
  check <object | source.c | names…>           on which releases it loads; exit 0 ok, 2 deprecated,
        [--release vX | --min vX]              3 fails on the target, 1 bad input
        [--format table|json|markdown] [--api URL]
  probe [btf-file] [--release vX] [--json]     what a kernel (default: this one) has and lacks
  header --release vX [--state S] [-o FILE]    a C header of a release's kfuncs, all __weak
`;

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  extract: async () => (await import("./commands/extract")).runExtract,
  btf: async () => (await import("./commands/btf")).runBtf,
  ingest: async () => (await import("./commands/ingest")).runIngest,
  scan: async () => (await import("./commands/scan")).runScan,
  check: async () => (await import("./commands/check")).runCheck,
  probe: async () => (await import("./commands/probe")).runProbe,
  header: async () => (await import("./commands/header")).runHeader,
  users: async () => (await import("./commands/users")).runUsers,
  tokens: async () => (await import("./commands/tokens")).runTokens,
  export: async () => (await import("./commands/backup")).runExport,
  import: async () => (await import("./commands/backup")).runImport,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const load = COMMANDS[command];
  if (!load) {
    process.stderr.write(`kfunc: unknown command '${command}'\n${USAGE}`);
    return 2;
  }
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`kfunc: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  },
);
