import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { crc32 } from "node:zlib";
import { bcjX86Decode } from "./bcj-x86";
import { VmlinuzError } from "./vmlinuz-error";

// xz decompression for kernel payloads and .ko.xz modules, over xz-decompress (xz-embedded in wasm).
//
// The .xz container is read here first (stream header, the index found through the footer, each
// block's header), which gives the exact output size, finds truncation before any decoding, and
// lets the x86 BCJ filter the kernel uses (`xz --x86 --lzma2`) be handled although the wasm decoder
// has no BCJ: such a stream is re-wrapped as LZMA2-only blocks (no integrity check), decoded, then
// the BCJ filter is undone here and the original checks are verified here. Streams with a SHA-256
// check, which the wasm decoder does not support, take the same road.
//
// Layout (tukaani.org/xz/xz-file-format.txt): stream header (12 bytes: magic FD 37 7A 58 5A 00, flags,
// CRC32), blocks (header, compressed data, padding to 4, check), index (0x00, record count, records of
// unpadded and uncompressed size, padding, CRC32), stream footer (CRC32, backward size, flags, "YZ").
// Only single-stream files are read (what `xz` writes for one input); trailing zero padding is allowed.

// xz-decompress is a webpack-built CommonJS bundle whose named exports Node's ESM loader cannot
// detect, so it is loaded with require() (as in lib/kernel/extract/tarball-provider.ts).
const { XzReadableStream } = createRequire(import.meta.url)(
  "xz-decompress",
) as typeof import("xz-decompress");

const MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const FILTER_LZMA2 = 0x21;
const FILTER_X86 = 0x04;
/** Check field sizes by check type (0 none, 1 CRC32, 4 CRC64, 10 SHA-256; others reserved sizes). */
const CHECK_SIZES = [0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64];
const FILTER_NAMES: Record<number, string> = {
  3: "delta",
  5: "PowerPC BCJ",
  6: "IA-64 BCJ",
  7: "ARM BCJ",
  8: "ARM-Thumb BCJ",
  9: "SPARC BCJ",
  10: "ARM64 BCJ",
  11: "RISC-V BCJ",
};
// xz-embedded's return codes, as xz-decompress reports them ("get_next_output failed with error code N").
const XZ_ERRORS: Record<number, [VmlinuzError["code"], string]> = {
  2: ["UNSUPPORTED_COMPRESSION", "unsupported integrity check"],
  3: ["CORRUPT", "out of memory"],
  4: ["CORRUPT", "memory limit reached"],
  5: ["CORRUPT", "not the .xz format"],
  6: ["UNSUPPORTED_COMPRESSION", "unsupported xz options"],
  7: ["CORRUPT", "corrupt compressed data"],
  8: ["TRUNCATED", "the compressed data ends early"],
};

export function isXz(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && MAGIC.every((b, i) => bytes[i] === b);
}

interface XzFilter {
  id: number;
  props: Uint8Array;
}

interface XzBlock {
  /** Offset of the block header in the input. */
  start: number;
  headerSize: number;
  filters: XzFilter[];
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the check field (after the data and its padding). */
  checkAt: number;
}

interface XzStream {
  checkType: number;
  blocks: XzBlock[];
  uncompressedSize: number;
}

/** Integrity checks the wasm decoder verifies itself: none, CRC32, CRC64 (not SHA-256). */
const WASM_CHECKS = new Set([0, 1, 4]);

