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
