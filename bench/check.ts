// `npm run bench:check [-- --api http://127.0.0.1:3000]`: what a CI job waits for when it checks a
// BPF object, measured as whole processes of the compiled CLI (start-up included) on a typical
// object (lib/check/fixtures/portable.bpf.c, compiled here), with ratios against references run
// on the same machine in the same run: `bpftool btf dump file` on the same object (a native tool
// reading it) and `node -e 0` (the floor any Node.js tool pays). With --api, also the server time
// of POST /api/v1/check for the same object (its Server-Timing header), over 50 requests.
// Never a timed test: these machines are noisy.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { canCompileBpf, compileBpf } from "../lib/check/testing/compile";
import { type Command, timeProcesses } from "./process-bench";

const { values } = parseArgs({ options: { api: { type: "string" } } });
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

async function main() {
  if (!canCompileBpf)
    throw new Error("clang and libbpf-dev are needed (bash scripts/install-system-deps.sh)");
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}`);
  const object = compileBpf("portable.bpf.c");
  try {
    const kfunc = path.resolve("bin/kfunc");
    // The first check may create and load the embedded catalog; the timings are of later runs.
    const first = spawnSync(process.execPath, [kfunc, "check", object.objectPath], { encoding: "utf8" });
    if (first.status !== 0) throw new Error(`kfunc check exited ${first.status}: ${first.stderr}`);
    const bpftool = ["/usr/sbin/bpftool", "/usr/bin/bpftool"].find((p) => existsSync(p));
    const commands: Command[] = [
      [process.execPath, kfunc, "scan", object.objectPath],
      [process.execPath, kfunc, "check", object.objectPath],
      [process.execPath, "-e", "0"],
      ...(bpftool ? [[bpftool, "btf", "dump", "file", object.objectPath] as Command] : []),
    ];
    // Run in turn, so that all of them see the same machine.
    const [scan = 0, check = 0, node = 0, reference = null] = await timeProcesses(commands, 9);
    console.log(`kfunc scan            ${fmt(scan)}`);
    console.log(`kfunc check           ${fmt(check)}`);
    console.log(`scan + check          ${fmt(scan + check)}  (target < 500 ms)`);
    console.log(
      `node -e 0             ${fmt(node)}  → check is ${(check / node).toFixed(2)}× a bare Node.js start`,
    );
    if (reference !== null) {
      console.log(
        `bpftool btf dump file ${fmt(reference)}  → check is ${(check / reference).toFixed(2)}× bpftool`,
      );
    }
    if (values.api) await benchApi(values.api, object.bytes, path.basename(object.objectPath));
    else console.log("API: skipped (pass --api http://127.0.0.1:3000 with a production server running)");
  } finally {
    object.cleanup();
  }
}

async function benchApi(base: string, bytes: Uint8Array, name: string) {
  const server: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < 55; i++) {
    const form = new FormData();
    form.set("file", new Blob([Buffer.from(bytes)]), name);
    const started = performance.now();
    const answer = await fetch(new URL("/api/v1/check", base), { method: "POST", body: form });
    await answer.arrayBuffer();
    if (!answer.ok) throw new Error(`POST /api/v1/check answered ${answer.status}`);
    const timing = /dur=([\d.]+)/.exec(answer.headers.get("server-timing") ?? "")?.[1];
    if (i < 5) continue; // warm-up
    server.push(Number(timing));
    total.push(performance.now() - started);
  }
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] as number;
  console.log(
    `POST /api/v1/check    server p50 ${pct(server, 0.5).toFixed(1)} ms, p95 ${pct(server, 0.95).toFixed(1)} ms (target < 50 ms); round trip p50 ${pct(total, 0.5).toFixed(1)} ms`,
  );
}

main().catch((error) => {
  console.error(`bench:check: ${(error as Error).message}`);
  process.exit(1);
});