/** Decompress a whole .xz file (one stream). `what` names the input in messages. */
export async function decompressXz(bytes: Uint8Array, what = "xz data"): Promise<Uint8Array> {
  const stream = readXzStream(bytes, what);
  const rewrap = stream.blocks.some((b) => b.filters.length > 1) || !WASM_CHECKS.has(stream.checkType);
  const out = await runWasm(rewrap ? lzma2Only(bytes, stream) : bytes, stream.uncompressedSize, what);
  if (rewrap) {
    const checkSize = CHECK_SIZES[stream.checkType] ?? 0;
    let at = 0;
    for (const block of stream.blocks) {
      const data = out.subarray(at, at + block.uncompressedSize);
      // Filters are listed in encoding order, the last being LZMA2: undo the others last to first.
      for (const filter of block.filters.slice(0, -1).reverse()) {
        bcjX86Decode(data, filter.props.length === 4 ? readU32(filter.props, 0) : 0);
      }
      const stored = bytes.subarray(block.checkAt, block.checkAt + checkSize);
      if (!checkMatches(stream.checkType, data, stored)) {
        throw new VmlinuzError(
          "CORRUPT",
          `${what}: integrity check mismatch in the block at byte ${block.start}`,
        );
      }
      at += block.uncompressedSize;
    }
  }
  return out;
}

/** Whether `stored` is the check of `data` (check types other than CRC32, CRC64, SHA-256 are not verified). */
function checkMatches(checkType: number, data: Uint8Array, stored: Uint8Array): boolean {
  if (checkType === 1) return crc32(data) === readU32(stored, 0);
  if (checkType === 4) {
    const [lo, hi] = crc64(data);
    return lo === readU32(stored, 0) && hi === readU32(stored, 4);
  }
  if (checkType === 10) return createHash("sha256").update(data).digest().equals(stored);
  return true;
}

// CRC-64/XZ (ECMA-182 polynomial, reflected: 0xC96C5795D7870F42), as two 32-bit halves.
let crc64Table: [Uint32Array, Uint32Array] | null = null;

function crc64(data: Uint8Array): [lo: number, hi: number] {
  if (!crc64Table) {
    const tLo = new Uint32Array(256);
    const tHi = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let lo = n;
      let hi = 0;
      for (let k = 0; k < 8; k++) {
        const lsb = lo & 1;
        lo = ((lo >>> 1) | (hi << 31)) >>> 0;
        hi >>>= 1;
        if (lsb) {
          lo = (lo ^ 0xd7870f42) >>> 0;
          hi = (hi ^ 0xc96c5795) >>> 0;
        }
      }
      tLo[n] = lo;
      tHi[n] = hi;
    }
    crc64Table = [tLo, tHi];
  }
  const [tLo, tHi] = crc64Table;
  let lo = 0xffffffff;
  let hi = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    const idx = (lo ^ (data[i] as number)) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ (tLo[idx] as number);
    hi = (hi >>> 8) ^ (tHi[idx] as number);
  }
  return [(lo ^ 0xffffffff) >>> 0, (hi ^ 0xffffffff) >>> 0];
}

