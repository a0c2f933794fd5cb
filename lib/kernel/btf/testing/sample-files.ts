import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SHT } from "../../elf/elf-constants";
import { buildElf, type SectionSpec } from "../../elf/testing/elf-writer";
import { BtfWriter } from "./btf-writer";

// Small BTF inputs on disk for the file reader and CLI tests: a base BTF with two kfuncs, a split
// BTF with one, the base wrapped in an ELF file, and a scratch directory to put them in.

export function sampleBaseWriter(): { w: BtfWriter; int: number; sock: number } {
  const w = new BtfWriter();
  const int = w.int("int", 4, { signed: true });
  const sock = w.struct("sock", 0, []);
  const mask = w.struct("bpf_cpumask", 16, []);
  const create = w.func("bpf_cpumask_create", w.funcProto(w.ptr(mask), []));
  w.declTag("bpf_kfunc", create);
  const voidPtr = w.ptr(0);
  const cast = w.func("bpf_cast_to_kern_ctx", w.funcProto(voidPtr, [["obj", voidPtr]]));
  w.declTag("bpf_fastcall", cast);
  w.declTag("bpf_kfunc", cast);
  return { w, int, sock };
}

export function sampleSplit(): { base: Uint8Array; split: Uint8Array } {
  const { w: baseWriter, int, sock } = sampleBaseWriter();
  const w = new BtfWriter({ typeCount: baseWriter.nextId, strLen: baseWriter.strLen });
  const f = w.func("bbr_ssthresh", w.funcProto(int, [["sk", w.ptr(sock)]]));
  w.declTag("bpf_kfunc", f);
  return { base: baseWriter.build(), split: w.build() };
}

export function elfWithBtf(btf: Uint8Array | null, littleEndian = true): Uint8Array {
  const sections: SectionSpec[] = [{ name: ".text", type: SHT.PROGBITS, data: new Uint8Array(8) }];
  if (btf) sections.push({ name: ".BTF", type: SHT.PROGBITS, data: btf });
  return buildElf(sections, { littleEndian });
}

export interface ScratchDir {
  dir: string;
  write(name: string, bytes: Uint8Array | string): string;
  remove(): void;
}

export function scratchDir(): ScratchDir {
  const dir = mkdtempSync(path.join(tmpdir(), "kfunc-btf-files-"));
  return {
    dir,
    write(name, bytes) {
      const file = path.join(dir, name);
      writeFileSync(file, bytes);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
