import { BtfError } from "./btf-error";

// The BTF header (`struct btf_header`, 24 bytes in version 1):
//   u16 magic (0xEB9F), u8 version (1), u8 flags, u32 hdr_len,
//   u32 type_off, u32 type_len, u32 str_off, u32 str_len.
// type_off and str_off count from the end of the header (hdr_len), not from the start of the data.
// The magic is written in the producer's byte order, so reading it as little-endian gives 0xEB9F for
// little-endian BTF and 0x9FEB for big-endian BTF (e.g. from `clang -target bpfeb`).

export const BTF_MAGIC = 0xeb9f;
const BTF_MAGIC_SWAPPED = 0x9feb;
const BTF_VERSION = 1;
const BTF_HEADER_MIN_SIZE = 24;

export interface BtfHeader {
  littleEndian: boolean;
  version: number;
  flags: number;
  hdrLen: number;
  /** Absolute byte range of the type section within the input. */
  typeStart: number;
  typeEnd: number;
  /** Absolute byte range of the string section within the input. */
  strStart: number;
  strEnd: number;
}

/** Endianness from the first two bytes, or null if they are not the BTF magic. */
export function sniffBtfEndianness(bytes: Uint8Array): "little" | "big" | null {
  if (bytes.length < 2) return null;
  const asLittle = (bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8);
  if (asLittle === BTF_MAGIC) return "little";
  if (asLittle === BTF_MAGIC_SWAPPED) return "big";
  return null;
}

export function readBtfHeader(bytes: Uint8Array): BtfHeader {
  if (bytes.length === 0) throw new BtfError("empty input: no BTF header");
  const endianness = sniffBtfEndianness(bytes);
  if (endianness === null) {
    const seen = Array.from(bytes.subarray(0, 2), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new BtfError(`bad BTF magic: expected 9f eb (or eb 9f big-endian), found ${seen}`, 0);
  }
  if (bytes.length < BTF_HEADER_MIN_SIZE) {
    throw new BtfError(`truncated BTF header: need ${BTF_HEADER_MIN_SIZE} bytes, have ${bytes.length}`, 0);
  }
  const littleEndian = endianness === "little";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(2);
  if (version !== BTF_VERSION) throw new BtfError(`unsupported BTF version ${version} (expected 1)`, 2);
  const hdrLen = view.getUint32(4, littleEndian);
  if (hdrLen < BTF_HEADER_MIN_SIZE) {
    throw new BtfError(`BTF hdr_len ${hdrLen} is smaller than the ${BTF_HEADER_MIN_SIZE}-byte header`, 4);
  }
  if (hdrLen > bytes.length) {
    throw new BtfError(`truncated BTF header: hdr_len ${hdrLen} but input has ${bytes.length} bytes`, 4);
  }
  const typeOff = view.getUint32(8, littleEndian);
  const typeLen = view.getUint32(12, littleEndian);
  const strOff = view.getUint32(16, littleEndian);
  const strLen = view.getUint32(20, littleEndian);
  const typeStart = hdrLen + typeOff;
  const strStart = hdrLen + strOff;
  // Sections are checked against the real input size, so a truncated file is reported here, not
  // as a RangeError from a DataView read later.
  if (typeStart + typeLen > bytes.length) {
    throw new BtfError(
      `truncated type section: it spans bytes ${typeStart}..${typeStart + typeLen} but input has ${bytes.length} bytes`,
      8,
    );
  }
  if (strStart + strLen > bytes.length) {
    throw new BtfError(
      `truncated string section: it spans bytes ${strStart}..${strStart + strLen} but input has ${bytes.length} bytes`,
      16,
    );
  }
  if (typeOff % 4 !== 0) throw new BtfError(`type section offset ${typeOff} is not 4-byte aligned`, 8);
  if (typeLen % 4 !== 0) throw new BtfError(`type section length ${typeLen} is not a multiple of 4`, 12);
  const overlaps = typeStart < strStart + strLen && strStart < typeStart + typeLen;
  if (overlaps && typeLen > 0 && strLen > 0) {
    throw new BtfError("type section and string section overlap", 8);
  }
  return {
    littleEndian,
    version,
    flags: view.getUint8(3),
    hdrLen,
    typeStart,
    typeEnd: typeStart + typeLen,
    strStart,
    strEnd: strStart + strLen,
  };
}
