import { BTF_KIND, type BtfKindName } from "../btf-kinds";

// Builds BTF bytes by hand for tests: one method per kind, ids handed out in order from firstId.
// Not a general encoder: no deduplication of types, strings deduplicated only by exact match.

export interface SplitBase {
  /** The base's type count (its last id + 1): the first id of the split BTF. */
  typeCount: number;
  /** The base's string section size: the first string offset of the split BTF. */
  strLen: number;
}

export interface MemberSpec {
  name: string;
  type: number;
  bitOffset?: number;
  /** Non-zero makes a bitfield; the struct is then written with kind_flag set. */
  bitfieldSize?: number;
}

export type Linkage = "static" | "global" | "extern";
const LINKAGE: Record<Linkage, number> = { static: 0, global: 1, extern: 2 };

export class BtfWriter {
  readonly firstId: number;
  private readonly strStart: number;
  private readonly strBytes: number[] = [];
  private readonly strOffsets = new Map<string, number>([["", 0]]);
  private readonly records: number[][] = [];

  constructor(base?: SplitBase) {
    this.firstId = base ? base.typeCount : 1;
    this.strStart = base ? base.strLen : 0;
    // Base BTF starts its strings with the empty string; split BTF leaves offset 0 to the base.
    if (!base) this.strBytes.push(0);
  }

  /** The id the next added type will get. */
  get nextId(): number {
    return this.firstId + this.records.length;
  }

  get strLen(): number {
    return this.strBytes.length;
  }

  str(text: string): number {
    const known = this.strOffsets.get(text);
    if (known !== undefined) return known;
    const offset = this.strStart + this.strBytes.length;
    this.strBytes.push(...new TextEncoder().encode(text), 0);
    this.strOffsets.set(text, offset);
    return offset;
  }

  /** A record from raw parts, for malformed input. */
  record(
    nameOff: number,
    kind: number,
    vlen: number,
    kindFlag: boolean,
    sizeOrType: number,
    trailer: number[] = [],
  ) {
    const info = ((kindFlag ? 1 : 0) << 31) | ((kind & 0x1f) << 24) | (vlen & 0xffff);
    this.records.push([nameOff, info >>> 0, sizeOrType >>> 0, ...trailer.map((w) => w >>> 0)]);
    return this.nextId - 1;
  }

  private add(
    kind: BtfKindName,
    name: string,
    vlen: number,
    kindFlag: boolean,
    sizeOrType: number,
    trailer: number[] = [],
  ) {
    return this.record(this.str(name), BTF_KIND[kind], vlen, kindFlag, sizeOrType, trailer);
  }

  int(
    name: string,
    size: number,
    opts: { signed?: boolean; char?: boolean; bool?: boolean; bits?: number; offset?: number } = {},
  ) {
    const encoding = (opts.signed ? 1 : 0) | (opts.char ? 2 : 0) | (opts.bool ? 4 : 0);
    const bits = opts.bits ?? size * 8;
    return this.add("INT", name, 0, false, size, [(encoding << 24) | ((opts.offset ?? 0) << 16) | bits]);
  }

  ptr(type: number) {
    return this.add("PTR", "", 0, false, type);
  }

  array(type: number, nelems: number, indexType: number) {
    return this.add("ARRAY", "", 0, false, 0, [type, indexType, nelems]);
  }

  struct(name: string, size: number, members: MemberSpec[]) {
    return this.composite("STRUCT", name, size, members);
  }

  union(name: string, size: number, members: MemberSpec[]) {
    return this.composite("UNION", name, size, members);
  }

  private composite(kind: "STRUCT" | "UNION", name: string, size: number, members: MemberSpec[]) {
    const kindFlag = members.some((m) => (m.bitfieldSize ?? 0) > 0);
    const trailer = members.flatMap((m) => {
      const bitOffset = m.bitOffset ?? 0;
      const offset = kindFlag ? ((m.bitfieldSize ?? 0) << 24) | bitOffset : bitOffset;
      return [this.str(m.name), m.type, offset];
    });
    return this.add(kind, name, members.length, kindFlag, size, trailer);
  }

  enum(name: string, values: [string, number][], opts: { size?: number; signed?: boolean } = {}) {
    const trailer = values.flatMap(([n, v]) => [this.str(n), v]);
    return this.add("ENUM", name, values.length, opts.signed ?? false, opts.size ?? 4, trailer);
  }

  enum64(name: string, values: [string, bigint][], opts: { size?: number; signed?: boolean } = {}) {
    const trailer = values.flatMap(([n, v]) => {
      const bits = BigInt.asUintN(64, v);
      return [this.str(n), Number(bits & 0xffffffffn), Number(bits >> 32n)];
    });
    return this.add("ENUM64", name, values.length, opts.signed ?? false, opts.size ?? 8, trailer);
  }

  fwd(name: string, union = false) {
    return this.add("FWD", name, 0, union, 0);
  }

  typedef(name: string, type: number) {
    return this.add("TYPEDEF", name, 0, false, type);
  }

  volatile(type: number) {
    return this.add("VOLATILE", "", 0, false, type);
  }

  const(type: number) {
    return this.add("CONST", "", 0, false, type);
  }

  restrict(type: number) {
    return this.add("RESTRICT", "", 0, false, type);
  }

  func(name: string, proto: number, linkage: Linkage = "global") {
    return this.add("FUNC", name, LINKAGE[linkage], false, proto);
  }

  funcProto(returnType: number, params: [string, number][], opts: { variadic?: boolean } = {}) {
    const all = opts.variadic ? [...params, ["", 0] as [string, number]] : params;
    return this.add(
      "FUNC_PROTO",
      "",
      all.length,
      false,
      returnType,
      all.flatMap(([n, t]) => [this.str(n), t]),
    );
  }

  var(name: string, type: number, linkage: Linkage = "global") {
    return this.add("VAR", name, 0, false, type, [LINKAGE[linkage]]);
  }

  datasec(name: string, size: number, entries: { type: number; offset: number; size: number }[]) {
    return this.add(
      "DATASEC",
      name,
      entries.length,
      false,
      size,
      entries.flatMap((e) => [e.type, e.offset, e.size]),
    );
  }

  float(name: string, size: number) {
    return this.add("FLOAT", name, 0, false, size);
  }

  declTag(name: string, type: number, componentIdx = -1, attribute = false) {
    return this.add("DECL_TAG", name, 0, attribute, type, [componentIdx]);
  }

  typeTag(name: string, type: number, attribute = false) {
    return this.add("TYPE_TAG", name, 0, attribute, type);
  }

  /** Header, type section, string section (in that order, no gaps). */
  build(opts: { littleEndian?: boolean } = {}): Uint8Array {
    const le = opts.littleEndian ?? true;
    const words = this.records.flat();
    const typeLen = words.length * 4;
    const bytes = new Uint8Array(24 + typeLen + this.strBytes.length);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, 0xeb9f, le);
    view.setUint8(2, 1);
    view.setUint32(4, 24, le);
    view.setUint32(8, 0, le);
    view.setUint32(12, typeLen, le);
    view.setUint32(16, typeLen, le);
    view.setUint32(20, this.strBytes.length, le);
    words.forEach((w, i) => {
      view.setUint32(24 + i * 4, w >>> 0, le);
    });
    bytes.set(this.strBytes, 24 + typeLen);
    return bytes;
  }
}
