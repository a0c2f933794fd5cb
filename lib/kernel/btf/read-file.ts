import { readFileSync } from "node:fs";
import { ElfError } from "../elf/elf-error";
import { findSection, isElf, parseElf, sectionData } from "../elf/read-elf";
import type { BtfKfunc } from "../types";
import { type Btf, parseBtf } from "./btf";
import { BtfError } from "./btf-error";
import { sniffBtfEndianness } from "./btf-header";
import { kfuncsOf } from "./read-kfuncs";

// Files that hold BTF: raw BTF (/sys/kernel/btf/vmlinux and its modules, `bpftool btf dump ... format
// raw`) or an ELF file with a `.BTF` section (a vmlinux image, a .ko, a BPF object from clang -g).
// The first bytes tell which.

export interface ReadBtfFileOptions {
  /** Path of the base vmlinux BTF (raw or ELF) when the file is split BTF of a module. */
  base?: string;
}

export async function readBtfKfuncsFromFile(
  path: string,
  opts: ReadBtfFileOptions = {},
): Promise<BtfKfunc[]> {
  const basePath = opts.base;
  const base = basePath ? namingBase(basePath, () => parseBtfFile(basePath)) : undefined;
  return kfuncsOf(parseBtfFile(path, base));
}

/** Raw BTF or an ELF file's .BTF, parsed; errors inside .BTF give offsets within the file. */
export function parseBtfFile(path: string, base?: Btf): Btf {
  // Read synchronously on purpose: sysfs hands out at most one page per read(2), so an async read of
  // /sys/kernel/btf/vmlinux pays a thread-pool round trip per 4 KiB (~100 ms); a sync read is ~8 ms.
  const { btf, fileOffset, inElf } = extractBtf(readFileSync(path));
  try {
    return parseBtf(btf, { base });
  } catch (error) {
    if (!inElf || !(error instanceof BtfError)) throw error;
    throw new BtfError(
      `${error.detail} in the .BTF section`,
      error.offset === null ? null : error.offset + fileOffset,
    );
  }
}

/** The raw BTF inside `bytes`: the bytes themselves for raw BTF, the `.BTF` section of an ELF file. */
export function extractBtf(bytes: Uint8Array): { btf: Uint8Array; fileOffset: number; inElf: boolean } {
  if (sniffBtfEndianness(bytes) !== null) return { btf: bytes, fileOffset: 0, inElf: false };
  if (isElf(bytes)) {
    const elf = parseElf(bytes);
    const section = findSection(elf, ".BTF");
    if (!section) throw new BtfError("ELF file has no .BTF section (built without BTF, or stripped?)");
    return { btf: sectionData(elf, section), fileOffset: section.offset, inElf: true };
  }
  if (bytes.length === 0) throw new BtfError("empty file: neither BTF nor ELF");
  const seen = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
  throw new BtfError(`neither raw BTF (magic 9f eb) nor ELF (7f 45 4c 46): file starts with ${seen}`, 0);
}

/** Errors about the base file say so: the message is otherwise reported under the main file's name. */
function namingBase<T>(basePath: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof BtfError) throw new BtfError(`base ${basePath}: ${error.detail}`, error.offset);
    if (error instanceof ElfError) throw new ElfError(`base ${basePath}: ${error.detail}`, error.offset);
    throw error; // File-system errors already carry the base's path.
  }
}
