// Comparing prototypes read from different sources. Source text names every parameter and
// spells types as written (`long`, `u64`); BTF renders what the compiler kept (`long int`, no
// names on function-pointer parameters). A signature key drops what is not part of the ABI
// (parameter names, spacing, integer spelling) so that only real changes compare unequal. Pure.

// Longest spellings first: "long long unsigned int" also contains "long unsigned int".
const INTEGER_SPELLINGS: [RegExp, string][] = [
  [/\blong long unsigned int\b/g, "unsigned long long"],
  [/\blong unsigned int\b/g, "unsigned long"],
  [/\bshort unsigned int\b/g, "unsigned short"],
  [/\blong long int\b/g, "long long"],
  [/\blong int\b/g, "long"],
  [/\bshort int\b/g, "short"],
  [/\bunsigned int\b/g, "unsigned"],
  [/\bsigned int\b/g, "int"],
  [/\b_Bool\b/g, "bool"],
];

const TYPE_WORDS = new Set([
  "void",
  "char",
  "short",
  "int",
  "long",
  "float",
  "double",
  "signed",
  "unsigned",
  "bool",
  "_Bool",
  "const",
  "volatile",
  "restrict",
  "struct",
  "union",
  "enum",
]);
const TAG_KEYWORDS = new Set(["struct", "union", "enum"]);

/**
 * Argument annotations renamed upstream without changing what programs pass (v7.0): `__opt`
 * became `__nullable`, and `__prog` (the verifier fills the argument in) lost its suffix.
 */
const ANNOTATION_RENAMES: Record<string, string> = { __opt: "__nullable", __prog: "" };

/** Splits "a, b (*f)(c, d), e" at top-level commas. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * "struct task_struct *p" → "struct task_struct *"; "int (*cb)(void *p)" → "int (*)(void *)".
 * A parameter of function type, written without `*` in kernel source (`bool (less)(…)`), is a
 * function pointer after adjustment, as BTF records it: both give "(*)".
 */
export function stripParameterName(param: string): string {
  const fn = /^(.*?)\(\s*\*?\s*(?:[A-Za-z_]\w*)?\s*\)\s*\((.*)\)\s*$/.exec(param);
  if (fn) {
    const [, returns = "", inner = ""] = fn;
    return `${returns.trim()} (*)(${splitTopLevel(inner).map(stripParameterName).join(", ")})`;
  }
  const match = /^(.*?)([A-Za-z_]\w*)\s*((?:\[[^\]]*\]\s*)*)$/.exec(param);
  if (!match) return param;
  const [, before = "", last = "", arrays = ""] = match;
  const prefix = before.trim();
  const prefixWords = prefix.split(/[\s*]+/).filter(Boolean);
  const hasType = prefixWords.some((w) => !["const", "volatile", "restrict"].includes(w));
  const lastPrefixWord = prefixWords[prefixWords.length - 1] ?? "";
  if (!hasType || TYPE_WORDS.has(last) || TAG_KEYWORDS.has(lastPrefixWord)) return param;
  // A kfunc argument's suffix (__sz, __k, __ign, __str, __nullable …) tells the verifier how to
  // treat it: part of the contract, so it stays; the rest of the name does not. Renamed
  // annotations compare as their current name (ANNOTATION_RENAMES).
  const written = /[a-z0-9](__[a-z][a-z0-9_]*)$/i.exec(last)?.[1] ?? "";
  const suffix = ANNOTATION_RENAMES[written] ?? written;
  return `${prefix}${suffix ? ` ${suffix}` : ""}${arrays ? ` ${arrays.trim()}` : ""}`;
}

function normaliseSpacing(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/\s*\*\s*/g, " *")
    .replace(/\s*([(),[\]])\s*/g, "$1")
    .replace(/,/g, ", ")
    .trim();
}

/** The ABI-relevant shape of a prototype: types and order, not names or spelling. */
export function signatureKey(prototype: string): string {
  // Sparse address-space annotations (__user, __rcu …) vanish in BTF; they are not ABI.
  let text = prototype
    .replace(/__attribute__\s*\(\(.*?\)\)/g, "")
    .replace(/\b__(user|rcu|iomem|force|kernel|percpu|bitwise)\b/g, "");
  for (const [pattern, replacement] of INTEGER_SPELLINGS) text = text.replace(pattern, replacement);
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return normaliseSpacing(text);
  const head = text.slice(0, open);
  const params = splitTopLevel(text.slice(open + 1, close)).map(stripParameterName);
  return normaliseSpacing(`${head}(${params.join(", ")})`);
}
