import { type Btf, BtfError, extractBtf, parseBtf, sniffBtfEndianness } from "../kernel/btf";
import { ElfError, EM_BPF, findSection, isElf, MACHINE_NAMES, parseElf } from "../kernel/elf";
import { CheckInputError } from "./check-error";
import { type ObjectScan, scanBpfObject } from "./scan-object";
import { scanKsymDeclarations } from "./scan-text";

// What an uploaded or named file is, told by its first bytes: a BPF object (ELF), a kernel's BTF
// (raw, as /sys/kernel/btf/vmlinux, or the .BTF of a vmlinux ELF), or text (C source with __ksym declarations). Anything else
// is refused with a message that names what was found. Readers' own errors become input errors.

/** Large enough for any BPF object and for vmlinux BTF (about 6 MB on a full-config kernel). */
export const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;

export type CheckUpload =
  | { kind: "object"; scan: ObjectScan }
  | { kind: "btf"; btf: Btf }
  | { kind: "source"; references: ReturnType<typeof scanKsymDeclarations> };

export function readUpload(bytes: Uint8Array, name: string): CheckUpload {
  if (bytes.length > MAX_UPLOAD_BYTES) {
    throw new CheckInputError(`${name} is ${bytes.length} bytes; the limit is ${MAX_UPLOAD_BYTES} (16 MiB)`);
  }
  if (bytes.length === 0) throw new CheckInputError(`${name} is empty`);
  try {
    if (isElf(bytes)) {
      // A BPF object, or a kernel image (vmlinux, a .ko) whose .BTF is the kernel's own.
      if (bytes.length < 20 || parseElf(bytes).machine === EM_BPF)
        return { kind: "object", scan: scanBpfObject(bytes) };
      const elf = parseElf(bytes);
      if (!findSection(elf, ".BTF")) {
        const machine = MACHINE_NAMES[elf.machine];
        throw new CheckInputError(
          `an ELF file for machine ${elf.machine}${machine ? ` (${machine})` : ""} without a .BTF section: neither a BPF object (clang -target bpf) nor a kernel image with BTF`,
        );
      }
      return { kind: "btf", btf: parseBtf(extractBtf(bytes).btf) };
    }
    if (sniffBtfEndianness(bytes) !== null) return { kind: "btf", btf: parseBtf(bytes) };
  } catch (error) {
    if (error instanceof BtfError) throw new CheckInputError(`${name}: corrupt BTF: ${error.message}`);
    if (error instanceof ElfError) throw new CheckInputError(`${name}: corrupt ELF: ${error.message}`);
    if (error instanceof CheckInputError) throw new CheckInputError(`${name}: ${error.message}`);
    throw error;
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 4096));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: binary data is what is detected
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new CheckInputError(
      `${name} is neither a BPF object (ELF, 7f 45 4c 46) nor BTF (9f eb) nor C source: it starts with ${head}`,
    );
  }
  try {
    return { kind: "source", references: scanKsymDeclarations(new TextDecoder().decode(bytes)) };
  } catch (error) {
    if (error instanceof CheckInputError) {
      throw new CheckInputError(
        `${name} is text, not a BPF object or BTF, and holds no kfunc declarations (extern … __ksym;)`,
      );
    }
    throw error;
  }
}
