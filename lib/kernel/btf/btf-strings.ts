import { BtfError } from "./btf-error";

// The BTF string section: NUL-terminated strings addressed by byte offset. Offset 0 is the empty
// string ("anonymous") in base BTF. Split BTF (a kernel module's BTF) continues the numbering of its
// base: its own strings start at offset base.str_len, and smaller offsets name strings of the base.
// Strings are decoded only when asked for and cached, so scanning vmlinux costs no string decoding.

const utf8 = new TextDecoder("utf-8", { fatal: false });

export class BtfStrings {
  /** First offset this table owns (0 for base BTF). */
  readonly start: number;
  /** One past the last offset this table owns; every smaller offset is valid. */
  readonly end: number;
  private readonly section: Uint8Array;
  private readonly base: BtfStrings | null;
  private readonly cache = new Map<number, string>();

  /**
   * @param section the string section's bytes
   * @param sectionOffset where the section starts in the BTF input, for error messages
   */
  constructor(section: Uint8Array, sectionOffset: number, base: BtfStrings | null) {
    this.section = section;
    this.base = base;
    this.start = base ? base.end : 0;
    this.end = this.start + section.length;
    if (!base) {
      if (section.length === 0)
        throw new BtfError("empty string section: base BTF needs at least the empty string", sectionOffset);
      if (section[0] !== 0) {
        throw new BtfError(
          "string section does not start with a NUL byte; this looks like split (module) BTF, which needs its base vmlinux BTF",
          sectionOffset,
        );
      }
    }
    // Split BTF written by libbpf/pahole never starts with NUL: the empty string is the base's offset 0.
    if (base && section[0] === 0) {
      throw new BtfError(
        "a base BTF was given but this BTF is not split BTF (its string section starts with a NUL byte, like base BTF)",
        sectionOffset,
      );
    }
    if (section.length > 0 && section[section.length - 1] !== 0) {
      throw new BtfError("string section does not end with a NUL byte", sectionOffset + section.length - 1);
    }
  }

  /** The string at `offset`. The caller has checked offset < end (the type scan does). */
  get(offset: number): string {
    if (offset < this.start) {
      if (!this.base) throw new BtfError(`string offset ${offset} is below this string section`);
      return this.base.get(offset);
    }
    if (offset >= this.end)
      throw new BtfError(`string offset ${offset} is beyond the string section (ends at ${this.end})`);
    const cached = this.cache.get(offset);
    if (cached !== undefined) return cached;
    const decoded = this.decode(offset - this.start);
    this.cache.set(offset, decoded);
    return decoded;
  }

  private decode(local: number): string {
    const bytes = this.section;
    let end = local;
    let ascii = true;
    // The constructor checked the section ends with NUL, so this loop stops inside the section.
    for (let b = bytes[end]; b !== 0 && b !== undefined; b = bytes[++end]) {
      if (b >= 0x80) ascii = false;
    }
    if (!ascii) return utf8.decode(bytes.subarray(local, end));
    // Identifiers are ASCII: building the string directly beats TextDecoder for short strings.
    let text = "";
    for (let i = local; i < end; i++) text += String.fromCharCode(bytes[i] as number);
    return text;
  }
}
