// The ELF reader's public surface.
export { EM_BPF, MACHINE_NAMES, SHN, SHT } from "./elf-constants";
export { ElfError } from "./elf-error";
export { type ElfFile, type ElfSection, findSection, isElf, parseElf, sectionData } from "./read-elf";
export { type ElfRelocation, readRelocations } from "./read-relocations";
export { type ElfSymbol, type ElfSymbolBind, type ElfSymbolType, readSymbols } from "./read-symbols";
