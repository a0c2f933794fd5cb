import { ElfError } from "./elf-error";

// Endian-aware reads over ELF bytes. ELF64 offsets and sizes are u64; they are returned as numbers
// and rejected when above 2^53, which no real file reaches. Addresses stay bigint (kernel addresses
// such as 0xffffffff81000000 do not fit a number exactly).

export class ElfView {
  readonly bytes: Uint8Array;
  readonly littleEndian: boolean;
  private readonly view: DataView;

  constructor(bytes: Uint8Array, littleEndian: boolean) {
    this.bytes = bytes;
    this.littleEndian = littleEndian;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u8(at: number): number {
    return this.view.getUint8(at);
  }

  u16(at: number): number {
    return this.view.getUint16(at, this.littleEndian);
  }

  u32(at: number): number {
    return this.view.getUint32(at, this.littleEndian);
  }

  u64(at: number): bigint {
    return this.view.getBigUint64(at, this.littleEndian);
  }

  i64(at: number): bigint {
    return this.view.getBigInt64(at, this.littleEndian);
  }

  /** A u64 offset or size as a number. */
  size(at: number, what: string): number {
    const value = this.u64(at);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfError(`${what} ${value} is too large`, at);
    return Number(value);
  }

  /** The NUL-terminated string at `at`, which must end before `end`. */
  cString(at: number, end: number, what: string): string {
    let stop = at;
    while (stop < end && this.bytes[stop] !== 0) stop++;
    if (stop >= end)
      throw new ElfError(`${what} at byte ${at} is not NUL-terminated inside its string table`, at);
    return new TextDecoder().decode(this.bytes.subarray(at, stop));
  }
}
