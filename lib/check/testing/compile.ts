import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Compiles lib/check/fixtures/*.bpf.c with Debian's clang and libbpf-dev's bpf_helpers.h, as a BPF
// developer does: clang -target bpf -g -O2 -c. Tests that need a real object skip without them.

export const CHECK_FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

export const canCompileBpf =
  spawnSync("clang", ["--version"], { stdio: "ignore" }).status === 0 &&
  existsSync("/usr/include/bpf/bpf_helpers.h");

function multiarchInclude(): string[] {
  const result = spawnSync("gcc", ["-print-multiarch"], { encoding: "utf8" });
  const triple = result.status === 0 ? result.stdout.trim() : "";
  return triple ? [`-I/usr/include/${triple}`] : [];
}

export interface CompiledObject {
  bytes: Uint8Array;
  objectPath: string;
  cleanup(): void;
}

export function compileBpf(
  file: string,
  options: { target?: "bpf" | "bpfel" | "bpfeb"; debugInfo?: boolean } = {},
): CompiledObject {
  const dir = mkdtempSync(path.join(tmpdir(), "kfunc-check-"));
  const objectPath = path.join(dir, path.basename(file).replace(/\.c$/, ".o"));
  execFileSync(
    "clang",
    [
      "-target",
      options.target ?? "bpf",
      ...(options.debugInfo === false ? [] : ["-g"]),
      "-O2",
      ...multiarchInclude(),
      "-c",
      path.isAbsolute(file) ? file : path.join(CHECK_FIXTURES, file),
      "-o",
      objectPath,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  return {
    bytes: readFileSync(objectPath),
    objectPath,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
