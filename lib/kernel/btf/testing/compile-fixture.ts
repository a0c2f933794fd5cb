import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Compiles lib/kernel/btf/fixtures/*.c with the system clang for tests that need a real BPF object.

export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/", import.meta.url));

/** True when `clang` runs; tests that compile fixtures skip otherwise. */
export const hasClang = spawnSync("clang", ["--version"], { stdio: "ignore" }).status === 0;

/** Compiles a fixture with `clang -target <target> -g -O2 -c` and returns the object's bytes and path. */
export function compileFixture(
  file: string,
  target: "bpf" | "bpfel" | "bpfeb" = "bpf",
): { bytes: Uint8Array; objectPath: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "kfunc-btf-"));
  const objectPath = path.join(dir, `${path.basename(file, ".c")}.${target}.o`);
  execFileSync(
    "clang",
    ["-target", target, "-g", "-O2", "-c", path.join(FIXTURES_DIR, file), "-o", objectPath],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  return {
    bytes: readFileSync(objectPath),
    objectPath,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
