import { spawnSync } from "node:child_process";
import { BTF_KIND } from "../../btf/btf-kinds";
import { BtfWriter } from "../../btf/testing/btf-writer";
import { sampleBaseWriter } from "../../btf/testing/sample-files";
import { seededRandom } from "../../btf/testing/seeded-random";
import { SHT } from "../../elf/elf-constants";
import { buildElf, type SectionSpec } from "../../elf/testing/elf-writer";

// Small kernel-build inputs made in the test: a vmlinux-like ELF with a .BTF section, a bzImage-like
// wrapper around a compressed payload, and a module ELF whose split BTF borrows the base's strings.

export const EM_X86_64 = 62;

/** A base BTF with two kfuncs (one also bpf_fastcall) and an untagged FUNC; what a module builds on. */
export function baseBtf() {
  const { w, int, sock } = sampleBaseWriter();
  w.func("bpf_wq_set_callback_impl", w.funcProto(int, []));
  return { w, int, sock, bytes: w.build() };
}

/**
 * A module's split BTF against `base`: one tagged kfunc (and one untagged FUNC). The DECL_TAG's name
 * is the base's "bpf_kfunc" string, so the module's own bytes never contain that string.
 */
export function moduleBtf(base: ReturnType<typeof baseBtf>, kfunc = "bbr_ssthresh"): Uint8Array {
  const w = new BtfWriter({ typeCount: base.w.nextId, strLen: base.w.strLen });
  const f = w.func(kfunc, w.funcProto(base.int, [["sk", w.ptr(base.sock)]]));
  w.func(`${kfunc}_helper`, w.funcProto(base.int, []));
  w.record(base.w.str("bpf_kfunc"), BTF_KIND.DECL_TAG, 0, false, f, [-1]);
  return w.build();
}

/** An x86-64 ELF with some code-like bytes (E8/E9 opcodes, for the BCJ filter) and optional .BTF and .modinfo. */
export function kernelElf(
  opts: { btf?: Uint8Array | null; modinfo?: string; textSize?: number } = {},
): Uint8Array {
  const random = seededRandom(7);
  const text = new Uint8Array(opts.textSize ?? 4096);
  for (let i = 0; i < text.length; i++) text[i] = i % 7 === 0 ? 0xe8 : Math.floor(random() * 256);
  const sections: SectionSpec[] = [{ name: ".text", type: SHT.PROGBITS, data: text }];
  if (opts.modinfo !== undefined) {
    sections.push({ name: ".modinfo", type: SHT.PROGBITS, data: new TextEncoder().encode(opts.modinfo) });
  }
  if (opts.btf) sections.push({ name: ".BTF", type: SHT.PROGBITS, data: opts.btf });
  return buildElf(sections, { machine: EM_X86_64 });
}

export interface BzImageOptions {
  /** Append the decompressed size as 4 little-endian bytes (the kernel does for xz and zstd). */
  appendedSize?: number;
  /** Leave out the "HdrS" setup header (a payload only found by scanning). */
  noHeader?: boolean;
  setupSects?: number;
}

/**
 * A bzImage-like file: setup sectors with a boot flag and a "HdrS" header (protocol 2.15), then
 * protected-mode "code" holding the payload at payload_offset, and some bytes after it.
 */
export function bzImage(payload: Uint8Array, opts: BzImageOptions = {}): Uint8Array {
  const setupSects = opts.setupSects ?? 3;
  const protectedStart = ((setupSects || 4) + 1) * 512;
  const payloadOffset = 0x3c0;
  const trailer = opts.appendedSize === undefined ? 0 : 4;
  const length = payload.length + trailer;
  const bytes = new Uint8Array(protectedStart + payloadOffset + length + 256);
  const view = new DataView(bytes.buffer);
  bytes.fill(0x90, protectedStart, protectedStart + payloadOffset); // "code" before the payload
  bytes.set(payload, protectedStart + payloadOffset);
  if (opts.appendedSize !== undefined)
    view.setUint32(protectedStart + payloadOffset + payload.length, opts.appendedSize, true);
  if (!opts.noHeader) {
    bytes[0x1f1] = setupSects;
    view.setUint16(0x1fe, 0xaa55, true);
    bytes.set([0x48, 0x64, 0x72, 0x53], 0x202); // "HdrS"
    view.setUint16(0x206, 0x020f, true);
    view.setUint32(0x248, payloadOffset, true);
    view.setUint32(0x24c, length, true);
  }
  return bytes;
}

/** Compress with a command-line tool (zstd, xz), or null when it is not installed. */
export function compressWith(tool: "zstd" | "xz", args: string[], input: Uint8Array): Uint8Array | null {
  const run = spawnSync(tool, [...args, "-c"], { input, maxBuffer: 256 * 1024 * 1024 });
  if (run.error || run.status !== 0) return null;
  return new Uint8Array(run.stdout);
}

export function hasTool(tool: string): boolean {
  return spawnSync(tool, ["--version"], { stdio: "ignore" }).status === 0;
}

/** Where two byte arrays first differ ("same" when equal): fast, unlike a deep toEqual on big arrays. */
export function firstDifference(actual: Uint8Array, expected: Uint8Array): string {
  if (Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(expected)) return "same";
  const n = Math.min(actual.length, expected.length);
  let i = 0;
  while (i < n && actual[i] === expected[i]) i++;
  return `differ at byte ${i} (lengths ${actual.length} and ${expected.length})`;
}
