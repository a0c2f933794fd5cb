// `npm run bench:extract`: speed of the kernel readers against the standard tools, measured in
// one run on one machine and printed as ratios (never a timed test: these machines are noisy).
//   extractor over the unpacked Debian 6.12 tree  vs  grep -rl BTF_ID_FLAGS --include='*.[ch]'
//   BTF reader on /sys/kernel/btf/vmlinux          vs  bpftool btf dump file
// and the same as whole processes of the compiled CLI (bin/kfunc), start-up included, each run
// in turn with the tool it is compared with.
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchBtf } from "./btf-bench";
import { benchExtract } from "./extract-bench";
import { timeProcesses } from "./process-bench";

const tree =
  process.argv[2] ??
  path.join(
    process.env.KFUNC_CACHE ?? path.join(os.homedir(), ".cache", "kfunc-catalog"),
    "kernel-src",
    "linux-6.12",
  );

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main() {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}`);
  if (existsSync(tree)) {
    const r = await benchExtract(tree);
    console.log(
      `extractor  ${fmt(r.ours_ms)}  vs grep -rl ${fmt(r.grep_ms)}  → ratio ${r.ratio.toFixed(2)} (target ≤ 1.5)`,
    );
  } else {
    console.log(`extractor  skipped: ${tree} not found (run scripts/fetch-kernel-sources.sh)`);
  }
  const b = await benchBtf();
  if (b.bpftool_ms === null || b.ratio === null) {
    console.log(`BTF reader ${fmt(b.ours_ms)}  (bpftool not installed: no ratio)`);
  } else {
    console.log(
      // Same direction as the extractor's figure: our time over the reference tool's.
      `BTF reader ${fmt(b.ours_ms)}  vs bpftool ${fmt(b.bpftool_ms)}  → ratio ${(b.ours_ms / b.bpftool_ms).toFixed(2)} (target < 1)`,
    );
  }

  // Whole processes: the compiled command line against the tools a user would otherwise run.
  const kfunc = path.resolve("bin/kfunc");
  const [help = 0, node = 0] = await timeProcesses([
    [kfunc, "--help"],
    [process.execPath, "-e", "0"],
  ]);
  console.log(`process    kfunc --help ${fmt(help)}  vs node -e 0 ${fmt(node)} (target: well under 200 ms)`);
  if (existsSync(tree)) {
    const [ours = 0, grep = 0] = await timeProcesses(
      [
        [kfunc, "extract", tree, "--json"],
        ["grep", "-rl", "BTF_ID_FLAGS", "--include=*.[ch]", tree],
      ],
      3,
    );
    console.log(
      `process    kfunc extract ${fmt(ours)}  vs grep -rl ${fmt(grep)}  → ratio ${(ours / grep).toFixed(2)} (target ≤ 1.5)`,
    );
  }
  const vmlinux = "/sys/kernel/btf/vmlinux";
  const bpftool = ["/usr/sbin/bpftool", "/usr/bin/bpftool"].find(existsSync);
  if (existsSync(vmlinux) && bpftool) {
    const [ours = 0, theirs = 0] = await timeProcesses(
      [
        [kfunc, "btf", vmlinux, "--json"],
        [bpftool, "btf", "dump", "file", vmlinux],
      ],
      11,
    );
    console.log(
      `process    kfunc btf ${fmt(ours)}  vs bpftool btf dump ${fmt(theirs)}  → ratio ${(ours / theirs).toFixed(2)} (target ≤ 1)`,
    );
  }
}

main().catch((error) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exit(1);
});
