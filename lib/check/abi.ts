import { splitTopLevel } from "../kernel/prototype";

// Does the prototype a BPF program was compiled against fit the kernel's? libbpf resolves an
// extern kfunc by name and then checks the two FUNC_PROTOs with bpf_core_types_are_compat():
// the same number of arguments, and each argument and the return value of the same BTF kind once
// typedefs and qualifiers are peeled off, pointers compared through what they point to. Within a
// kind it is lenient: any integer fits any integer, any struct any struct. A prototype that fails
// this stops the load ("incompatible"); one that passes it while naming other types (a u64 for a
// u32, struct sock for struct task_struct) loads, but the program then reads or passes the wrong
// thing ("differs"). Argument names never count. Prototypes here are C text; integer typedefs
// (`u64`, `__u64`, `uint64_t`, `unsigned long long`) are read as integers of their size, and a
// typedef this module does not know is not judged. Pure.

/** "unknown": nothing refused, but a typedef or a function pointer this module cannot judge took part. */
export type AbiFit = "match" | "differs" | "incompatible" | "unknown";
export type AbiVerdict = { fit: "match" | "unknown" } | { fit: "differs" | "incompatible"; reason: string };

interface AbiType {
  /**
   * The BTF kind libbpf compares: int (bool included), void, struct, union, enum, float, fwd (a
   * struct or union the program only declared), or a typedef or function pointer not judged here.
   */
  kind: "int" | "void" | "struct" | "union" | "enum" | "float" | "fwd" | "typedef";
  /** "u32", "struct sock", "gfp_t" …: what a difference is reported as. */
  name: string;
  pointers: number;
}

interface AbiShape {
  name: string;
  returns: AbiType;
  params: AbiType[];
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
  for (const spelling of [`u${bits}`, `__u${bits}`, `uint${bits}_t`, `__uint${bits}_t`, `u_int${bits}_t`]) {
    INTEGERS[spelling] = `u${bits}`;
  }
  for (const spelling of [`s${bits}`, `__s${bits}`, `int${bits}_t`, `__int${bits}_t`])
    INTEGERS[spelling] = `s${bits}`;
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
const QUALIFIERS = new Set(["const", "volatile", "restrict", "__restrict"]);
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

/** One argument or return type (without a name), reduced to what libbpf compares. */
function abiType(text: string, forward: ReadonlySet<string>): AbiType {
  const cleaned = text
    .replace(/__attribute__\s*\(\(.*?\)\)/g, "")
    .replace(DROPPED, "")
    .replace(/\s+/g, " ")
    .trim();
  const pointers = (cleaned.match(/\*/g) ?? []).length;
  const base = cleaned.replace(/\*/g, "").replace(/\s+/g, " ").trim();
  const integer = INTEGERS[base];
  if (integer) return { kind: "int", name: integer, pointers };
  const tagged = TAGGED.exec(base);
  if (tagged && forward.has(base)) return { kind: "fwd", name: base, pointers };
  if (tagged) return { kind: tagged[1] as "struct" | "union" | "enum", name: base, pointers };
  if (base === "void" || base === "") return { kind: "void", name: "void", pointers };
  if (base === "float" || base === "double") return { kind: "float", name: base, pointers };
  return { kind: "typedef", name: base, pointers };
}

/** "struct task_struct *p" → "struct task_struct *"; names (with their __sz-style suffixes) go. */
function dropName(param: string): string {
  const text = param.trim();
  // A function pointer, "int (*cb)(void *)", is a pointer to a FUNC_PROTO: not judged here.
  if (/\(/.test(text)) return "(function) *";
  const arrays = /(\[[^\]]*\]\s*)+$/.exec(text);
  const body = arrays ? text.slice(0, arrays.index) : text;
  const tokens = body.match(/[A-Za-z_]\w*|\*/g) ?? [];
  const last = tokens.at(-1);
  const before = tokens.at(-2);
  // The last word is a name only when a type comes before it: "const s32" is a type, "s32 pid" is not.
  const typeBefore = tokens.slice(0, -1).some((t) => t === "*" || !QUALIFIERS.has(t));
  const isName =
    last !== undefined &&
    last !== "*" &&
    before !== undefined &&
    typeBefore &&
    !TYPE_KEYWORDS.has(last) &&
    before !== "struct" &&
    before !== "union" &&
    before !== "enum";
  const type = (isName ? tokens.slice(0, -1) : tokens).join(" ");
  // An array argument is a pointer to its element.
  return arrays ? `${type} *` : type;
}

export function abiShape(prototype: string, forwardDeclared: readonly string[] = []): AbiShape | null {
  const forward = new Set(forwardDeclared);
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
    returns: abiType(head.slice(0, head.length - name.length), forward),
    params: fixed.map((p) => abiType(dropName(p), forward)),
    variadic,
  };
}

const show = (t: AbiType) => `${t.name}${t.pointers ? ` ${"*".repeat(t.pointers)}` : ""}`;

/** libbpf's judgement of one type pair, and whether they name the same type. */
function fitOf(mine: AbiType, theirs: AbiType): AbiFit {
  // An unknown typedef may stand for anything, pointers included: not judged.
  if (
    (mine.kind === "typedef" && mine.pointers <= theirs.pointers) ||
    (theirs.kind === "typedef" && theirs.pointers <= mine.pointers)
  ) {
    return "unknown";
  }
  if (mine.pointers !== theirs.pointers) return "incompatible";
  // libbpf wants the same BTF kind: a forward declaration (FWD) is not the kernel's STRUCT.
  if (mine.kind !== theirs.kind) return "incompatible";
  return mine.name === theirs.name ? "match" : "differs";
}

/**
 * Compares the prototype a program was compiled against with one release's prototype.
 * @param forwardDeclared structs and unions the program only declared ("struct task_struct")
 */
export function compareAbi(
  compiled: string,
  kernel: string,
  forwardDeclared: readonly string[] = [],
): AbiVerdict {
  const mine = abiShape(compiled, forwardDeclared);
  const theirs = abiShape(kernel);
  if (!mine || !theirs) return { fit: "unknown" };
  if (mine.params.length !== theirs.params.length || mine.variadic !== theirs.variadic) {
    return {
      fit: "incompatible",
      reason: `takes ${count(theirs.params.length)} there, the program passes ${count(mine.params.length)}`,
    };
  }
  const pairs: [string, AbiType, AbiType][] = [
    ["returns", mine.returns, theirs.returns],
    ...mine.params.map((p, i): [string, AbiType, AbiType] => [
      `argument ${i + 1}`,
      p,
      theirs.params[i] as AbiType,
    ]),
  ];
  let differs: AbiVerdict | null = null;
  let unjudged = false;
  for (const [what, a, b] of pairs) {
    const fit = fitOf(a, b);
    if (fit === "match") continue;
    if (fit === "unknown") {
      unjudged = true;
      continue;
    }
    const reason =
      a.kind === "fwd" && a.name === b.name
        ? `${a.name} (${what}) is only forward-declared in the program; libbpf needs the definition (include vmlinux.h)`
        : what === "returns"
          ? `returns ${show(b)} there, the program expects ${show(a)}`
          : `${what} is ${show(b)} there, the program passes ${show(a)}`;
    if (fit === "incompatible") return { fit, reason };
    differs ??= { fit, reason };
  }
  return differs ?? { fit: unjudged ? "unknown" : "match" };
}

function count(n: number): string {
  return `${n} argument${n === 1 ? "" : "s"}`;
}
