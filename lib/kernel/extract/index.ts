// Public API of the kernel-source kfunc extractor.
//
//   extractFromTree(dir)            an unpacked kernel tree
//   extractFromTarball(file)        a .tar.xz / .tar.gz / .tar of a kernel tree, streamed
//   extractFromGit(repo, ref)       a git ref, read with ls-tree + cat-file (no checkout)
//   extractFromFiles(map|provider)  the core all three feed
//
// All return ExtractedKfunc[] sorted by name and throw ExtractError for unusable input.

import { stat } from "node:fs/promises";
import type { ExtractedKfunc } from "../types";
import { ExtractError } from "./errors";
import { type ExtractOptions, extractFromFiles } from "./extract-from-files";
import type { FileProvider } from "./file-provider";
import { GitProvider } from "./git-provider";
import { loadTarball } from "./tarball-provider";
import { TreeProvider } from "./tree-provider";

export { ExtractError } from "./errors";
export { type ExtractOptions, extractFromFiles } from "./extract-from-files";
export {
  type FileProvider,
  InMemoryProvider,
  type ProgressCallback,
  type ScanOptions,
} from "./file-provider";
export { GitProvider } from "./git-provider";
export { loadTarball } from "./tarball-provider";
export { TreeProvider } from "./tree-provider";

/** A kernel tree has include/linux/btf.h (v5.x+) or kernel/bpf/ (v3.15+). */
async function assertKernelTree(provider: FileProvider): Promise<void> {
  if ((await provider.exists("include/linux/btf.h")) || (await provider.exists("kernel/bpf"))) return;
  throw new ExtractError(
    `${provider.label} is not a kernel source tree: expected include/linux/btf.h or a kernel/bpf/ directory`,
  );
}

async function extractWith(provider: FileProvider, options: ExtractOptions): Promise<ExtractedKfunc[]> {
  try {
    await assertKernelTree(provider);
    return await extractFromFiles(provider, options);
  } finally {
    await provider.close?.();
  }
}

export async function extractFromTree(dir: string, options: ExtractOptions = {}): Promise<ExtractedKfunc[]> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(dir)).isDirectory();
  } catch (error) {
    throw new ExtractError(`${dir} does not exist (expected an unpacked kernel source tree)`, {
      cause: error,
    });
  }
  if (!isDirectory)
    throw new ExtractError(`${dir} is not a directory (expected an unpacked kernel source tree)`);
  return extractWith(new TreeProvider(dir.replace(/\/+$/, "") || "/"), options);
}

export async function extractFromTarball(
  file: string,
  options: ExtractOptions = {},
): Promise<ExtractedKfunc[]> {
  return extractWith(await loadTarball(file, options.onProgress), options);
}

export async function extractFromGit(
  repo: string,
  ref: string,
  options: ExtractOptions = {},
): Promise<ExtractedKfunc[]> {
  return extractWith(await GitProvider.open(repo, ref), options);
}
