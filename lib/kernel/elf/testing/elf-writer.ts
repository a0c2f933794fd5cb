import { EM_BPF, SHT } from "../elf-constants";

// Builds small ELF64 relocatable files for tests: the given sections (indexes 1..n), then
// .shstrtab, then the section header table.

export interface SectionSpec {
  name: string;
  type: number;
  data: Uint8Array;
  link?: number;
  info?: number;
  entsize?: number;
  flags?: number;
}

export interface ElfWriterOptions {
  littleEndian?: boolean;
  machine?: number;
}

export function buildElf(sections: SectionSpec[], opts: ElfWriterOptions = {}): Uint8Array {
  const le = opts.littleEndian ?? true;
  const names = [0];
  const nameOffsets: number[] = [];
  for (const name of [...sections.map((s) => s.name), ".shstrtab"]) {
    nameOffsets.push(names.length);
    names.push(...new TextEncoder().encode(name), 0);
  }
  const all: SectionSpec[] = [
    ...sections,
    { name: ".shstrtab", type: SHT.STRTAB, data: Uint8Array.from(names) },
  ];

  let offset = 64;
  const offsets = all.map((s) => {
    offset = align8(offset);
    const at = offset;
    offset += s.data.length;
    return at;
  });
  const shoff = align8(offset);
  const shnum = all.length + 1;
  const bytes = new Uint8Array(shoff + shnum * 64);
  const view = new DataView(bytes.buffer);

  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, le ? 1 : 2, 1]);
  view.setUint16(16, 1, le); // ET_REL
  view.setUint16(18, opts.machine ?? EM_BPF, le);
  view.setUint32(20, 1, le);
  view.setBigUint64(40, BigInt(shoff), le);
  view.setUint16(52, 64, le);
  view.setUint16(58, 64, le);
  view.setUint16(60, shnum, le);
  view.setUint16(62, shnum - 1, le);

  all.forEach((s, i) => {
    const at = shoff + (i + 1) * 64;
    bytes.set(s.data, offsets[i] ?? 0);
    view.setUint32(at, nameOffsets[i] ?? 0, le);
    view.setUint32(at + 4, s.type, le);
    view.setBigUint64(at + 8, BigInt(s.flags ?? 0), le);
    view.setBigUint64(at + 24, BigInt(offsets[i] ?? 0), le);
    view.setBigUint64(at + 32, BigInt(s.data.length), le);
    view.setUint32(at + 40, s.link ?? 0, le);
    view.setUint32(at + 44, s.info ?? 0, le);
    view.setBigUint64(at + 48, 8n, le);
    view.setBigUint64(at + 56, BigInt(s.entsize ?? 0), le);
  });
  return bytes;
}

export interface SymbolSpec {
  name: string;
  /** STT_* */
  type: number;
  /** STB_* */
  bind: number;
  sectionIndex: number;
  value?: bigint;
  size?: number;
}

/** A .symtab (with the null symbol first) and its .strtab. */
export function buildSymtab(
  symbols: SymbolSpec[],
  littleEndian = true,
): { symtab: Uint8Array; strtab: Uint8Array } {
  const strings = [0];
  const symtab = new Uint8Array((symbols.length + 1) * 24);
  const view = new DataView(symtab.buffer);
  symbols.forEach((s, i) => {
    const at = (i + 1) * 24;
    view.setUint32(at, strings.length, littleEndian);
    strings.push(...new TextEncoder().encode(s.name), 0);
    view.setUint8(at + 4, (s.bind << 4) | s.type);
    view.setUint16(at + 6, s.sectionIndex, littleEndian);
    view.setBigUint64(at + 8, s.value ?? 0n, littleEndian);
    view.setBigUint64(at + 16, BigInt(s.size ?? 0), littleEndian);
  });
  return { symtab, strtab: Uint8Array.from(strings) };
}

/** An SHT_REL section body: r_offset, then r_info = symbol << 32 | type. */
export function buildRel(
  entries: { offset: number; symbolIndex: number; type: number }[],
  littleEndian = true,
) {
  const bytes = new Uint8Array(entries.length * 16);
  const view = new DataView(bytes.buffer);
  entries.forEach((e, i) => {
    view.setBigUint64(i * 16, BigInt(e.offset), littleEndian);
    view.setBigUint64(i * 16 + 8, (BigInt(e.symbolIndex) << 32n) | BigInt(e.type), littleEndian);
  });
  return bytes;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
