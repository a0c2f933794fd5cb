// `npm run -s kfunc -- <command> …`: the catalog's command line.
import { runBtf } from "./commands/btf";
import { runExtract } from "./commands/extract";
import { runIngest } from "./commands/ingest";

const USAGE = `usage: npm run -s kfunc -- <command> [options]

commands:
  extract <tree|tarball> [--json]              kfuncs declared in a kernel source tree or tarball
  extract --git <repo> --ref <tag> [--json]    … or in a git tag, read with git (no checkout)
  btf <file> [--json] [--base <vmlinux>]       kfuncs tagged in raw BTF or an ELF's .BTF
  ingest --release <tag> (--tree DIR | --tarball FILE | --git REPO --ref TAG | --btf FILE)
         [--origin TEXT] [--json]              write one release into the catalog database
`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  extract: runExtract,
  btf: runBtf,
  ingest: runIngest,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`kfunc: unknown command '${command}'\n${USAGE}`);
    return 2;
  }
  return run(rest);
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
