// The one error type the kernel-build reader throws for bad input (a vmlinuz, or a module file that
// does not decompress). `code` tells what kind of problem it is (for callers and tests); the message
// names what was wrong and, when tied to a place, the byte offset in the file that was given. ELF and
// BTF problems keep their own ElfError and BtfError, except a vmlinux payload that is no usable ELF
// (NOT_ELF).

export type VmlinuzErrorCode =
  /** No x86 boot sector / "HdrS" setup header, and no known compressed payload to fall back on. */
  | "NOT_BZIMAGE"
  /** The payload's first bytes are no compression format this reader knows. */
  | "UNKNOWN_COMPRESSION"
  /** A known format the kernel can use (lz4, lzo, lzma, bzip2) that Debian does not ship and this reader does not decode. */
  | "UNSUPPORTED_COMPRESSION"
  /** The file or the compressed stream ends before the payload does. */
  | "TRUNCATED"
  /** The compressed stream is damaged (bad checksum, bad data). */
  | "CORRUPT"
  /** The payload decompressed, but to something that is not an ELF file with a .BTF section. */
  | "NOT_ELF";

export class VmlinuzError extends Error {
  readonly code: VmlinuzErrorCode;
  readonly offset: number | null;
  /** The message without the offset suffix. */
  readonly detail: string;

  constructor(code: VmlinuzErrorCode, detail: string, offset: number | null = null) {
    super(offset === null ? detail : `${detail} (at byte ${offset})`);
    this.name = "VmlinuzError";
    this.code = code;
    this.offset = offset;
    this.detail = detail;
  }
}
