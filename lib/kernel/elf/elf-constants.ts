// ELF constants from the System V gABI (elf.h), only those this reader names.

/** e_machine of BPF objects (`clang -target bpf`). */
export const EM_BPF = 247;

/** What some e_machine values are, for messages about a file that is not what was expected. */
export const MACHINE_NAMES: Readonly<Record<number, string>> = {
  3: "x86",
  40: "ARM",
  62: "x86-64",
  183: "AArch64",
  243: "RISC-V",
  247: "BPF",
};

/** Section types (sh_type). */
export const SHT = {
  NULL: 0,
  PROGBITS: 1,
  SYMTAB: 2,
  STRTAB: 3,
  RELA: 4,
  HASH: 5,
  DYNAMIC: 6,
  NOTE: 7,
  NOBITS: 8,
  REL: 9,
  DYNSYM: 11,
  SYMTAB_SHNDX: 18,
} as const;

/** Special section indexes (st_shndx, e_shstrndx). */
export const SHN = {
  UNDEF: 0,
  LORESERVE: 0xff00,
  ABS: 0xfff1,
  COMMON: 0xfff2,
  XINDEX: 0xffff,
} as const;

/** Symbol types: the low 4 bits of st_info. */
export const SYMBOL_TYPES = ["NOTYPE", "OBJECT", "FUNC", "SECTION", "FILE", "COMMON", "TLS"] as const;
/** Symbol bindings: the high 4 bits of st_info. */
export const SYMBOL_BINDS = ["LOCAL", "GLOBAL", "WEAK"] as const;
/** Symbol visibility: the low 2 bits of st_other. */
export const SYMBOL_VISIBILITIES = ["DEFAULT", "INTERNAL", "HIDDEN", "PROTECTED"] as const;
