// The one error type the ELF reader throws for bad input: the message names what was wrong and,
// when tied to a place, the byte offset in the file.

export class ElfError extends Error {
  readonly offset: number | null;
  /** The message without the offset suffix. */
  readonly detail: string;

  constructor(detail: string, offset: number | null = null) {
    super(offset === null ? detail : `${detail} (at byte ${offset})`);
    this.name = "ElfError";
    this.offset = offset;
    this.detail = detail;
  }
}
