import { describe, expect, it } from "vitest";
import { seededRandom } from "../btf/testing/seeded-random";
import { compressWith, firstDifference, hasTool } from "./testing/fixtures";
import { VmlinuzError } from "./vmlinuz-error";
import { decompressXz, readXzStream, xzStreamEnd } from "./xz";

// decompressXz: .xz files as the xz command writes them (modules: LZMA2 only; the kernel payload:
// x86 BCJ + LZMA2), several blocks, and damaged or cut files.

const hasXz = hasTool("xz");
const title = (t: string) => (hasXz ? t : `${t} (skipped: no xz command)`);

/** Bytes that look enough like x86 code for the BCJ filter to rewrite many of them. */
function codeLike(size: number, seed = 1): Uint8Array {
  const random = seededRandom(seed);
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const r = random();
    bytes[i] =
      r < 0.08 ? 0xe8 : r < 0.12 ? 0xe9 : r < 0.3 ? 0x00 : r < 0.35 ? 0xff : Math.floor(random() * 256);
  }
  return bytes;
}

async function xzError(bytes: Uint8Array): Promise<VmlinuzError> {
  const error = await decompressXz(bytes, "test.xz").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(VmlinuzError);
  return error as VmlinuzError;
}

describe.skipIf(!hasXz)(title("decompressXz"), () => {
  const data = codeLike(300_000);

  it("decodes LZMA2-only streams with each integrity check", async () => {
    for (const check of ["none", "crc32", "crc64", "sha256"]) {
      const xz = compressWith("xz", [`--check=${check}`], data) as Uint8Array;
      expect(firstDifference(await decompressXz(xz), data)).toBe("same");
    }
  });

  it("undoes the x86 BCJ filter, with and without a start offset, over several blocks", async () => {
    for (const args of [
      ["--check=crc32", "--x86", "--lzma2=dict=1MiB"],
      ["--check=crc32", "--x86=start=4096", "--lzma2"],
      ["--check=crc32", "--block-size=65536", "--x86", "--lzma2"],
      ["--check=crc64", "--x86", "--lzma2"],
    ]) {
      const xz = compressWith("xz", args, data) as Uint8Array;
      const stream = readXzStream(xz);
      expect(stream.blocks[0]?.filters.map((f) => f.id)).toEqual([0x04, 0x21]);
      expect(firstDifference(await decompressXz(xz), data)).toBe("same");
    }
    const blocks = readXzStream(
      compressWith("xz", ["--block-size=65536", "--x86", "--lzma2"], data) as Uint8Array,
    );
    expect(blocks.blocks.length).toBe(5);
  });

  it("finds where a stream ends when other bytes follow it", () => {
    const xz = compressWith("xz", ["--check=crc32"], data) as Uint8Array;
    const followed = new Uint8Array(xz.length + 4);
    followed.set(xz);
    followed.set([1, 2, 3, 4], xz.length);
    expect(xzStreamEnd(followed)).toBe(xz.length);
    expect(xzStreamEnd(followed.subarray(0, xz.length - 1))).toBeNull();
  });

  it("says a cut file is truncated", async () => {
    const xz = compressWith("xz", ["--check=crc32"], data) as Uint8Array;
    const error = await xzError(xz.subarray(0, xz.length - 100));
    expect(error.code).toBe("TRUNCATED");
    expect(error.message).toMatch(/^test\.xz: no stream footer/);
    expect((await xzError(xz.subarray(0, 8))).code).toBe("TRUNCATED");
  });

  it("says damaged data is corrupt, for LZMA2 and for BCJ streams", async () => {
    for (const args of [["--check=crc32"], ["--check=crc32", "--x86", "--lzma2"]]) {
      const xz = compressWith("xz", args, data) as Uint8Array;
      const damaged = xz.slice();
      const middle = Math.floor(xz.length / 2);
      damaged[middle] = (damaged[middle] as number) ^ 0x55;
      const error = await xzError(damaged);
      expect(error.code).toBe("CORRUPT");
      expect(error.message).toMatch(/^test\.xz: /);
    }
  });

  it("names a filter it does not decode", async () => {
    const xz = compressWith("xz", ["--arm64", "--lzma2"], data);
    if (!xz) return; // an xz older than 5.4 has no ARM64 filter
    const error = await xzError(xz);
    expect(error.code).toBe("UNSUPPORTED_COMPRESSION");
    expect(error.message).toMatch(/the ARM64 BCJ filter/);
  });
});
