import { SHN, SHT, SYMBOL_BINDS, SYMBOL_TYPES, SYMBOL_VISIBILITIES } from "./elf-constants";
import { ElfError } from "./elf-error";
import type { ElfFile, ElfSection } from "./read-elf";

// The symbol table (SHT_SYMTAB, or SHT_DYNSYM if asked for). Elf64_Sym is 24 bytes:
//   st_name u32 @0, st_info u8 @4 (bind << 4 | type), st_other u8 @5 (visibility in the low 2 bits),
//   st_shndx u16 @6, st_value u64 @8, st_size u64 @16.
// In a BPF object a kfunc call shows up as an undefined (st_shndx 0) NOTYPE symbol, GLOBAL or WEAK.

const SYMBOL_SIZE = 24;

export type ElfSymbolType = (typeof SYMBOL_TYPES)[number] | `TYPE_${number}`;
export type ElfSymbolBind = (typeof SYMBOL_BINDS)[number] | `BIND_${number}`;
export type ElfSymbolVisibility = (typeof SYMBOL_VISIBILITIES)[number];

export interface ElfSymbol {
  /** Position in the symbol table; relocations refer to symbols by this index. */
  index: number;
  name: string;
  type: ElfSymbolType;
  bind: ElfSymbolBind;
  visibility: ElfSymbolVisibility;
  /** st_shndx: 0 undefined, 0xfff1 absolute, 0xfff2 common, else a section index. */
  sectionIndex: number;
  /** The defining section's name, or null for undefined, absolute and common symbols. */
  sectionName: string | null;
  /** st_value: the offset in its section for relocatable objects, an address in executables. */
  value: bigint;
  size: number;
}

/** Every symbol of the first SHT_SYMTAB (or the given table), including the null symbol 0. */
export function readSymbols(elf: ElfFile, table?: ElfSection): ElfSymbol[] {
  const symtab = table ?? elf.sections.find((s) => s.type === SHT.SYMTAB);
  if (!symtab) return [];
  if (symtab.type !== SHT.SYMTAB && symtab.type !== SHT.DYNSYM) {
    throw new ElfError(
      `section [${symtab.index}] ${symtab.name} is not a symbol table (sh_type ${symtab.type})`,
    );
  }
  if (symtab.entsize !== SYMBOL_SIZE) {
    throw new ElfError(
      `symbol table ${symtab.name} has entry size ${symtab.entsize}, expected ${SYMBOL_SIZE}`,
    );
  }
  const strtab = elf.sections[symtab.link];
  if (!strtab || strtab.type !== SHT.STRTAB) {
    throw new ElfError(
      `symbol table ${symtab.name} links to section ${symtab.link}, which is not a string table`,
    );
  }
  const v = elf.view;
  const strEnd = strtab.offset + strtab.size;
  const count = Math.floor(symtab.size / SYMBOL_SIZE);
  const symbols: ElfSymbol[] = [];
  for (let i = 0; i < count; i++) {
    const at = symtab.offset + i * SYMBOL_SIZE;
    const nameOff = v.u32(at);
    if (nameOff >= strtab.size)
      throw new ElfError(`symbol ${i} name offset ${nameOff} is beyond ${strtab.name}`, at);
    const stInfo = v.u8(at + 4);
    const sectionIndex = v.u16(at + 6);
    const special = sectionIndex === SHN.UNDEF || sectionIndex >= SHN.LORESERVE;
    symbols.push({
      index: i,
      name: v.cString(strtab.offset + nameOff, strEnd, `symbol ${i} name`),
      type: SYMBOL_TYPES[stInfo & 0xf] ?? `TYPE_${stInfo & 0xf}`,
      bind: SYMBOL_BINDS[stInfo >> 4] ?? `BIND_${stInfo >> 4}`,
      visibility: SYMBOL_VISIBILITIES[v.u8(at + 5) & 3] ?? "DEFAULT",
      sectionIndex,
      sectionName: special ? null : (elf.sections[sectionIndex]?.name ?? null),
      value: v.u64(at + 8),
      size: v.size(at + 16, `symbol ${i} st_size`),
    });
  }
  return symbols;
}
