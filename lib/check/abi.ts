import { splitTopLevel } from "../kernel/prototype";

// Does the prototype a BPF program was compiled against fit the kernel's? libbpf resolves an
// extern kfunc by name and then checks the two FUNC_PROTOs for compatibility: the same number of
// arguments, and each argument and the return value of the same shape once typedefs and
// qualifiers are peeled off (pointers to pointers, an int to an int of the same size, a struct to
// a struct). Argument names never count. This compares prototypes as C text the same way:
// integer typedefs (`u64`, `__u64`, `uint64_t`, `unsigned long long`) are one type; `const` and
// `volatile` are dropped; a `void *` fits any pointer, as the verifier treats it; a typedef this
// module does not know fits anything (it may stand for any of the others). Pure.

export type AbiVerdict = { compatible: true } | { compatible: false; reason: string };

interface AbiShape {
  name: string;
  returns: string;
  params: string[];
  variadic: boolean;
}

/** Integer spellings by their ABI type on a 64-bit BPF target. */
const INTEGERS: Record<string, string> = {
  bool: "bool",
  _Bool: "bool",
  char: "s8",
  "signed char": "s8",
  "unsigned char": "u8",
  short: "s16",
  "short int": "s16",
  "signed short": "s16",
  "unsigned short": "u16",
  "short unsigned int": "u16",
  "unsigned short int": "u16",
  int: "s32",
  signed: "s32",
  "signed int": "s32",
  unsigned: "u32",
  "unsigned int": "u32",
  long: "s64",
  "long int": "s64",
  "signed long": "s64",
  "unsigned long": "u64",
  "long unsigned int": "u64",
  "unsigned long int": "u64",
  "long long": "s64",
  "long long int": "s64",
  "unsigned long long": "u64",
  "long long unsigned int": "u64",
  "unsigned long long int": "u64",
  size_t: "u64",
  ssize_t: "s64",
};
for (const bits of [8, 16, 32, 64]) {
  for (const [sign, prefixes] of [
    ["u", [`u${bits}`, `__u${bits}`, `uint${bits}_t`, `__uint${bits}_t`, `u_int${bits}_t`]],
    ["s", [`s${bits}`, `__s${bits}`, `int${bits}_t`, `__int${bits}_t`]],
  ] as const) {
    for (const spelling of prefixes) INTEGERS[spelling] = `${sign}${bits}`;
  }
}
/** Kernel typedefs that are integers by another name, seen in kfunc prototypes. */
for (const [name, type] of Object.entries({
  __be16: "u16",
  __be32: "u32",
  __be64: "u64",
  __le16: "u16",
  __le32: "u32",
  __le64: "u64",
  __wsum: "u32",
  gfp_t: "u32",
  pid_t: "s32",
  uid_t: "u32",
  gid_t: "u32",
  loff_t: "s64",
  dma_addr_t: "u64",
  phys_addr_t: "u64",
  uintptr_t: "u64",
})) {
  INTEGERS[name] = type;
}

const DROPPED =
  /\b(const|volatile|restrict|__restrict|__user|__rcu|__iomem|__force|__kernel|__percpu|__bitwise|__arg_\w+)\b/g;
const TAGGED = /^(struct|union|enum)\s+(\w+)$/;

/** One argument or return type, reduced to what libbpf compares: "u64", "struct sock *", "?" … */
function canonicalType(text: string): string {
  const cleaned = text
    .replace(/__attribute__\s*\(\(.*?\)\)/g, "")
    .replace(DROPPED, "")
    .replace(/\s+/g, " ")
    .trim();
  const stars = (cleaned.match(/\*/g) ?? []).length;
  const base = cleaned.replace(/\*/g, "").replace(/\s+/g, " ").trim();
  const integer = INTEGERS[base];
  const tagged = TAGGED.exec(base);
  const core =
    integer ??
    (tagged ? `${tagged[1]} ${tagged[2]}` : base === "void" ? "void" : base === "" ? "?" : `typedef ${base}`);
  return `${core}${stars > 0 ? ` ${"*".repeat(stars)}` : ""}`;
}

const TYPE_KEYWORDS = new Set([
  "void",
  "char",
  "short",
  "int",
  "long",
  "signed",
  "unsigned",
  "float",
  "double",
  "bool",
  "_Bool",
  "const",
  "volatile",
]);

/** "struct task_struct *p" → "struct task_struct *"; names (with their __sz-style suffixes) go. */
function dropName(param: string): string {
  const text = param.trim();
  // Function pointers, "int (*cb)(void *)": any function pointer fits another.
  if (/\(\s*\*/.test(text)) return "void *";
  const arrays = /(\[[^\]]*\]\s*)+$/.exec(text);
  const body = arrays ? text.slice(0, arrays.index) : text;
  const tokens = body.match(/[A-Za-z_]\w*|\*/g) ?? [];
  const last = tokens.at(-1);
  const before = tokens.at(-2);
  const isName =
    last !== undefined &&
    last !== "*" &&
    before !== undefined &&
    !TYPE_KEYWORDS.has(last) &&
    before !== "struct" &&
    before !== "union" &&
    before !== "enum";
  const type = (isName ? tokens.slice(0, -1) : tokens).join(" ");
  // An array argument is a pointer to its element.
  return arrays ? `${type} *` : type;
}

export function abiShape(prototype: string): AbiShape | null {
  const text = prototype.replace(/\s+/g, " ").trim();
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return null;
  const head = text.slice(0, open).trim();
  const name = /([A-Za-z_]\w*)\s*$/.exec(head)?.[1];
  if (!name) return null;
  const params = splitTopLevel(text.slice(open + 1, close));
  const variadic = params.at(-1) === "...";
  const fixed = (variadic ? params.slice(0, -1) : params).filter((p) => p !== "void");
  return {
    name,
    returns: canonicalType(head.slice(0, head.length - name.length)),
    params: fixed.map((p) => canonicalType(dropName(p))),
    variadic,
  };
}

function typesFit(a: string, b: string): boolean {
  if (a === b || a.startsWith("typedef ") || b.startsWith("typedef ")) return true;
  const pointer = (t: string) => /\*$/.test(t);
  if (pointer(a) && pointer(b) && (a.startsWith("void ") || b.startsWith("void "))) return true;
  // A struct the program knows only by name (a forward declaration) is still that struct.
  return false;
}

/** Compares the prototype a program was compiled against with one release's prototype. */
export function compareAbi(compiled: string, kernel: string): AbiVerdict {
  const mine = abiShape(compiled);
  const theirs = abiShape(kernel);
  if (!mine || !theirs) return { compatible: true };
  if (mine.params.length !== theirs.params.length || mine.variadic !== theirs.variadic) {
    return {
      compatible: false,
      reason: `takes ${count(theirs.params.length)} there, the program passes ${count(mine.params.length)}`,
    };
  }
  if (!typesFit(mine.returns, theirs.returns)) {
    return {
      compatible: false,
      reason: `returns ${theirs.returns} there, the program expects ${mine.returns}`,
    };
  }
  for (let i = 0; i < mine.params.length; i++) {
    const [a, b] = [mine.params[i] as string, theirs.params[i] as string];
    if (!typesFit(a, b)) {
      return { compatible: false, reason: `argument ${i + 1} is ${b} there, the program passes ${a}` };
    }
  }
  return { compatible: true };
}

function count(n: number): string {
  return `${n} argument${n === 1 ? "" : "s"}`;
}
