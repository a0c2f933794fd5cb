import { type Btf, BtfError, parseBtf, renderFuncPrototype } from "../kernel/btf";
import {
  ElfError,
  type ElfFile,
  type ElfSection,
  type ElfSymbol,
  EM_BPF,
  findSection,
  isElf,
  MACHINE_NAMES,
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
  /**
   * Structs and unions of that prototype the object knows only by a forward declaration
   * ("struct task_struct"): libbpf refuses them against the kernel's full definitions.
   */
  forwardDeclared: string[];
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
const BPF_LD_IMM64 = 0x18; // BPF_LD | BPF_IMM | BPF_DW: a callback's address for bpf_loop() and the like
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
      `not a BPF object: ELF machine ${elf.machine} (${MACHINE_NAMES[elf.machine] ?? "unknown"}), expected ${EM_BPF} (BPF); compile with clang -target bpf`,
    );
  }
  if (elf.type !== 1)
    throw new CheckInputError(`not a relocatable BPF object (ELF type ${elf.type}, expected 1)`);
  const symbols = readingElf(() => readSymbols(elf));
  const btf = readObjectBtf(elf);
  const ksymFuncs = btf ? ksymsFunctions(btf) : new Map<string, { prototype: string; forward: string[] }>();

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
        if (insn?.code === BPF_LD_IMM64) {
          // A function's address (a callback) in a program: libbpf loads it as a subprogram of
          // the program, so what the callback calls counts as called by the program. The target
          // is the symbol's offset plus imm, in bytes.
          const symbol = symbols[reloc.symbolIndex];
          const targetSection =
            symbol && symbol.sectionIndex !== 0 ? elf.sections[symbol.sectionIndex] : undefined;
          if (!symbol || !targetSection || !(targetSection.flags & SHF_EXECINSTR)) continue;
          const caller = functionAt(functions, section, reloc.offset);
          const callee = functionAt(functions, targetSection, Number(symbol.value) + insn.imm);
          if (caller && callee) caller.callees.add(callee);
          continue;
        }
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

  const reach = reachability();
  const programs: ScannedProgram[] = functions.all
    .filter((f) => f.isProgram)
    .map((f) => ({
      name: f.name,
      section: f.section.name,
      progType: progTypeOfSection(f.section.name),
      kfuncs: [...reach(f)].sort(),
    }));
  const kfuncs: ScannedKfunc[] = [...kfuncSymbols.values()]
    .map((symbol) => {
      const name = essentialName(symbol.name);
      const callers = functions.all.filter((f) => f.isProgram && reach(f).has(symbol.name));
      return {
        name,
        symbol: symbol.name,
        weak: symbol.bind === "WEAK",
        prototype: ksymFuncs.get(symbol.name)?.prototype ?? null,
        forwardDeclared: ksymFuncs.get(symbol.name)?.forward ?? [],
        programs: callers.map((f) => f.name).sort(),
        progTypes: [...new Set(callers.flatMap((f) => progTypeOfSection(f.section.name) ?? []))].sort(),
      };
    })
    .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return { byteOrder: elf.littleEndian ? "little" : "big", hasBtf: btf !== null, programs, kfuncs };
}

interface FunctionIndex {
  all: Func[];
  /** Each executable section's functions, by start offset. */
  bySection: Map<ElfSection, Func[]>;
}

/** Every FUNC symbol in an executable section, with its byte range, indexed by section and start. */
function collectFunctions(elf: ElfFile, symbols: readonly ElfSymbol[]): FunctionIndex {
  const all: Func[] = [];
  for (const s of symbols) {
    if (s.type !== "FUNC" || s.sectionIndex === 0) continue;
    const section = elf.sections[s.sectionIndex];
    if (!section || !(section.flags & SHF_EXECINSTR)) continue;
    const start = Number(s.value);
    all.push({
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
  const bySection = new Map<ElfSection, Func[]>();
  for (const f of all) bySection.set(f.section, [...(bySection.get(f.section) ?? []), f]);
  for (const list of bySection.values()) list.sort((a, b) => a.start - b.start || b.end - a.end);
  return { all, bySection };
}

/** The function an offset of a section falls in (the innermost, when symbols nest), by binary search. */
function functionAt(functions: FunctionIndex, section: ElfSection, offset: number): Func | undefined {
  const list = functions.bySection.get(section);
  if (!list) return undefined;
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as Func).start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = found; i >= 0; i--) {
    const f = list[i] as Func;
    if (offset < f.end) return f;
  }
  return undefined;
}

/** kfunc symbols each function calls, itself or through the subprograms it reaches; computed once per function. */
function reachability(): (f: Func) => ReadonlySet<string> {
  const memo = new Map<Func, Set<string>>();
  const visit = (root: Func): Set<string> => {
    const known = memo.get(root);
    if (known) return known;
    // Iterative, so a chain of thousands of subprograms cannot overflow the stack; a cycle
    // (recursion, which the verifier refuses anyway) is cut where it closes.
    const found = new Set<string>();
    const seen = new Set<Func>();
    const stack = [root];
    while (stack.length > 0) {
      const f = stack.pop() as Func;
      if (seen.has(f)) continue;
      seen.add(f);
      const done = f === root ? undefined : memo.get(f);
      if (done) {
        for (const k of done) found.add(k);
        continue;
      }
      for (const k of f.kfuncs) found.add(k);
      for (const c of f.callees) stack.push(c);
    }
    memo.set(root, found);
    return found;
  };
  return visit;
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

/** Extern FUNCs in the `.ksyms` DATASEC: name → the prototype as compiled, and its forward declarations. */
function ksymsFunctions(btf: Btf): Map<string, { prototype: string; forward: string[] }> {
  const found = new Map<string, { prototype: string; forward: string[] }>();
  try {
    for (let id = 1; id < btf.typeCount; id++) {
      if (btf.kindOf(id) !== "DATASEC" || btf.nameOf(id) !== ".ksyms") continue;
      const datasec = btf.getType(id);
      if (datasec.kind !== "DATASEC") continue;
      for (const entry of datasec.entries) {
        if (btf.kindOf(entry.type) !== "FUNC") continue;
        found.set(btf.nameOf(entry.type), {
          prototype: renderFuncPrototype(btf, entry.type),
          forward: forwardDeclarations(btf, entry.type),
        });
      }
    }
  } catch (error) {
    if (error instanceof BtfError)
      throw new CheckInputError(`the object's .BTF section is corrupt: ${error.message}`);
    throw error;
  }
  return found;
}

/** The FWD types (through pointers, qualifiers and typedefs) of a FUNC's return value and parameters. */
function forwardDeclarations(btf: Btf, funcId: number): string[] {
  const func = btf.getType(funcId);
  if (func.kind !== "FUNC") return [];
  const proto = btf.getType(func.type);
  if (proto.kind !== "FUNC_PROTO") return [];
  const found = new Set<string>();
  for (const start of [proto.returnType, ...proto.params.map((p) => p.type)]) {
    let id = start;
    for (let depth = 0; depth < 32 && id !== 0; depth++) {
      const type = btf.getType(id);
      if (type.kind === "FWD") {
        found.add(`${type.fwdKind} ${type.name}`);
        break;
      }
      if (
        type.kind !== "PTR" &&
        type.kind !== "TYPEDEF" &&
        type.kind !== "CONST" &&
        type.kind !== "VOLATILE" &&
        type.kind !== "RESTRICT" &&
        type.kind !== "TYPE_TAG"
      )
        break;
      id = type.type;
    }
  }
  return [...found].sort();
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
