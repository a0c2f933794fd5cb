// The one error type the BTF reader throws for bad input. The message names what was wrong; `offset` is
// the byte offset (relative to the BTF bytes given to the parser) where it was found, or null when the
// problem is not tied to one place.

export class BtfError extends Error {
  readonly offset: number | null;
  /** The message without the offset suffix. */
  readonly detail: string;

  constructor(detail: string, offset: number | null = null) {
    super(offset === null ? detail : `${detail} (at byte ${offset})`);
    this.name = "BtfError";
    this.offset = offset;
    this.detail = detail;
  }
}
