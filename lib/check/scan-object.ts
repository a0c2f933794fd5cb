import { type Btf, BtfError, parseBtf, renderFuncPrototype } from "../kernel/btf";
import {
  ElfError,
  type ElfFile,
  type ElfSection,
  type ElfSymbol,
  EM_BPF,
  findSection,
  isElf,
  parseElf,
  readRelocations,
  readSymbols,
  SHT,
  sectionData,
} from "../kernel/elf";
import { essentialName, progTypeOfSection } from "../kernel/section-names";
import { CheckInputError } from "./check-error";

// The kfuncs a compiled BPF object (clang -target bpf, either byte order) references, and which of
// its programs call each one. docs/kernel-facts.md ("kfuncs in a BPF object") says what is read:
//   - the extern FUNCs listed in the `.ksyms` DATASEC of `.BTF`, with the prototype the program was
//     compiled against (typed ksyms, the VARs there, are variables, not kfuncs);
//   - undefined symbols: GLOBAL is a strong reference, WEAK an optional one (`__weak`);
//   - `call` instructions relocated against those symbols, attributed to the function they sit in,
//     and through BPF-to-BPF calls to every program that reaches that function.
// A program is a function in an executable section other than `.text`; its type comes from the
// section name. Pure: bytes in, a description out; bad input throws CheckInputError.

export interface ScannedKfunc {
  /** The name the kernel is asked for: the symbol without a final `___flavour`. */
  name: string;
  /** The symbol as the object spells it ("bpf_foo___v2"). */
  symbol: string;
  /** Declared `__weak`: the program loads without it (libbpf leaves the call unresolved). */
  weak: boolean;
  /** The prototype the program was compiled against, from the object's BTF; null without BTF. */
  prototype: string | null;
  /** Programs (function names) that call it, directly or through subprograms. */
  programs: string[];
  /** Their program types, each once; unknown section names are left out. */
  progTypes: string[];
}

export interface ScannedProgram {
  name: string;
  section: string;
  /** BPF_PROG_TYPE_* without the prefix, or null when the section name is not one libbpf knows. */
  progType: string | null;
  /** The kfunc symbols it calls, as the object spells them. */
  kfuncs: string[];
}

export interface ObjectScan {
  byteOrder: "little" | "big";
  /** The object carries .BTF (built with -g); without it no prototype is known. */
  hasBtf: boolean;
  programs: ScannedProgram[];
  kfuncs: ScannedKfunc[];
}

const SHF_EXECINSTR = 0x4;
const INSN_SIZE = 8;
const BPF_CALL = 0x85; // BPF_JMP | BPF_CALL
const BPF_PSEUDO_CALL = 1;

interface Func {
  name: string;
  section: ElfSection;
  start: number;
  end: number;
  isProgram: boolean;
  kfuncs: Set<string>;
  callees: Set<Func>;
}

