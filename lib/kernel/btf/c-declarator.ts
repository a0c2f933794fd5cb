import type { Btf } from "./btf";
import { BtfError } from "./btf-error";
import type { BtfComposite, BtfEnum, BtfFuncProto } from "./btf-model";

// Builds C declarations from BTF type chains the way C's declarator syntax needs them: inside out.
// Starting from the declared name, each PTR prepends "*", each ARRAY appends "[n]", each FUNC_PROTO
// appends "(params)"; an ARRAY or FUNC_PROTO under a pointer wraps the pointer part in parentheses
// ("void (*cb)(void *)", "int (*rows)[4]"). Qualifiers wait for the next PTR (and go after its star:
// "char *const p") or reach the base type (and go before it: "const char *p"); qualifiers on an array
// apply to its elements, as in C.

export interface RenderOptions {
  /**
   * TYPE_TAG rendering. "attribute" (the default for renderType) writes `__attribute__((name))` for
   * attribute-form tags (kind_flag set, e.g. arena pointers' `address_space(1)`) and
   * `__attribute__((btf_type_tag("name")))` for the others, after the type it qualifies:
   * `void __attribute__((address_space(1))) *`. "drop" leaves tags out, giving the plain C the
   * kernel source spells (kfunc prototypes use this).
   */
  typeTags?: "attribute" | "drop";
}

/** A qualifier waiting for its place: const/volatile/restrict, or a type tag's attribute text. */
interface Pending {
  text: string;
  isTag: boolean;
}

// Deep enough for any real type (a chain of distinct types this long is corrupt BTF, and deeper
// recursion would overflow the stack).
const MAX_DEPTH = 256;

// Types one rendering may visit. Anonymous structs and function prototypes are written out wherever
// they are used, so corrupt BTF that uses one over and over (20 prototypes, each taking the previous
// one twice as parameters) would render 2^20 times. No kernel type needs more than ~2,000.
const MAX_VISITS = 10_000;

/**
 * What renderings of one BTF learnt from their failures, so that rendering the same type again
 * fails at once instead of repeating the work: the types that reach a reference loop (with that
 * loop's error) and, for types interrupted by MAX_VISITS, the fewest visits they need.
 */
interface Failures {
  loops: Map<number, BtfError>;
  visitsAtLeast: Map<number, number>;
}
const failuresOf = new WeakMap<Btf, Failures>();

/** A rendering that reached a type it is inside of: rendering any type on the way always fails. */
class ReferenceLoop extends BtfError {}
/** A rendering over MAX_VISITS: a type it interrupts needs at least one visit more. */
class TooManyVisits extends BtfError {}

const QUALIFIER = { CONST: "const", VOLATILE: "volatile", RESTRICT: "restrict" } as const;

export class CDeclarator {
  private readonly btf: Btf;
  private readonly keepTypeTags: boolean;
  private readonly failures: Failures;
  /** The types being rendered, outermost first (a short list: a linear search beats a Set). */
  private readonly path: number[] = [];
  private visits = 0;

  constructor(btf: Btf, options: RenderOptions = {}) {
    this.btf = btf;
    this.keepTypeTags = (options.typeTags ?? "attribute") === "attribute";
    const failures = failuresOf.get(btf) ?? { loops: new Map(), visitsAtLeast: new Map() };
    failuresOf.set(btf, failures);
    this.failures = failures;
  }

  /** `int *p`, `void (*cb)(void *)`, or the abstract form (`int *`) when `declarator` is "". */
  declare(id: number, declarator: string, pending: readonly Pending[] = [], depth = 0): string {
    const { loops, visitsAtLeast } = this.failures;
    const loop = loops.size > 0 ? loops.get(id) : undefined;
    if (loop) throw new ReferenceLoop(loop.detail, loop.offset);
    if (this.path.includes(id)) {
      const around = this.path.slice(this.path.indexOf(id));
      throw new ReferenceLoop(
        `reference loop: type [${id}] refers back to itself (${[...around, id].map((t) => `[${t}]`).join(" -> ")})`,
        this.btf.recordOffset(id),
      );
    }
    if (depth > MAX_DEPTH) {
      throw new BtfError(`type [${id}] nests deeper than ${MAX_DEPTH} levels`, this.btf.recordOffset(id));
    }
    const needs = visitsAtLeast.size > 0 ? (visitsAtLeast.get(id) ?? 1) : 1;
    if (this.visits + needs > MAX_VISITS) {
      throw new TooManyVisits(
        `rendering needs more than ${MAX_VISITS} types, the limit was reached at type [${id}] (an anonymous type or function prototype used over and over?)`,
        this.btf.recordOffset(id),
      );
    }
    const start = this.visits++;
    this.path.push(id);
    try {
      return this.expand(id, declarator, pending, depth + 1);
    } catch (error) {
      if (error instanceof ReferenceLoop) loops.set(id, error);
      const atLeast = this.visits - start + (error instanceof TooManyVisits ? 1 : 0);
      if (atLeast > (visitsAtLeast.get(id) ?? 0)) visitsAtLeast.set(id, atLeast);
      throw error;
    } finally {
      this.path.pop();
    }
  }

