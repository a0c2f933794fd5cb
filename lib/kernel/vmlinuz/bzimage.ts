import { ElfError } from "../elf/elf-error";
import { findSection, isElf, parseElf } from "../elf/read-elf";
import {
  type Compression,
  decompress,
  sniffCompression,
  sniffUnsupported,
  zstdFrameEnd,
} from "./compression";
import { VmlinuzError } from "./vmlinuz-error";
import { xzStreamEnd } from "./xz";

// The vmlinux ELF inside an x86 bzImage (a vmlinuz, /boot/vmlinuz-* or /usr/lib/modules/<abi>/vmlinuz).
//
// Layout (Documentation/arch/x86/boot.rst): the real-mode setup code, (setup_sects + 1) sectors of 512
// bytes (setup_sects 0 means 4), then the protected-mode code, which holds the compressed vmlinux.
// The setup header carries the boot flag 55 AA at 0x1fe, "HdrS" at 0x202, the boot protocol version
// at 0x206 and, from protocol 2.08 on, payload_offset (0x248) and payload_length (0x24c), relative to
// the start of the protected-mode code. The kernel appends the decompressed size as 4 little-endian
// bytes to xz, zstd, lz4, lzo, lzma and bzip2 payloads (not to gzip, whose trailer has it).
// Without usable header fields (no "HdrS", an old protocol, or fields that point at no known
// format), the file is scanned for the first zstd, xz or gzip payload that decodes.
//
// Debian's amd64 kernels (measured): 6.1 xz with the x86 BCJ filter; 6.12 and later zstd.

export interface VmlinuxImage {
  /** The vmlinux ELF file. */
  elf: Uint8Array;
  compression: Compression;
  /** Where the compressed payload starts in the file, and its length (without the appended size). */
  payloadOffset: number;
  payloadLength: number;
  /** How the payload was found. */
  foundBy: "setup header" | "scan";
}

const BOOT_FLAG = 0x1fe;
const HDRS = 0x202;
const PAYLOAD_FIELDS_VERSION = 0x0208;
/** Ceiling for an appended size to be believed: no vmlinux is near 1 GiB. */
const MAX_PLAUSIBLE_SIZE = 1 << 30;

export async function extractVmlinux(bytes: Uint8Array): Promise<VmlinuxImage> {
  const fromHeader = payloadFromHeader(bytes);
  const candidates = fromHeader ? [fromHeader] : scanForPayloads(bytes);
  if (candidates.length === 0) {
    throw new VmlinuzError(
      "NOT_BZIMAGE",
      `not an x86 bzImage: no "HdrS" setup header at byte ${HDRS} and no zstd, xz or gzip payload inside`,
    );
  }
  let firstError: unknown = null;
  for (const payload of candidates) {
    try {
      const elf = await decompress(
        bytes.subarray(payload.offset, payload.offset + payload.length),
        payload.format,
        {
          size: payload.size,
          what: `vmlinuz payload (${payload.format} at byte ${payload.offset})`,
        },
      );
      checkElfWithBtf(elf);
      return {
        elf,
        compression: payload.format,
        payloadOffset: payload.offset,
        payloadLength: payload.length,
        foundBy: fromHeader ? "setup header" : "scan",
      };
    } catch (error) {
      // A scan may hit magic bytes by chance: try the next candidate, report the first failure.
      if (fromHeader || !(error instanceof VmlinuzError)) throw error;
      firstError ??= error;
    }
  }
  throw firstError;
}

interface Payload {
  format: Compression;
  offset: number;
  /** Length of the compressed stream itself. */
  length: number;
  /** Decompressed size from the kernel's appended 4 bytes, when present and plausible. */
  size?: number;
}

/** The payload the setup header names; null when the header is missing or has no payload fields. */
function payloadFromHeader(bytes: Uint8Array): Payload | null {
  if (bytes.length < 0x250) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(BOOT_FLAG, true) !== 0xaa55 || view.getUint32(HDRS, true) !== 0x53726448) return null;
  if (view.getUint16(0x206, true) < PAYLOAD_FIELDS_VERSION) return null;
  const setupSects = bytes[0x1f1] || 4;
  const protectedStart = (setupSects + 1) * 512;
  const offset = protectedStart + view.getUint32(0x248, true);
  const length = view.getUint32(0x24c, true);
  if (length === 0) return null;
  if (offset + length > bytes.length) {
    throw new VmlinuzError(
      "TRUNCATED",
      `truncated bzImage: the setup header puts the payload at bytes ${offset}..${offset + length}, but the file has ${bytes.length} bytes`,
      offset,
    );
  }
  const format = sniffCompression(bytes, offset);
  if (!format) {
    const unsupported = sniffUnsupported(bytes, offset);
    const head = Array.from(bytes.subarray(offset, offset + 6), (b) => b.toString(16).padStart(2, "0")).join(
      " ",
    );
    if (unsupported) {
      throw new VmlinuzError(
        "UNSUPPORTED_COMPRESSION",
        `bzImage payload is ${unsupported}, which this reader does not decode`,
        offset,
      );
    }
    throw new VmlinuzError(
      "UNKNOWN_COMPRESSION",
      `bzImage payload in an unknown compression format (starts with ${head})`,
      offset,
    );
  }
  return trimmed(bytes, { format, offset, length });
}

/** The payload's own stream length, and the appended decompressed size when it is there. */
function trimmed(bytes: Uint8Array, payload: Payload): Payload {
  const end = payload.offset + payload.length;
  const region = bytes.subarray(payload.offset, end);
  let streamEnd: number | null = null;
  if (payload.format === "zstd") streamEnd = zstdFrameEnd(region, 0);
  if (payload.format === "xz") streamEnd = xzStreamEnd(region);
  if (streamEnd === null) {
    if (payload.format === "gzip") return payload;
    throw new VmlinuzError(
      "TRUNCATED",
      `truncated bzImage payload: the ${payload.format} stream at byte ${payload.offset} does not end within ${payload.length} bytes`,
      payload.offset,
    );
  }
  let size: number | undefined;
  if (streamEnd + 4 <= region.length) {
    const appended = new DataView(region.buffer, region.byteOffset + streamEnd, 4).getUint32(0, true);
    if (appended > streamEnd && appended < MAX_PLAUSIBLE_SIZE) size = appended;
  }
  return { ...payload, length: streamEnd, size };
}

/** Every place where a decodable payload starts, first to last (no header to go by). */
function scanForPayloads(bytes: Uint8Array): Payload[] {
  const found: Payload[] = [];
  for (let at = 0; at + 6 <= bytes.length && found.length < 16; at++) {
    const b = bytes[at];
    if (b !== 0x28 && b !== 0xfd && b !== 0x1f) continue;
    const format = sniffCompression(bytes, at);
    if (!format) continue;
    try {
      found.push(trimmed(bytes, { format, offset: at, length: bytes.length - at }));
    } catch {
      // Magic bytes that start no complete stream.
    }
  }
  return found;
}

function checkElfWithBtf(elf: Uint8Array): void {
  if (!isElf(elf)) {
    const head = Array.from(elf.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new VmlinuzError(
      "NOT_ELF",
      `the decompressed payload is not an ELF file (starts with ${head || "nothing"})`,
    );
  }
  try {
    if (!findSection(parseElf(elf), ".BTF")) {
      throw new VmlinuzError(
        "NOT_ELF",
        "the decompressed vmlinux has no .BTF section (kernel built without BTF?)",
      );
    }
  } catch (error) {
    if (error instanceof ElfError)
      throw new VmlinuzError("NOT_ELF", `the decompressed vmlinux: ${error.message}`);
    throw error;
  }
}
