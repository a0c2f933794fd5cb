import { SHT } from "./elf-constants";
import { ElfError } from "./elf-error";
import type { ElfFile, ElfSection } from "./read-elf";

// Relocation sections. Elf64_Rel is 16 bytes (r_offset u64, r_info u64); Elf64_Rela adds an i64
// r_addend (24 bytes). r_info holds the symbol index in its high 32 bits and the type in the low 32.
// sh_link names the symbol table, sh_info the section being patched. BPF objects use SHT_REL; a
// kfunc call has an R_BPF_64_32 (10) relocation on its `call` instruction against the kfunc symbol.

export interface ElfRelocation {
  /** Byte offset in the patched section. */
  offset: number;
  symbolIndex: number;
  type: number;
  /** Only SHT_RELA sections carry an addend. */
  addend: bigint | null;
}

export function readRelocations(elf: ElfFile, section: ElfSection): ElfRelocation[] {
  const withAddend = section.type === SHT.RELA;
  if (!withAddend && section.type !== SHT.REL) {
    throw new ElfError(
      `section [${section.index}] ${section.name} is not a relocation section (sh_type ${section.type})`,
    );
  }
  const entrySize = withAddend ? 24 : 16;
  if (section.entsize !== entrySize) {
    throw new ElfError(
      `relocation section ${section.name} has entry size ${section.entsize}, expected ${entrySize}`,
    );
  }
  const v = elf.view;
  const relocations: ElfRelocation[] = [];
  for (let at = section.offset, end = section.offset + section.size; at + entrySize <= end; at += entrySize) {
    const info = v.u64(at + 8);
    relocations.push({
      offset: v.size(at, "r_offset"),
      symbolIndex: Number(info >> 32n),
      type: Number(info & 0xffffffffn),
      addend: withAddend ? v.i64(at + 16) : null,
    });
  }
  return relocations;
}
