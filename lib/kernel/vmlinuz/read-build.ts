import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type Btf, parseBtf } from "../btf/btf";
import { BtfError } from "../btf/btf-error";
import { extractBtf } from "../btf/read-file";
import { kfuncsOf } from "../btf/read-kfuncs";
import { ElfError } from "../elf/elf-error";
import type { BtfKfunc } from "../types";
import { extractVmlinux } from "./bzimage";
import type { Compression } from "./compression";
import { isModuleFile, moduleKfuncs, readModuleElf } from "./module-btf";
import { VmlinuzError } from "./vmlinuz-error";

// One kernel build's kfuncs: the vmlinux BTF from the vmlinuz, and every module's split BTF against it.
// A module without .BTF is skipped silently; a module that cannot be read (bad compression, bad ELF,
// bad BTF) becomes a warning naming the file, and the rest of the build is still read.

export interface KernelBuildPaths {
  /** The kernel image: an x86 bzImage (vmlinuz). */
  vmlinuz: string;
  /** A folder searched recursively for module files (.ko, .ko.xz, .ko.zst, .ko.gz); none when omitted. */
  modulesDir?: string | null;
}

export interface ReadKernelBuildOptions {
  /** Called for each warning as it happens (they are also returned). */
  onWarning?: (message: string) => void;
  /** Called after each module file. */
  onModule?: (done: number, total: number) => void;
}

export interface KernelBuild {
  /** The vmlinuz payload's compression. */
  compression: Compression;
  /** Tagged kfuncs of vmlinux, sorted by name. */
  vmlinux: BtfKfunc[];
  /** The parsed vmlinux BTF (it keeps the decompressed vmlinux in memory while referenced). */
  vmlinuxBtf: Btf;
  /** Modules that have tagged kfuncs, by module name (sorted), each list sorted by name. */
  modules: Map<string, BtfKfunc[]>;
  stats: {
    moduleFiles: number;
    modulesWithBtf: number;
    modulesWithoutBtf: number;
    /** Bytes read from module files, and their size decompressed. */
    moduleBytesRead: number;
    moduleBytesDecompressed: number;
  };
  /** "<file>: <what was wrong>" for each module that could not be read. */
  warnings: string[];
  /** Milliseconds: decompressing the vmlinuz, parsing its BTF, reading every module, all of it. */
  timings: { vmlinuz: number; vmlinuxBtf: number; modules: number; total: number };
}

export async function readKernelBuild(
  paths: KernelBuildPaths,
  opts: ReadKernelBuildOptions = {},
): Promise<KernelBuild> {
  const started = performance.now();
  const image = await extractVmlinux(await readFile(paths.vmlinuz)).catch((error: unknown) => {
    if (error instanceof VmlinuzError)
      throw new VmlinuzError(error.code, `${paths.vmlinuz}: ${error.detail}`, error.offset);
    throw error;
  });
  const vmlinuzDone = performance.now();
  const base = parseBtf(extractBtf(image.elf).btf);
  const vmlinux = kfuncsOf(base);
  const btfDone = performance.now();

  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    opts.onWarning?.(message);
  };
  const files = paths.modulesDir ? await listModuleFiles(paths.modulesDir) : [];
  const byModule = new Map<string, BtfKfunc[]>();
  const stats = {
    moduleFiles: files.length,
    modulesWithBtf: 0,
    modulesWithoutBtf: 0,
    moduleBytesRead: 0,
    moduleBytesDecompressed: 0,
  };
  let done = 0;
  for (const file of files) {
    try {
      const { elf, fileSize } = await readModuleElf(file);
      stats.moduleBytesRead += fileSize;
      stats.moduleBytesDecompressed += elf.length;
      const found = moduleKfuncs(elf, base, file);
      if (found.kfuncs === null) {
        stats.modulesWithoutBtf++;
      } else {
        stats.modulesWithBtf++;
        if (found.kfuncs.length > 0)
          byModule.set(found.name, mergeByName(byModule.get(found.name), found.kfuncs));
      }
    } catch (error) {
      if (!(error instanceof VmlinuzError || error instanceof ElfError || error instanceof BtfError))
        throw error;
      warn(`${file}: ${error.message}`);
    }
    opts.onModule?.(++done, files.length);
  }
  const finished = performance.now();

  return {
    compression: image.compression,
    vmlinux,
    vmlinuxBtf: base,
    modules: new Map([...byModule].sort(([a], [b]) => compareCodePoints(a, b))),
    stats,
    warnings,
    timings: {
      vmlinuz: vmlinuzDone - started,
      vmlinuxBtf: btfDone - vmlinuzDone,
      modules: finished - btfDone,
      total: finished - started,
    },
  };
}

/** Module files under `dir`, recursively, in code-point order of their relative paths. */
export async function listModuleFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && isModuleFile(e.name))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort(compareCodePoints);
}

/** Two files of one module name (rare): one entry per kfunc name, the first prototype kept. */
function mergeByName(seen: BtfKfunc[] | undefined, found: BtfKfunc[]): BtfKfunc[] {
  if (!seen) return found;
  const byName = new Map(seen.map((k) => [k.name, k]));
  for (const k of found) if (!byName.has(k.name)) byName.set(k.name, k);
  return [...byName.values()].sort((a, b) => compareCodePoints(a.name, b.name));
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
