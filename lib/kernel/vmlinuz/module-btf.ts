import { readFile } from "node:fs/promises";
import path from "node:path";
import { type Btf, parseBtf } from "../btf/btf";
import { BtfError } from "../btf/btf-error";
import { kfuncsOf } from "../btf/read-kfuncs";
import { ElfError } from "../elf/elf-error";
import { findSection, isElf, parseElf, sectionData } from "../elf/read-elf";
import type { BtfKfunc } from "../types";
import { type Compression, decompress } from "./compression";
import { VmlinuzError } from "./vmlinuz-error";

// A kernel module's kfuncs: the module file (.ko, .ko.xz, .ko.zst, .ko.gz) decompressed, its `.BTF`
// section read as split BTF against the vmlinux base (type ids and string offsets continue the base's,
// so the tag name "bpf_kfunc" is usually found in the base's string table, not the module's).

const MODULE_SUFFIXES: [suffix: string, compression: Compression | null][] = [
  [".ko", null],
  [".ko.xz", "xz"],
  [".ko.zst", "zstd"],
  [".ko.gz", "gzip"],
];

/** The compression of a module file by its name, or undefined when the name is not a module's. */
export function moduleCompression(file: string): Compression | null | undefined {
  return MODULE_SUFFIXES.find(([suffix]) => file.endsWith(suffix))?.[1];
}

export function isModuleFile(file: string): boolean {
  return moduleCompression(file) !== undefined;
}

/** The module file's ELF bytes, and the file's own size. */
export async function readModuleElf(file: string): Promise<{ elf: Uint8Array; fileSize: number }> {
  const compression = moduleCompression(file);
  if (compression === undefined) {
    throw new VmlinuzError("NOT_ELF", `${file}: not a module file name (.ko, .ko.xz, .ko.zst, .ko.gz)`);
  }
  const bytes = await readFile(file);
  const elf = compression ? await decompress(bytes, compression, { what: file }) : bytes;
  return { elf, fileSize: bytes.length };
}

export interface ModuleKfuncs {
  /** The module's name as the kernel knows it (`name=` in .modinfo, else the file name with - as _). */
  name: string;
  /** Tagged kfuncs of the module's own BTF; null when the module has no .BTF section. */
  kfuncs: BtfKfunc[] | null;
}

/** The kfuncs in a module's ELF bytes, against the parsed vmlinux BTF. Throws ElfError / BtfError. */
export function moduleKfuncs(elfBytes: Uint8Array, base: Btf, file: string): ModuleKfuncs {
  if (!isElf(elfBytes)) throw new ElfError("not an ELF file: missing \\x7fELF magic", 0);
  const elf = parseElf(elfBytes);
  const name = moduleNameFromModinfo(elf) ?? moduleNameFromFile(file);
  const section = findSection(elf, ".BTF");
  if (!section) return { name, kfuncs: null };
  try {
    return { name, kfuncs: kfuncsOf(parseBtf(sectionData(elf, section), { base })) };
  } catch (error) {
    if (error instanceof BtfError) {
      throw new BtfError(
        `${error.detail} in the .BTF section`,
        error.offset === null ? null : error.offset + section.offset,
      );
    }
    throw error;
  }
}

/** "nf_conntrack" from ".../nf_conntrack.ko.xz"; dashes become underscores, as the kernel does. */
export function moduleNameFromFile(file: string): string {
  const base = path.basename(file);
  const suffix =
    MODULE_SUFFIXES.map(([s]) => s)
      .filter((s) => base.endsWith(s))
      .sort((a, b) => b.length - a.length)[0] ?? "";
  return base.slice(0, base.length - suffix.length).replaceAll("-", "_");
}

function moduleNameFromModinfo(elf: ReturnType<typeof parseElf>): string | null {
  const modinfo = findSection(elf, ".modinfo");
  if (!modinfo) return null;
  const text = new TextDecoder("latin1").decode(sectionData(elf, modinfo));
  for (const entry of text.split("\0")) {
    if (entry.startsWith("name=")) return entry.slice(5) || null;
  }
  return null;
}
