// Helpers shared by the extractor tests (not used by the extractor itself).

import { execFileSync } from "node:child_process";
import { cpSync, createWriteStream, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, relative } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createGzip } from "node:zlib";
import * as tar from "tar-stream";
import type { ExtractedKfunc } from "../types";

/** Absolute path of a fixture tree under lib/kernel/extract/fixtures/. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** The cache dir rule of scripts/fetch-kernel-sources.sh. */
export function kernelSourceCache(): string {
  return join(process.env.KFUNC_CACHE ?? join(homedir(), ".cache", "kfunc-catalog"), "kernel-src");
}

export function byName(kfuncs: readonly ExtractedKfunc[]): Map<string, ExtractedKfunc> {
  return new Map(kfuncs.map((kfunc) => [kfunc.name, kfunc]));
}

/** The kfunc of that name; fails the test with the list of names when it is missing. */
export function kfunc(kfuncs: readonly ExtractedKfunc[], name: string): ExtractedKfunc {
  const found = kfuncs.find((k) => k.name === name);
  if (!found) throw new Error(`no kfunc ${name} among: ${kfuncs.map((k) => k.name).join(", ")}`);
  return found;
}

/** Runs an extraction and collects its warnings. */
export async function withWarnings<T>(
  run: (onWarning: (message: string) => void) => Promise<T>,
): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const result = await run((message) => warnings.push(message));
  return { result, warnings };
}

/** Every file below `root`, as relative path → latin1 text. */
export function filesOf(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else files.set(relative(root, path), readFileSync(path, "latin1"));
    }
  };
  visit(root);
  return files;
}

/** A .tar.gz with everything under "linux-fixture/", packed with tar-stream and zlib. */
export async function writeTarGz(root: string, file: string): Promise<void> {
  const pack = tar.pack();
  const done = pipeline(pack, createGzip(), createWriteStream(file));
  for (const [path, text] of filesOf(root))
    pack.entry({ name: `linux-fixture/${path}` }, Buffer.from(text, "latin1"));
  pack.finalize();
  await done;
}

/** A .tar.xz made by the system tar, with the tree under "linux-fixture/". */
export function writeTarXz(root: string, file: string, scratch: string): void {
  const staged = join(scratch, `stage-${Math.random().toString(36).slice(2)}`, "linux-fixture");
  cpSync(root, staged, { recursive: true });
  execFileSync("tar", ["-cJf", file, "-C", join(staged, ".."), "linux-fixture"]);
}
