import * as zlib from "node:zlib";
import { decompress as fzstdDecompress } from "fzstd";
import { VmlinuzError } from "./vmlinuz-error";
import { decompressXz, isXz } from "./xz";

// The compression formats of kernel payloads and module files, told apart by their magic bytes.
// Decoded: what Debian ships (zstd payloads from 6.12 on, an xz payload with the x86 BCJ filter in
// 6.1, .ko.xz modules) and gzip. Recognised but not decoded: the kernel's other choices (lz4, lzo,
// lzma, bzip2), which Debian's amd64 kernels do not use.

export type Compression = "zstd" | "xz" | "gzip";

const DECODED: [Compression, number[]][] = [
  ["zstd", [0x28, 0xb5, 0x2f, 0xfd]],
  ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ["gzip", [0x1f, 0x8b, 0x08]],
];
const RECOGNISED: [string, number[]][] = [
  ["lz4", [0x02, 0x21, 0x4c, 0x18]],
  ["lzo", [0x89, 0x4c, 0x5a, 0x4f]],
  ["bzip2", [0x42, 0x5a, 0x68]],
  ["lzma", [0x5d, 0x00, 0x00]],
];

function startsWith(bytes: Uint8Array, at: number, magic: number[]): boolean {
  return at + magic.length <= bytes.length && magic.every((b, i) => bytes[at + i] === b);
}

/** The decodable format whose magic is at `at`, else null. */
export function sniffCompression(bytes: Uint8Array, at = 0): Compression | null {
  return DECODED.find(([, magic]) => startsWith(bytes, at, magic))?.[0] ?? null;
}

/** The name of a kernel compression format this reader recognises but does not decode, else null. */
export function sniffUnsupported(bytes: Uint8Array, at = 0): string | null {
  return RECOGNISED.find(([, magic]) => startsWith(bytes, at, magic))?.[0] ?? null;
}

export interface DecompressOptions {
  /** The decompressed size when known (the kernel appends it to its payload): faster, and checked. */
  size?: number;
  /** Names the input in messages, e.g. a file path. */
  what?: string;
}

export async function decompress(
  bytes: Uint8Array,
  format: Compression,
  opts: DecompressOptions = {},
): Promise<Uint8Array> {
  const what = opts.what ?? `${format} data`;
  switch (format) {
    case "xz":
      if (!isXz(bytes)) throw new VmlinuzError("CORRUPT", `${what}: not the .xz format`, 0);
      return decompressXz(bytes, what);
    case "zstd":
      return decompressZstd(bytes, opts.size, what);
    case "gzip":
      try {
        return plain(zlib.gunzipSync(bytes));
      } catch (error) {
        const message = (error as Error).message;
        const code = /unexpected end/i.test(message) ? "TRUNCATED" : "CORRUPT";
        throw new VmlinuzError(code, `${what}: gzip: ${message}`);
      }
  }
}

// Node 22.15+ has zstd in zlib (native, fast); on Node 20 fzstd (pure JS) decodes, much faster
// when it is given an output buffer of the right size.
type ZstdSync = (buf: Uint8Array, options?: { maxOutputLength?: number }) => Buffer;
const nativeZstd = (zlib as unknown as { zstdDecompressSync?: ZstdSync }).zstdDecompressSync;

function decompressZstd(bytes: Uint8Array, size: number | undefined, what: string): Uint8Array {
  let out: Uint8Array;
  try {
    out = nativeZstd
      ? plain(nativeZstd(bytes))
      : fzstdDecompress(bytes, size === undefined ? undefined : new Uint8Array(size));
  } catch (error) {
    const message = (error as Error).message;
    const code = /unexpected EOF|unexpected end/i.test(message) ? "TRUNCATED" : "CORRUPT";
    throw new VmlinuzError(code, `${what}: zstd: ${message}`);
  }
  if (size !== undefined && out.length !== size) {
    throw new VmlinuzError("CORRUPT", `${what}: zstd: ${out.length} bytes decoded, expected ${size}`);
  }
  return out;
}

/** A Buffer's bytes as a plain Uint8Array (same memory), so callers see one type. */
function plain(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * Where a zstd frame starting at `at` ends (walking its block headers), or null when the bytes end
 * first. Used to cut the kernel's appended size off a payload and to find a payload by scanning.
 */
export function zstdFrameEnd(bytes: Uint8Array, at: number): number | null {
  const fhd = bytes[at + 4];
  if (fhd === undefined) return null;
  const fcsFlag = fhd >>> 6;
  const singleSegment = (fhd & 0x20) !== 0;
  const checksum = (fhd & 0x04) !== 0;
  const dictIdSize = [0, 1, 2, 4][fhd & 0x03] as number;
  const fcsSize = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag] as number;
  let p = at + 5 + (singleSegment ? 0 : 1) + dictIdSize + fcsSize;
  for (;;) {
    if (p + 3 > bytes.length) return null;
    const header = (bytes[p] as number) | ((bytes[p + 1] as number) << 8) | ((bytes[p + 2] as number) << 16);
    const last = (header & 1) === 1;
    const type = (header >>> 1) & 3;
    const blockSize = header >>> 3;
    if (type === 3) return null; // reserved: not zstd
    p += 3 + (type === 1 ? 1 : blockSize);
    if (last) break;
  }
  p += checksum ? 4 : 0;
  return p <= bytes.length ? p : null;
}
