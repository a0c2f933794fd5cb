import type { Btf } from "./btf";
import { BtfError } from "./btf-error";
import { CDeclarator, enumBody, type RenderOptions } from "./c-declarator";

// Public C rendering of BTF types. Spelling is BTF's, not the source's: `long int`, `_Bool`,
// typedef names as recorded, unnamed parameters in function-pointer types.

export type { RenderOptions } from "./c-declarator";

/**
 * Any type as C. With `name`, a declaration of that name (`int (*handler)(void *)`); without, the
 * abstract type (`int (*)(void *)`). A FUNC renders as its prototype, a VAR as its declaration,
 * an anonymous struct/union/enum with its body inline, a DATASEC as a comment naming its entries,
 * a DECL_TAG as its attribute.
 */
export function renderType(btf: Btf, id: number, name = "", options: RenderOptions = {}): string {
  return new CDeclarator(btf, options).declare(id, name);
}

/**
 * A FUNC as a C prototype from its FUNC_PROTO, e.g. `struct bpf_cpumask *bpf_cpumask_create(void)`.
 * Type tags are dropped by default here so the result reads like kernel source; pass
 * `{ typeTags: "attribute" }` to keep them.
 */
export function renderFuncPrototype(btf: Btf, funcId: number, options: RenderOptions = {}): string {
  const func = btf.getType(funcId);
  if (func.kind !== "FUNC") {
    throw new BtfError(`type [${funcId}] is ${func.kind}, not FUNC`, btf.recordOffset(funcId));
  }
  const protoKind = btf.kindOf(func.type);
  if (protoKind !== "FUNC_PROTO") {
    throw new BtfError(
      `FUNC [${funcId}] '${func.name}' points at type [${func.type}] (${protoKind}), not a FUNC_PROTO`,
      btf.recordOffset(funcId),
    );
  }
  return new CDeclarator(btf, { typeTags: "drop", ...options }).declare(func.type, func.name);
}

/**
 * A definition as it would appear in a header: a named struct/union with one member per line
 * (bitfields as `unsigned int flag: 1;`), an enum with its enumerators, `typedef … name;`,
 * `struct name;` for a FWD. A DATASEC renders as its comment; other kinds as renderType does, followed by ";".
 */
export function renderDefinition(btf: Btf, id: number, options: RenderOptions = {}): string {
  const declarator = new CDeclarator(btf, options);
  const t = btf.getType(id);
  switch (t.kind) {
    case "STRUCT":
    case "UNION":
      return `${declarator.compositeBody(t, 0, "\t")};`;
    case "ENUM":
    case "ENUM64":
      return `${enumBody(t, "\t")};`;
    case "TYPEDEF":
      return `typedef ${declarator.declare(t.type, t.name)};`;
    case "FWD":
      return `${t.fwdKind} ${t.name};`;
    case "DATASEC":
      return declarator.declare(id, "");
    default:
      return `${declarator.declare(id, "")};`;
  }
}