  private expand(id: number, declarator: string, pending: readonly Pending[], next: number): string {
    // A named struct or union reads as its name: decoding its members (hundreds for task_struct,
    // for every kfunc that takes one) would be thrown away.
    const kind = this.btf.kindOf(id);
    if (kind === "STRUCT" || kind === "UNION") {
      const name = this.btf.nameOf(id);
      if (name) return withBase(`${kind.toLowerCase()} ${name}`, declarator, pending);
    }
    const t = this.btf.getType(id);
    switch (t.kind) {
      case "CONST":
      case "VOLATILE":
      case "RESTRICT":
        return this.declare(
          t.type,
          declarator,
          [...pending, { text: QUALIFIER[t.kind], isTag: false }],
          next,
        );
      case "TYPE_TAG": {
        if (!this.keepTypeTags) return this.declare(t.type, declarator, pending, next);
        const text = t.attribute
          ? `__attribute__((${t.name}))`
          : `__attribute__((btf_type_tag("${t.name}")))`;
        return this.declare(t.type, declarator, [...pending, { text, isTag: true }], next);
      }
      case "PTR": {
        const quals = pending.map((p) => p.text).join(" ");
        const inner = quals && declarator ? `${quals} ${declarator}` : quals || declarator;
        return this.declare(t.type, `*${inner}`, [], next);
      }
      case "ARRAY":
        return this.declare(t.type, `${wrapPointer(declarator)}[${t.nelems}]`, pending, next);
      case "FUNC_PROTO":
        // Qualifiers on a function type mean nothing in C; they are dropped.
        return this.declare(t.returnType, `${wrapPointer(declarator)}(${this.params(t, next)})`, [], next);
      case "FUNC":
        return this.declare(t.type, declarator || t.name, pending, next);
      case "VAR": {
        const storage = t.linkage === "static" ? "static " : t.linkage === "extern" ? "extern " : "";
        return storage + this.declare(t.type, declarator || t.name, pending, next);
      }
      case "DATASEC": {
        const names = t.entries.map((e) => this.btf.nameOf(e.type)).join(", ");
        return `/* DATASEC ${t.name}${names ? `: ${names}` : ""} */`;
      }
      case "DECL_TAG":
        return t.attribute ? `__attribute__((${t.name}))` : `__attribute__((btf_decl_tag("${t.name}")))`;
      case "STRUCT":
      case "UNION":
        return withBase(
          t.name ? `${t.kind.toLowerCase()} ${t.name}` : this.compositeBody(t, next),
          declarator,
          pending,
        );
      case "ENUM":
      case "ENUM64":
        return withBase(t.name ? `enum ${t.name}` : enumBody(t), declarator, pending);
      case "FWD":
        return withBase(`${t.fwdKind} ${t.name}`, declarator, pending);
      case "VOID":
      case "INT":
      case "FLOAT":
      case "TYPEDEF":
        return withBase(t.name, declarator, pending);
    }
  }

  /** `struct { int a; unsigned int b: 3; }`: the body on one line (anonymous types are inlined). */
  compositeBody(t: BtfComposite, depth: number, indent: string | null = null): string {
    const keyword = t.kind.toLowerCase();
    const head = t.name ? `${keyword} ${t.name} {` : `${keyword} {`;
    if (t.members.length === 0) return `${head}}`;
    const lines = t.members.map((m) => {
      const bits = m.bitfieldSize > 0 ? `: ${m.bitfieldSize}` : "";
      return `${this.declare(m.type, m.name, [], depth + 1)}${bits};`;
    });
    if (indent === null) return `${head} ${lines.join(" ")} }`;
    return `${head}\n${lines.map((l) => `${indent}${l}`).join("\n")}\n}`;
  }

  private params(proto: BtfFuncProto, depth: number): string {
    const parts = proto.params.map((p) => this.declare(p.type, p.name, [], depth + 1));
    if (proto.variadic) parts.push("...");
    // An empty parameter list in C means "unspecified"; BTF's vlen 0 means "no parameters".
    return parts.length > 0 ? parts.join(", ") : "void";
  }
}

/** `enum { A = 0, B = 1 }` (or with a name). Signedness comes from the kind_flag. */
export function enumBody(t: BtfEnum, indent: string | null = null): string {
  const head = t.name ? `enum ${t.name} {` : "enum {";
  if (t.values.length === 0) return `${head}}`;
  const items = t.values.map((v) => `${v.name} = ${v.value}`);
  if (indent === null) return `${head} ${items.join(", ")} }`;
  return `${head}\n${items.map((i) => `${indent}${i},`).join("\n")}\n}`;
}

/** A pointer part under an array or function needs parentheses: `(*p)[4]`, `(*cb)(void)`. */
function wrapPointer(declarator: string): string {
  return declarator.startsWith("*") ? `(${declarator})` : declarator;
}

/** The base type with its qualifiers before it and its type tags after it, then the declarator. */
function withBase(base: string, declarator: string, pending: readonly Pending[]): string {
  let text = base;
  const quals = pending.filter((p) => !p.isTag).map((p) => p.text);
  if (quals.length > 0) text = `${quals.join(" ")} ${text}`;
  for (const p of pending) if (p.isTag) text += ` ${p.text}`;
  if (!declarator) return text;
  // Abstract arrays read better without the space: "int[4]".
  return declarator.startsWith("[") ? `${text}${declarator}` : `${text} ${declarator}`;
}
