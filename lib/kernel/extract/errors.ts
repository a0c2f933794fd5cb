/** A kernel input could not be read as a kernel tree: the message names the input and what was expected. */
export class ExtractError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ExtractError";
  }
}
