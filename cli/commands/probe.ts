import { existsSync, readdirSync, readFileSync } from "node:fs";
import { release as osRelease } from "node:os";
import path from "node:path";
import { CheckInputError } from "../../lib/check/check-error";
import { formatProbe } from "../../lib/check/format";
import { readUpload } from "../../lib/check/inputs";
import { type KernelBtf, type ProbeReport, probeKernel } from "../../lib/check/probe";
import { type Btf, parseBtf } from "../../lib/kernel/btf";
import { tryParseArgs } from "../args";
import { readCatalogFacts } from "../catalog-facts";

// `kfunc probe [btf-file] [--release vX] [--json] [--api URL]`: which catalog kfuncs a kernel has
// and lacks. Without a file, the running kernel: /sys/kernel/btf/vmlinux and the BTF of every
// loaded module beside it, compared with the release `uname -r` names. Exit codes: 0 read, 1 usage
// or input error.

export const PROBE_USAGE = `usage: kfunc probe [btf-file] [options]
  btf-file           a kernel's BTF, raw or in a vmlinux ELF (default: /sys/kernel/btf/vmlinux and loaded modules)
  --release vX       the release the kernel claims to be (default for the running kernel: uname -r)
  --json             the report as JSON
  --api URL          ask a running catalog instead of the local database`;

const SYS_BTF = "/sys/kernel/btf";

export async function runProbe(argv: string[]): Promise<number> {
  const parsed = tryParseArgs({
    args: argv,
    options: {
      release: { type: "string" },
      json: { type: "boolean" },
      api: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  if (typeof parsed === "string") return fail(parsed);
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${PROBE_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 1) return fail("give at most one BTF file");
  const file = positionals[0] ?? path.join(SYS_BTF, "vmlinux");
  const running = positionals.length === 0;
  // uname -r of the running kernel: "6.18.44-fc-v1045" claims v6.18.
  const claimed = values.release ?? (running ? (/^(\d+\.\d+)/.exec(osRelease())?.[1] ?? null) : null);
  let report: ProbeReport;
  try {
    if (values.api) {
      const { apiBase, postCheck } = await import("../api-client");
      const answer = await postCheck(apiBase(values.api), { file }, { release: claimed ?? undefined });
      if (answer.type !== "kernel")
        throw new CheckInputError(`${file} is not a kernel's BTF: use kfunc check`);
      report = answer.report;
    } else {
      const kernel = readKernel(file, running);
      report = probeKernel(
        kernel,
        await readCatalogFacts((line) => process.stderr.write(`${line}\n`)),
        claimed,
      );
    }
  } catch (error) {
    return fail((error as Error).message, false);
  }
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatProbe(report));
  return 0;
}

function readKernel(file: string, running: boolean): KernelBtf {
  if (!existsSync(file)) {
    throw new CheckInputError(
      running
        ? `${file} does not exist: this kernel was built without BTF (CONFIG_DEBUG_INFO_BTF)`
        : `${file}: no such file`,
    );
  }
  const upload = readUpload(readFileSync(file), file);
  if (upload.kind !== "btf")
    throw new CheckInputError(
      `${file} is not a kernel's BTF (it is a ${upload.kind === "object" ? "BPF object" : "text file"}): use kfunc check`,
    );
  const modules = new Map<string, Btf>();
  if (running) {
    for (const name of readdirSync(SYS_BTF).sort()) {
      if (name === "vmlinux") continue;
      try {
        modules.set(name, parseBtf(readFileSync(path.join(SYS_BTF, name)), { base: upload.btf }));
      } catch (error) {
        process.stderr.write(`kfunc probe: skipping module ${name}: ${(error as Error).message}\n`);
      }
    }
  }
  return {
    label: running ? `running kernel ${osRelease()}` : path.basename(file),
    vmlinux: upload.btf,
    modules,
  };
}

function fail(message: string, usage = true): number {
  process.stderr.write(`kfunc probe: ${message}\n${usage ? `${PROBE_USAGE}\n` : ""}`);
  return 1;
}
