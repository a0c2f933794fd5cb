// Decoded BTF types, one interface per kind. Ids point at other types; 0 is `void`.
// `name` is "" for anonymous types. These are built on demand by Btf.getType, never stored.

export type BtfLinkage = "static" | "global" | "extern";

interface Named {
  id: number;
  name: string;
}

export interface BtfVoid extends Named {
  kind: "VOID";
}

export interface BtfInt extends Named {
  kind: "INT";
  /** Size in bytes. */
  size: number;
  signed: boolean;
  char: boolean;
  bool: boolean;
  /** Legacy bitfield encoding: the value's bit offset and width inside `size` bytes. */
  bitOffset: number;
  bits: number;
}

export interface BtfPtr extends Named {
  kind: "PTR";
  type: number;
}

export interface BtfArray extends Named {
  kind: "ARRAY";
  /** Element type. */
  type: number;
  indexType: number;
  nelems: number;
}

export interface BtfMember {
  name: string;
  type: number;
  /** Offset from the start of the struct, in bits. */
  bitOffset: number;
  /** Width in bits when the member is a bitfield, else 0. */
  bitfieldSize: number;
}

export interface BtfComposite extends Named {
  kind: "STRUCT" | "UNION";
  size: number;
  members: BtfMember[];
}

export interface BtfEnumerator {
  name: string;
  value: bigint;
}

export interface BtfEnum extends Named {
  /** ENUM holds 32-bit values, ENUM64 64-bit values; both may have size 1, 2, 4 or 8. */
  kind: "ENUM" | "ENUM64";
  size: number;
  /** kind_flag: the enumerators are signed. */
  signed: boolean;
  values: BtfEnumerator[];
}

export interface BtfFwd extends Named {
  kind: "FWD";
  /** kind_flag: 0 is `struct name;`, 1 is `union name;`. */
  fwdKind: "struct" | "union";
}

export interface BtfModifier extends Named {
  kind: "TYPEDEF" | "VOLATILE" | "CONST" | "RESTRICT";
  type: number;
}

export interface BtfTypeTag extends Named {
  kind: "TYPE_TAG";
  type: number;
  /**
   * kind_flag: the name is a plain attribute (`__attribute__((address_space(1)))`) rather than a
   * `btf_type_tag("name")`. Newer pahole emits arena pointers this way.
   */
  attribute: boolean;
}

export interface BtfFunc extends Named {
  kind: "FUNC";
  /** The FUNC_PROTO. */
  type: number;
  linkage: BtfLinkage;
}

export interface BtfParam {
  /** "" when unnamed (always so for function-pointer prototypes). */
  name: string;
  type: number;
}

export interface BtfFuncProto extends Named {
  kind: "FUNC_PROTO";
  returnType: number;
  params: BtfParam[];
  /** The last BTF param was the `...` marker (name 0, type 0); it is not in `params`. */
  variadic: boolean;
}

export interface BtfVar extends Named {
  kind: "VAR";
  type: number;
  linkage: BtfLinkage;
}

export interface BtfDatasecEntry {
  /** A VAR (or, for `.ksyms` in BPF objects, an extern FUNC). */
  type: number;
  offset: number;
  size: number;
}

export interface BtfDatasec extends Named {
  kind: "DATASEC";
  size: number;
  entries: BtfDatasecEntry[];
}

export interface BtfFloat extends Named {
  kind: "FLOAT";
  size: number;
}

export interface BtfDeclTag extends Named {
  kind: "DECL_TAG";
  /** The tagged type: a FUNC, VAR, STRUCT, UNION or TYPEDEF. */
  type: number;
  /** -1 tags the type itself; n >= 0 tags its n-th member or parameter. */
  componentIdx: number;
  /** kind_flag: a plain attribute rather than a `btf_decl_tag("name")`. */
  attribute: boolean;
}

export type BtfType =
  | BtfVoid
  | BtfInt
  | BtfPtr
  | BtfArray
  | BtfComposite
  | BtfEnum
  | BtfFwd
  | BtfModifier
  | BtfTypeTag
  | BtfFunc
  | BtfFuncProto
  | BtfVar
  | BtfDatasec
  | BtfFloat
  | BtfDeclTag;
