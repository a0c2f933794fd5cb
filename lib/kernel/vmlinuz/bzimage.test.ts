import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { extractVmlinux } from "./bzimage";
import { baseBtf, bzImage, compressWith, firstDifference, hasTool, kernelElf } from "./testing/fixtures";
import { VmlinuzError } from "./vmlinuz-error";

// extractVmlinux: the vmlinux ELF out of a bzImage-like file built here, in each compression Debian
// ships (zstd from 6.12 on, xz with the x86 BCJ filter in 6.1) and gzip.

const elf = kernelElf({ btf: baseBtf().bytes, textSize: 64 * 1024 });
const hasZstd = hasTool("zstd");
const hasXz = hasTool("xz");

async function errorOf(bytes: Uint8Array): Promise<VmlinuzError> {
  const error = await extractVmlinux(bytes).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(VmlinuzError);
  return error as VmlinuzError;
}

describe("extractVmlinux", () => {
  it("finds a gzip payload through the setup header", async () => {
    const payload = gzipSync(elf);
    const image = await extractVmlinux(bzImage(payload));
    expect(image.compression).toBe("gzip");
    expect(image.foundBy).toBe("setup header");
    expect(image.payloadOffset).toBe(4 * 512 + 0x3c0);
    expect(firstDifference(image.elf, elf)).toBe("same");
  });

  it.skipIf(!hasZstd)(
    `reads a zstd payload with the kernel's appended size${hasZstd ? "" : " (skipped: no zstd command)"}`,
    async () => {
      const payload = compressWith("zstd", ["-q", "-19", "--no-content-size"], elf) as Uint8Array;
      const image = await extractVmlinux(bzImage(payload, { appendedSize: elf.length }));
      expect(image.compression).toBe("zstd");
      expect(image.payloadLength).toBe(payload.length);
      expect(firstDifference(image.elf, elf)).toBe("same");
    },
  );

  it.skipIf(!hasXz)(
    `reads an xz payload with the x86 BCJ filter, as the kernel writes it${hasXz ? "" : " (skipped: no xz command)"}`,
    async () => {
      const payload = compressWith("xz", ["--check=crc32", "--x86", "--lzma2=dict=1MiB"], elf) as Uint8Array;
      const image = await extractVmlinux(bzImage(payload, { appendedSize: elf.length }));
      expect(image.compression).toBe("xz");
      expect(firstDifference(image.elf, elf)).toBe("same");
    },
  );

  it("falls back to scanning when there is no setup header", async () => {
    const image = await extractVmlinux(bzImage(gzipSync(elf), { noHeader: true }));
    expect(image.foundBy).toBe("scan");
    expect(firstDifference(image.elf, elf)).toBe("same");
  });

  it("takes setup_sects 0 as 4", async () => {
    const image = await extractVmlinux(bzImage(gzipSync(elf), { setupSects: 0 }));
    expect(image.payloadOffset).toBe(5 * 512 + 0x3c0);
  });

  it("says a file is no bzImage when it has neither header nor payload", async () => {
    const error = await errorOf(new TextEncoder().encode("MZ this is a PE file, not a kernel ".repeat(40)));
    expect(error.code).toBe("NOT_BZIMAGE");
    expect(error.message).toMatch(/not an x86 bzImage: no "HdrS" setup header/);
    expect((await errorOf(new Uint8Array(0))).code).toBe("NOT_BZIMAGE");
  });

  it("says a file cut short is truncated", async () => {
    const whole = bzImage(gzipSync(elf));
    const error = await errorOf(whole.subarray(0, 4 * 512 + 0x3c0 + 100));
    expect(error.code).toBe("TRUNCATED");
    expect(error.message).toMatch(/truncated bzImage: the setup header puts the payload at bytes \d+\.\.\d+/);
  });

  it.skipIf(!hasZstd)("says a payload whose stream ends early is truncated", async () => {
    const payload = compressWith("zstd", ["-q"], elf) as Uint8Array;
    // The header's payload_length still fits the file, but the zstd frame inside is cut.
    const error = await errorOf(bzImage(payload.subarray(0, payload.length - 50)));
    expect(error.code).toBe("TRUNCATED");
  });

  it("names an unknown compression, and one it recognises but does not decode", async () => {
    const unknown = await errorOf(bzImage(Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4])));
    expect(unknown.code).toBe("UNKNOWN_COMPRESSION");
    expect(unknown.message).toMatch(/unknown compression format \(starts with de ad be ef 01 02\)/);
    const lz4 = await errorOf(bzImage(Uint8Array.from([0x02, 0x21, 0x4c, 0x18, 0, 0, 0, 0])));
    expect(lz4.code).toBe("UNSUPPORTED_COMPRESSION");
    expect(lz4.message).toMatch(/payload is lz4/);
  });

  it("says when the payload is not an ELF file, or an ELF file without .BTF", async () => {
    const notElf = await errorOf(bzImage(gzipSync(new TextEncoder().encode("just some text"))));
    expect(notElf.code).toBe("NOT_ELF");
    expect(notElf.message).toMatch(/not an ELF file \(starts with 6a 75 73 74\)/);
    const noBtf = await errorOf(bzImage(gzipSync(kernelElf({ btf: null }))));
    expect(noBtf.code).toBe("NOT_ELF");
    expect(noBtf.message).toMatch(/no \.BTF section/);
  });

  it("says a damaged payload is corrupt", async () => {
    const payload = gzipSync(elf);
    payload[payload.length - 6] = (payload[payload.length - 6] as number) ^ 0xff; // the CRC32 in the gzip trailer
    const error = await errorOf(bzImage(payload));
    expect(error.code).toBe("CORRUPT");
  });
});
