// Control characters (NUL among them, which PostgreSQL refuses in text) never occur in a kfunc's
// name or prototype. Char codes rather than a regex: a regex of control characters reads as a bug.

const isControl = (code: number) => code < 0x20 || code === 0x7f;

export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) return true;
  return false;
}

export function withoutControlCharacters(text: string): string {
  return hasControlCharacters(text) ? [...text].filter((c) => !isControl(c.charCodeAt(0))).join("") : text;
}

// A JavaScript string can hold half of a surrogate pair, which is no Unicode text: PostgreSQL
// refuses what it encodes to ("invalid byte sequence for encoding UTF8"). URLs decode to whole
// characters, but JSON bodies ("\ud800") and direct callers can carry one.
type MaybeWellFormed = { isWellFormed(): boolean; toWellFormed(): string };

/** Whether `text` is Unicode text: no lone surrogate. */
export function isWellFormed(text: string): boolean {
  return (text as unknown as MaybeWellFormed).isWellFormed();
}

/** `text` with each lone surrogate replaced by U+FFFD. */
export function toWellFormed(text: string): string {
  return (text as unknown as MaybeWellFormed).toWellFormed();
}