export function scanBpfObject(bytes: Uint8Array): ObjectScan {
  if (bytes.length === 0) throw new CheckInputError("empty file: not a BPF object");
  if (!isElf(bytes)) throw new CheckInputError(`not an ELF file (a BPF object starts with 7f 45 4c 46)`);
  const elf = readingElf(() => parseElf(bytes));
  if (elf.machine !== EM_BPF) {
    throw new CheckInputError(
      `not a BPF object: ELF machine ${elf.machine} (${MACHINES[elf.machine] ?? "unknown"}), expected ${EM_BPF} (BPF); compile with clang -target bpf`,
    );
  }
  if (elf.type !== 1)
    throw new CheckInputError(`not a relocatable BPF object (ELF type ${elf.type}, expected 1)`);
  const symbols = readingElf(() => readSymbols(elf));
  const btf = readObjectBtf(elf);
  const ksymFuncs = btf ? ksymsFunctions(btf) : new Map<string, string>();

  // Undefined symbols a `call` is relocated against, or that .ksyms lists as a FUNC.
  const externs = symbols.filter((s) => s.sectionIndex === 0 && s.name !== "" && s.index !== 0);
  const functions = collectFunctions(elf, symbols);
  const kfuncSymbols = new Map<string, ElfSymbol>();
  for (const s of externs) if (ksymFuncs.has(s.name)) kfuncSymbols.set(s.name, s);

  for (const section of elf.sections) {
    if (!(section.flags & SHF_EXECINSTR) || section.type !== SHT.PROGBITS) continue;
    const relocated = new Set<number>();
    const relocs = elf.sections.filter(
      (r) => (r.type === SHT.REL || r.type === SHT.RELA) && r.info === section.index,
    );
    for (const relocSection of relocs) {
      for (const reloc of readingElf(() => readRelocations(elf, relocSection))) {
        const insn = readInsn(elf, section, reloc.offset);
        if (!insn || insn.code !== BPF_CALL) continue;
        relocated.add(reloc.offset);
        const symbol = symbols[reloc.symbolIndex];
        if (!symbol) {
          throw new CheckInputError(
            `relocation at ${section.name}+${reloc.offset} names symbol ${reloc.symbolIndex}, beyond the symbol table`,
          );
        }
        const caller = functionAt(functions, section, reloc.offset);
        if (symbol.sectionIndex === 0) {
          // A call to an undefined symbol is a kfunc call (helpers are called by number).
          if (!btf || ksymFuncs.has(symbol.name) || !isExternVariable(btf, symbol.name)) {
            kfuncSymbols.set(symbol.name, symbol);
            caller?.kfuncs.add(symbol.name);
          }
          continue;
        }
        // A BPF-to-BPF call through a relocation (libbpf: target = st_value / 8 + imm + 1).
        const targetSection = elf.sections[symbol.sectionIndex];
        if (!targetSection) continue;
        const target = Number(symbol.value) + (insn.imm + 1) * INSN_SIZE;
        const callee = functionAt(functions, targetSection, target);
        if (caller && callee) caller.callees.add(callee);
      }
    }
    // BPF-to-BPF calls inside one section need no relocation: the target is pc + imm + 1.
    for (let at = 0; at + INSN_SIZE <= section.size; at += INSN_SIZE) {
      if (relocated.has(at)) continue;
      const insn = readInsn(elf, section, at);
      if (!insn || insn.code !== BPF_CALL || insn.src !== BPF_PSEUDO_CALL) continue;
      const caller = functionAt(functions, section, at);
      const callee = functionAt(functions, section, at + (insn.imm + 1) * INSN_SIZE);
      if (caller && callee) caller.callees.add(callee);
    }
  }

  const programs: ScannedProgram[] = functions
    .filter((f) => f.isProgram)
    .map((f) => ({
      name: f.name,
      section: f.section.name,
      progType: progTypeOfSection(f.section.name),
      kfuncs: [...reachableKfuncs(f)].sort(),
    }));
  const kfuncs: ScannedKfunc[] = [...kfuncSymbols.values()]
    .map((symbol) => {
      const name = essentialName(symbol.name);
      const callers = functions.filter((f) => f.isProgram && reachableKfuncs(f).has(symbol.name));
      return {
        name,
        symbol: symbol.name,
        weak: symbol.bind === "WEAK",
        prototype: ksymFuncs.get(symbol.name) ?? null,
        programs: callers.map((f) => f.name).sort(),
        progTypes: [...new Set(callers.flatMap((f) => progTypeOfSection(f.section.name) ?? []))].sort(),
      };
    })
    .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return { byteOrder: elf.littleEndian ? "little" : "big", hasBtf: btf !== null, programs, kfuncs };
}