/** The container's structure; throws TRUNCATED / CORRUPT / UNSUPPORTED_COMPRESSION. */
export function readXzStream(bytes: Uint8Array, what = "xz data"): XzStream {
  const fail = (code: VmlinuzError["code"], detail: string, at: number | null = null): never => {
    throw new VmlinuzError(code, `${what}: ${detail}`, at);
  };
  if (!isXz(bytes)) fail("CORRUPT", "not the .xz format (no FD 37 7A 58 5A 00 magic)", 0);
  if (bytes.length < 12) fail("TRUNCATED", `the file ends inside the stream header (${bytes.length} bytes)`);
  if (crc32(bytes.subarray(6, 8)) !== readU32(bytes, 8)) fail("CORRUPT", "stream header CRC32 mismatch", 8);
  const checkType = (bytes[7] as number) & 0x0f;

  // Stream padding (zero bytes in groups of four) may follow the footer.
  let end = bytes.length;
  while (end >= 4 && end % 4 === 0 && readU32(bytes, end - 4) === 0) end -= 4;
  if (end < 24 || bytes[end - 2] !== 0x59 || bytes[end - 1] !== 0x5a) {
    fail("TRUNCATED", "no stream footer (the file is cut short, or has trailing data)", end);
  }
  const footer = end - 12;
  if (crc32(bytes.subarray(footer + 4, footer + 10)) !== readU32(bytes, footer)) {
    fail("CORRUPT", "stream footer CRC32 mismatch", footer);
  }
  const indexSize = (readU32(bytes, footer + 4) + 1) * 4;
  const indexStart = footer - indexSize;
  if (indexStart < 12 || bytes[indexStart] !== 0x00) fail("CORRUPT", "bad index", Math.max(indexStart, 0));
  if (crc32(bytes.subarray(indexStart, footer - 4)) !== readU32(bytes, footer - 4)) {
    fail("CORRUPT", "index CRC32 mismatch", indexStart);
  }

  const cursor = { at: indexStart + 1 };
  const count = readVarint(bytes, cursor, footer, what);
  const records: [unpadded: number, uncompressed: number][] = [];
  for (let i = 0; i < count; i++) {
    records.push([readVarint(bytes, cursor, footer, what), readVarint(bytes, cursor, footer, what)]);
  }

  const checkSize = CHECK_SIZES[checkType] ?? 0;
  const blocks: XzBlock[] = [];
  let at = 12;
  let uncompressedSize = 0;
  for (const [unpadded, uncompressed] of records) {
    const headerSize = ((bytes[at] as number) + 1) * 4;
    if (bytes[at] === 0 || at + headerSize > indexStart) fail("CORRUPT", "bad block header", at);
    if (crc32(bytes.subarray(at, at + headerSize - 4)) !== readU32(bytes, at + headerSize - 4)) {
      fail("CORRUPT", "block header CRC32 mismatch", at);
    }
    const flags = bytes[at + 1] as number;
    const h = { at: at + 2 };
    if (flags & 0x40) readVarint(bytes, h, at + headerSize, what); // compressed size
    if (flags & 0x80) readVarint(bytes, h, at + headerSize, what); // uncompressed size
    const filters: XzFilter[] = [];
    for (let i = 0; i <= (flags & 0x03); i++) {
      const id = readVarint(bytes, h, at + headerSize, what);
      const propsSize = readVarint(bytes, h, at + headerSize, what);
      filters.push({ id, props: bytes.subarray(h.at, h.at + propsSize) });
      h.at += propsSize;
    }
    const last = filters[filters.length - 1];
    if (last?.id !== FILTER_LZMA2)
      fail("UNSUPPORTED_COMPRESSION", "a block whose last filter is not LZMA2", at);
    for (const f of filters.slice(0, -1)) {
      if (f.id !== FILTER_X86) {
        fail("UNSUPPORTED_COMPRESSION", `the ${FILTER_NAMES[f.id] ?? `0x${f.id.toString(16)}`} filter`, at);
      }
    }
    const compressedSize = unpadded - headerSize - checkSize;
    const checkAt = at + headerSize + align4(compressedSize);
    if (compressedSize <= 0 || checkAt + checkSize > indexStart) {
      fail("CORRUPT", "block sizes in the index do not fit the file", at);
    }
    blocks.push({ start: at, headerSize, filters, compressedSize, uncompressedSize: uncompressed, checkAt });
    uncompressedSize += uncompressed;
    at = checkAt + checkSize;
  }
  if (at !== indexStart) fail("CORRUPT", "blocks and index disagree on where the index starts", at);
  return { checkType, blocks, uncompressedSize };
}

