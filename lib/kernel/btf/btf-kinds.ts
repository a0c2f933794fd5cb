// BTF kind numbers, as in the kernel's include/uapi/linux/btf.h. A type record is a 12-byte
// `struct btf_type` (name_off, info, size_or_type) followed by a kind-specific trailer.
//
// info word: bits 0-15 vlen (number of trailer entries), bits 24-28 kind, bit 31 kind_flag.

export const BTF_KIND = {
  INT: 1,
  PTR: 2,
  ARRAY: 3,
  STRUCT: 4,
  UNION: 5,
  ENUM: 6,
  FWD: 7,
  TYPEDEF: 8,
  VOLATILE: 9,
  CONST: 10,
  RESTRICT: 11,
  FUNC: 12,
  FUNC_PROTO: 13,
  VAR: 14,
  DATASEC: 15,
  FLOAT: 16,
  DECL_TAG: 17,
  TYPE_TAG: 18,
  ENUM64: 19,
} as const;

export type BtfKindName = keyof typeof BTF_KIND;

const NAMES: readonly (BtfKindName | undefined)[] = (() => {
  const names: (BtfKindName | undefined)[] = [];
  for (const [name, value] of Object.entries(BTF_KIND)) names[value] = name as BtfKindName;
  return names;
})();

/** The kind's name ("STRUCT"), or undefined for 0 (UNKN) and unknown numbers. */
export function kindName(kind: number): BtfKindName | undefined {
  return NAMES[kind];
}

/** Size of the fixed header of every type record. */
export const BTF_TYPE_HEADER_SIZE = 12;