/** Every FUNC symbol in an executable section, with its byte range. */
function collectFunctions(elf: ElfFile, symbols: readonly ElfSymbol[]): Func[] {
  const functions: Func[] = [];
  for (const s of symbols) {
    if (s.type !== "FUNC" || s.sectionIndex === 0) continue;
    const section = elf.sections[s.sectionIndex];
    if (!section || !(section.flags & SHF_EXECINSTR)) continue;
    const start = Number(s.value);
    functions.push({
      name: s.name,
      section,
      start,
      // A size of 0 (hand-written assembly) covers up to the next function or the section's end.
      end: s.size > 0 ? start + s.size : section.size,
      isProgram: section.name !== ".text",
      kfuncs: new Set(),
      callees: new Set(),
    });
  }
  return functions;
}

function functionAt(functions: readonly Func[], section: ElfSection, offset: number): Func | undefined {
  let best: Func | undefined;
  for (const f of functions) {
    if (f.section !== section || offset < f.start || offset >= f.end) continue;
    if (!best || f.start > best.start) best = f;
  }
  return best;
}

/** kfunc symbols a function calls, itself or through the subprograms it reaches. */
function reachableKfuncs(root: Func): Set<string> {
  const seen = new Set<Func>();
  const found = new Set<string>();
  const stack = [root];
  while (stack.length > 0) {
    const f = stack.pop() as Func;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const k of f.kfuncs) found.add(k);
    for (const c of f.callees) stack.push(c);
  }
  return found;
}

function readInsn(
  elf: ElfFile,
  section: ElfSection,
  offset: number,
): { code: number; src: number; imm: number } | null {
  if (offset < 0 || offset % INSN_SIZE !== 0 || offset + INSN_SIZE > section.size) return null;
  const at = section.offset + offset;
  const bytes = elf.view.bytes;
  const regs = bytes[at + 1] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, INSN_SIZE);
  return {
    code: bytes[at] ?? 0,
    // The register byte holds dst in the low nibble on little-endian objects, in the high one on big.
    src: elf.littleEndian ? regs >> 4 : regs & 0xf,
    imm: view.getInt32(4, elf.littleEndian),
  };
}

function readObjectBtf(elf: ElfFile): Btf | null {
  const section = findSection(elf, ".BTF");
  if (!section) return null;
  try {
    return parseBtf(sectionData(elf, section));
  } catch (error) {
    if (error instanceof BtfError)
      throw new CheckInputError(`the object's .BTF section is corrupt: ${error.message}`);
    throw error;
  }
}

/** Extern FUNCs in the `.ksyms` DATASEC: name → the prototype as compiled. */
function ksymsFunctions(btf: Btf): Map<string, string> {
  const found = new Map<string, string>();
  try {
    for (let id = 1; id < btf.typeCount; id++) {
      if (btf.kindOf(id) !== "DATASEC" || btf.nameOf(id) !== ".ksyms") continue;
      const datasec = btf.getType(id);
      if (datasec.kind !== "DATASEC") continue;
      for (const entry of datasec.entries) {
        if (btf.kindOf(entry.type) !== "FUNC") continue;
        found.set(btf.nameOf(entry.type), renderFuncPrototype(btf, entry.type));
      }
    }
  } catch (error) {
    if (error instanceof BtfError)
      throw new CheckInputError(`the object's .BTF section is corrupt: ${error.message}`);
    throw error;
  }
  return found;
}

/** A `.kconfig` or typed `__ksym` variable: the object's BTF has it as a VAR. */
function isExternVariable(btf: Btf, name: string): boolean {
  for (let id = 1; id < btf.typeCount; id++) {
    if (btf.kindOf(id) === "VAR" && btf.nameOf(id) === name) return true;
  }
  return false;
}

function readingElf<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ElfError) throw new CheckInputError(`corrupt ELF file: ${error.message}`);
    throw error;
  }
}

const MACHINES: Record<number, string> = {
  3: "x86",
  40: "ARM",
  62: "x86-64",
  183: "AArch64",
  243: "RISC-V",
  247: "BPF",
};