/** The same stream re-encoded with LZMA2-only block headers and no integrity check. */
function lzma2Only(bytes: Uint8Array, stream: XzStream): Uint8Array {
  const parts: Uint8Array[] = [];
  const header = Uint8Array.of(...MAGIC, 0x00, 0x00, 0, 0, 0, 0);
  writeU32(header, 8, crc32(header.subarray(6, 8)));
  parts.push(header);
  const records: number[] = [];
  for (const block of stream.blocks) {
    const lzma2 = block.filters[block.filters.length - 1] as XzFilter;
    // Block header: size byte, flags (one filter, no sizes), filter id, props size, props, padding, CRC32.
    const body = [0x00, 0x00, FILTER_LZMA2, lzma2.props.length, ...lzma2.props];
    const size = align4(body.length + 4);
    const blockHeader = new Uint8Array(size);
    blockHeader.set(body);
    blockHeader[0] = size / 4 - 1;
    writeU32(blockHeader, size - 4, crc32(blockHeader.subarray(0, size - 4)));
    parts.push(blockHeader);
    const dataStart = block.start + block.headerSize;
    parts.push(bytes.subarray(dataStart, dataStart + block.compressedSize));
    parts.push(new Uint8Array(align4(block.compressedSize) - block.compressedSize));
    records.push(...varint(size + block.compressedSize), ...varint(block.uncompressedSize));
  }
  const indexBody = [0x00, ...varint(stream.blocks.length), ...records];
  const index = new Uint8Array(align4(indexBody.length) + 4);
  index.set(indexBody);
  writeU32(index, index.length - 4, crc32(index.subarray(0, index.length - 4)));
  parts.push(index);
  const footer = new Uint8Array(12);
  writeU32(footer, 4, index.length / 4 - 1);
  footer.set([0x00, 0x00, 0x59, 0x5a], 8);
  writeU32(footer, 0, crc32(footer.subarray(4, 10)));
  parts.push(footer);
  return concat(parts);
}

async function runWasm(input: Uint8Array, size: number, what: string): Promise<Uint8Array> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(input);
      controller.close();
    },
  });
  const reader = new XzReadableStream(source).getReader();
  const out = new Uint8Array(size);
  let at = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (at + value.length > size)
        throw new VmlinuzError("CORRUPT", `${what}: more data than the index says`);
      out.set(value, at);
      at += value.length;
    }
  } catch (error) {
    if (error instanceof VmlinuzError) throw error;
    const code = /error code (\d+)/.exec(String((error as Error).message))?.[1];
    const [kind, text] = XZ_ERRORS[Number(code)] ?? ["CORRUPT", String((error as Error).message)];
    throw new VmlinuzError(kind, `${what}: ${text}`);
  }
  if (at !== size)
    throw new VmlinuzError("TRUNCATED", `${what}: ${at} bytes decoded, the index says ${size}`);
  return out;
}

function readVarint(bytes: Uint8Array, cursor: { at: number }, end: number, what: string): number {
  let value = 0;
  for (let shift = 0; shift < 63; shift += 7) {
    if (cursor.at >= end)
      throw new VmlinuzError("CORRUPT", `${what}: a number runs past its field`, cursor.at);
    const b = bytes[cursor.at++] as number;
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return value;
  }
  throw new VmlinuzError("CORRUPT", `${what}: a number is too long`, cursor.at);
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

function readU32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16)) +
    (bytes[at + 3] as number) * 0x1000000
  );
}

function writeU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
  bytes[at + 2] = (value >>> 16) & 0xff;
  bytes[at + 3] = (value >>> 24) & 0xff;
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Where the .xz stream that starts at byte 0 ends: after the first valid stream footer (its CRC32
 * matches and its flags equal the header's), or null when there is none. For payloads followed by
 * other bytes (the kernel's appended size, the rest of a file being scanned).
 */
export function xzStreamEnd(bytes: Uint8Array): number | null {
  if (!isXz(bytes) || bytes.length < 32) return null;
  for (let end = 32; end <= bytes.length; end += 4) {
    if (bytes[end - 2] !== 0x59 || bytes[end - 1] !== 0x5a) continue;
    const footer = end - 12;
    if (bytes[footer + 8] !== bytes[6] || bytes[footer + 9] !== bytes[7]) continue;
    if (crc32(bytes.subarray(footer + 4, footer + 10)) === readU32(bytes, footer)) return end;
  }
  return null;
}
