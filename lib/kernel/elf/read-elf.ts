import { SHN, SHT } from "./elf-constants";
import { ElfError } from "./elf-error";
import { ElfView } from "./elf-view";

// A minimal ELF64 reader (either byte order): the file header and the section headers, with section
// names resolved through e_shstrndx. Enough to pull `.BTF` out of vmlinux or a BPF object, and the
// base for reading symbols and relocations.
//
// ELF64 layout used here:
//   e_ident[16] ("\x7fELF", EI_CLASS 2 = 64-bit, EI_DATA 1 = little / 2 = big endian, EI_VERSION),
//   e_type u16 @16, e_machine u16 @18, e_shoff u64 @40, e_shentsize u16 @58, e_shnum u16 @60,
//   e_shstrndx u16 @62.
//   Section header (64 bytes): sh_name u32 @0, sh_type u32 @4, sh_flags u64 @8, sh_addr u64 @16,
//   sh_offset u64 @24, sh_size u64 @32, sh_link u32 @40, sh_info u32 @44, sh_addralign u64 @48,
//   sh_entsize u64 @56.

const ELF_HEADER_SIZE = 64;
const SECTION_HEADER_SIZE = 64;

export interface ElfSection {
  index: number;
  name: string;
  /** sh_type, e.g. SHT.PROGBITS, SHT.SYMTAB, SHT.REL. */
  type: number;
  flags: number;
  addr: bigint;
  /** File offset of the section's bytes. */
  offset: number;
  size: number;
  /** sh_link: for SYMTAB the string table; for REL/RELA the symbol table. */
  link: number;
  /** sh_info: for REL/RELA the section the relocations apply to; for SYMTAB the first global symbol. */
  info: number;
  addralign: number;
  /** Size of one entry for table sections (24 for Elf64_Sym, 16 for Elf64_Rel), else 0. */
  entsize: number;
}

export interface ElfFile {
  view: ElfView;
  littleEndian: boolean;
  /** e_type: 1 relocatable (.o), 2 executable (vmlinux), 3 shared object. */
  type: number;
  /** e_machine: EM_BPF (247) for BPF objects, 62 for x86-64. */
  machine: number;
  sections: ElfSection[];
}

/** True when the bytes start with the ELF magic "\x7fELF". */
export function isElf(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46
  );
}

export function parseElf(bytes: Uint8Array): ElfFile {
  if (bytes.length === 0) throw new ElfError("empty input: not an ELF file");
  if (!isElf(bytes)) throw new ElfError("not an ELF file: missing \\x7fELF magic", 0);
  if (bytes.length < ELF_HEADER_SIZE) {
    throw new ElfError(`truncated ELF header: need ${ELF_HEADER_SIZE} bytes, have ${bytes.length}`, 0);
  }
  const elfClass = bytes[4];
  if (elfClass === 1) throw new ElfError("32-bit ELF is not supported (only ELF64)", 4);
  if (elfClass !== 2) throw new ElfError(`bad ELF class ${elfClass} (expected 2, ELF64)`, 4);
  const data = bytes[5];
  if (data !== 1 && data !== 2) throw new ElfError(`bad ELF data encoding ${data} (expected 1 or 2)`, 5);
  const view = new ElfView(bytes, data === 1);

  const shoff = view.size(40, "e_shoff");
  const shentsize = view.u16(58);
  let shnum = view.u16(60);
  let shstrndx = view.u16(62);
  const elf: ElfFile = {
    view,
    littleEndian: view.littleEndian,
    type: view.u16(16),
    machine: view.u16(18),
    sections: [],
  };
  if (shoff === 0) return elf; // No section headers at all.
  if (shentsize !== SECTION_HEADER_SIZE) {
    throw new ElfError(`bad e_shentsize ${shentsize} (expected ${SECTION_HEADER_SIZE})`, 58);
  }
  checkRange(shoff, SECTION_HEADER_SIZE, bytes.length, "section header 0");
  // Extended numbering: with 0xff00 or more sections, the real count and string-table index live in
  // section header 0 (sh_size and sh_link).
  if (shnum === 0) shnum = view.size(shoff + 32, "section count (sh_size of section 0)");
  if (shstrndx === SHN.XINDEX) shstrndx = view.u32(shoff + 40);
  checkRange(shoff, shnum * SECTION_HEADER_SIZE, bytes.length, `section header table (${shnum} entries)`);

  const names: number[] = [];
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * SECTION_HEADER_SIZE;
    const section: ElfSection = {
      index: i,
      name: "",
      type: view.u32(at + 4),
      flags: view.size(at + 8, "sh_flags"),
      addr: view.u64(at + 16),
      offset: view.size(at + 24, "sh_offset"),
      size: view.size(at + 32, "sh_size"),
      link: view.u32(at + 40),
      info: view.u32(at + 44),
      addralign: view.size(at + 48, "sh_addralign"),
      entsize: view.size(at + 56, "sh_entsize"),
    };
    if (section.type !== SHT.NOBITS && section.type !== SHT.NULL) {
      checkRange(section.offset, section.size, bytes.length, `section [${i}] data`);
    }
    names.push(view.u32(at));
    elf.sections.push(section);
  }

  if (shstrndx !== SHN.UNDEF) {
    const strtab = elf.sections[shstrndx];
    if (!strtab) throw new ElfError(`e_shstrndx ${shstrndx} is not a section (have ${shnum})`, 62);
    // Only sections with bytes in the file had their range checked above.
    if (strtab.type === SHT.NOBITS || strtab.type === SHT.NULL) {
      throw new ElfError(
        `section name table [${shstrndx}] (e_shstrndx) has sh_type ${strtab.type}, which holds no bytes in the file`,
        shoff + shstrndx * SECTION_HEADER_SIZE + 4,
      );
    }
    const end = strtab.offset + strtab.size;
    elf.sections.forEach((section, i) => {
      const nameOff = names[i] ?? 0;
      if (nameOff >= strtab.size) {
        throw new ElfError(
          `section [${i}] name offset ${nameOff} is beyond the section name table`,
          shoff + i * 64,
        );
      }
      section.name = view.cString(strtab.offset + nameOff, end, `section [${i}] name`);
    });
  }
  return elf;
}

/** The first section with this name, or undefined. */
export function findSection(elf: ElfFile, name: string): ElfSection | undefined {
  return elf.sections.find((s) => s.name === name);
}

/** A section's bytes (a view, not a copy). SHT_NOBITS sections (.bss) have none in the file: empty. */
export function sectionData(elf: ElfFile, section: ElfSection): Uint8Array {
  if (section.type === SHT.NOBITS || section.type === SHT.NULL) return new Uint8Array(0);
  return elf.view.bytes.subarray(section.offset, section.offset + section.size);
}

function checkRange(offset: number, size: number, fileSize: number, what: string): void {
  if (offset + size > fileSize) {
    throw new ElfError(
      `truncated ELF file: ${what} spans bytes ${offset}..${offset + size} but the file has ${fileSize} bytes`,
      offset,
    );
  }
}
