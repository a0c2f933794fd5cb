import { BtfError } from "./btf-error";
import { type BtfHeader, readBtfHeader } from "./btf-header";
import { BTF_KIND, type BtfKindName, kindName } from "./btf-kinds";
import type { BtfLinkage, BtfMember, BtfType } from "./btf-model";
import { scanTypes } from "./btf-scan";
import { BtfStrings } from "./btf-strings";

// A parsed BTF blob: the header, a record-offset index from one scan, and lazy decoders.
// Type ids are global across a base and its split BTF: ids below `firstId` belong to the base.

export interface ParseBtfOptions {
  /** The base BTF (vmlinux) when `bytes` is split BTF such as /sys/kernel/btf/<module>. */
  base?: Btf;
}

export function parseBtf(bytes: Uint8Array, options: ParseBtfOptions = {}): Btf {
  return new Btf(bytes, options.base ?? null);
}

const LINKAGES: readonly BtfLinkage[] = ["static", "global", "extern"];

export class Btf {
  readonly header: BtfHeader;
  readonly base: Btf | null;
  /** The first id this blob defines: 1 for base BTF, the base's typeCount for split BTF. */
  readonly firstId: number;
  /** Ids 0 .. typeCount-1 are valid (0 is void), including the base's. */
  readonly typeCount: number;
  /** DECL_TAG ids defined by this blob (not the base's). */
  readonly declTagIds: readonly number[];
  private readonly view: DataView;
  private readonly le: boolean;
  private readonly strings: BtfStrings;
  private readonly offsets: Uint32Array;

  constructor(bytes: Uint8Array, base: Btf | null) {
    this.header = readBtfHeader(bytes);
    this.base = base;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.le = this.header.littleEndian;
    const { strStart, strEnd } = this.header;
    this.strings = new BtfStrings(bytes.subarray(strStart, strEnd), strStart, base ? base.strings : null);
    this.firstId = base ? base.typeCount : 1;
    const scan = scanTypes(this.view, this.header, { firstId: this.firstId, strEnd: this.strings.end });
    this.offsets = scan.offsets;
    this.declTagIds = scan.declTagIds;
    this.typeCount = this.firstId + scan.offsets.length;
  }

  /** The string at a BTF string offset (base strings included). */
  str(offset: number): string {
    return this.strings.get(offset);
  }

  /** Byte offset of a local type's record in this blob's input, or null for void and base types. */
  recordOffset(id: number): number | null {
    return id >= this.firstId ? (this.offsets[id - this.firstId] ?? null) : null;
  }

  /** The kind of a type without decoding it. */
  kindOf(id: number): BtfKindName | "VOID" {
    if (id === 0) return "VOID";
    if (id < this.firstId && this.base) return this.base.kindOf(id);
    const at = this.recordAt(id);
    return kindName((this.view.getUint32(at + 4, this.le) >>> 24) & 0x1f) as BtfKindName;
  }

  /** The name of a type ("" when anonymous, "void" for id 0). */
  nameOf(id: number): string {
    if (id === 0) return "void";
    if (id < this.firstId && this.base) return this.base.nameOf(id);
    return this.str(this.view.getUint32(this.recordAt(id), this.le));
  }

  getType(id: number): BtfType {
    if (id === 0) return { kind: "VOID", id: 0, name: "void" };
    if (id < this.firstId && this.base) return this.base.getType(id);
    const at = this.recordAt(id);
    const v = this.view;
    const le = this.le;
    const name = this.str(v.getUint32(at, le));
    const info = v.getUint32(at + 4, le);
    const sizeOrType = v.getUint32(at + 8, le);
    const kind = (info >>> 24) & 0x1f;
    const vlen = info & 0xffff;
    const kindFlag = info >>> 31 === 1;
    const t = at + 12;
    switch (kind) {
      case BTF_KIND.INT: {
        // Trailer: bits 24-27 encoding (1 SIGNED, 2 CHAR, 4 BOOL), 16-23 offset, 0-7 nr_bits.
        const word = v.getUint32(t, le);
        const encoding = (word >>> 24) & 0x0f;
        return {
          kind: "INT",
          id,
          name,
          size: sizeOrType,
          signed: (encoding & 1) !== 0,
          char: (encoding & 2) !== 0,
          bool: (encoding & 4) !== 0,
          bitOffset: (word >>> 16) & 0xff,
          bits: word & 0xff,
        };
      }
      case BTF_KIND.PTR:
        return { kind: "PTR", id, name, type: sizeOrType };
      case BTF_KIND.ARRAY:
        return {
          kind: "ARRAY",
          id,
          name,
          type: v.getUint32(t, le),
          indexType: v.getUint32(t + 4, le),
          nelems: v.getUint32(t + 8, le),
        };
      case BTF_KIND.STRUCT:
      case BTF_KIND.UNION:
        return {
          kind: kind === BTF_KIND.STRUCT ? "STRUCT" : "UNION",
          id,
          name,
          size: sizeOrType,
          members: this.readMembers(t, vlen, kindFlag),
        };
      case BTF_KIND.ENUM: {
        const values = [];
        for (let i = 0, e = t; i < vlen; i++, e += 8) {
          const raw = v.getUint32(e + 4, le);
          // kind_flag set means the values are signed.
          values.push({ name: this.str(v.getUint32(e, le)), value: BigInt(kindFlag ? raw | 0 : raw) });
        }
        return { kind: "ENUM", id, name, size: sizeOrType, signed: kindFlag, values };
      }
      case BTF_KIND.ENUM64: {
        const values = [];
        for (let i = 0, e = t; i < vlen; i++, e += 12) {
          const bits = (BigInt(v.getUint32(e + 8, le)) << 32n) | BigInt(v.getUint32(e + 4, le));
          values.push({
            name: this.str(v.getUint32(e, le)),
            value: kindFlag ? BigInt.asIntN(64, bits) : bits,
          });
        }
        return { kind: "ENUM64", id, name, size: sizeOrType, signed: kindFlag, values };
      }
      case BTF_KIND.FWD:
        return { kind: "FWD", id, name, fwdKind: kindFlag ? "union" : "struct" };
      case BTF_KIND.TYPEDEF:
      case BTF_KIND.VOLATILE:
      case BTF_KIND.CONST:
      case BTF_KIND.RESTRICT:
        return {
          kind: kindName(kind) as "TYPEDEF" | "VOLATILE" | "CONST" | "RESTRICT",
          id,
          name,
          type: sizeOrType,
        };
      case BTF_KIND.TYPE_TAG:
        return { kind: "TYPE_TAG", id, name, type: sizeOrType, attribute: kindFlag };
      case BTF_KIND.FUNC:
        // A FUNC's vlen holds its linkage.
        return { kind: "FUNC", id, name, type: sizeOrType, linkage: this.linkage(vlen, id, at + 4) };
      case BTF_KIND.FUNC_PROTO: {
        const params = [];
        let variadic = false;
        for (let i = 0, p = t; i < vlen; i++, p += 8) {
          const paramName = v.getUint32(p, le);
          const paramType = v.getUint32(p + 4, le);
          // A last parameter with neither name nor type is the `...` of a variadic function.
          if (i === vlen - 1 && paramName === 0 && paramType === 0) variadic = true;
          else params.push({ name: this.str(paramName), type: paramType });
        }
        return { kind: "FUNC_PROTO", id, name, returnType: sizeOrType, params, variadic };
      }
      case BTF_KIND.VAR:
        return { kind: "VAR", id, name, type: sizeOrType, linkage: this.linkage(v.getUint32(t, le), id, t) };
      case BTF_KIND.DATASEC: {
        const entries = [];
        for (let i = 0, e = t; i < vlen; i++, e += 12) {
          entries.push({
            type: v.getUint32(e, le),
            offset: v.getUint32(e + 4, le),
            size: v.getUint32(e + 8, le),
          });
        }
        return { kind: "DATASEC", id, name, size: sizeOrType, entries };
      }
      case BTF_KIND.FLOAT:
        return { kind: "FLOAT", id, name, size: sizeOrType };
      case BTF_KIND.DECL_TAG:
        return {
          kind: "DECL_TAG",
          id,
          name,
          type: sizeOrType,
          componentIdx: v.getInt32(t, le),
          attribute: kindFlag,
        };
      default:
        // The scan rejected unknown kinds already.
        throw new BtfError(`unknown BTF kind ${kind} in type [${id}]`, at + 4);
    }
  }

  private recordAt(id: number): number {
    const at = id >= this.firstId ? this.offsets[id - this.firstId] : undefined;
    if (at === undefined) {
      throw new BtfError(`type id ${id} out of range: valid ids are ${this.firstId}..${this.typeCount - 1}`);
    }
    return at;
  }

  private linkage(value: number, id: number, at: number): BtfLinkage {
    const linkage = LINKAGES[value];
    if (linkage === undefined) throw new BtfError(`unknown linkage ${value} in type [${id}]`, at);
    return linkage;
  }

  private readMembers(at: number, vlen: number, kindFlag: boolean): BtfMember[] {
    const v = this.view;
    const le = this.le;
    const members: BtfMember[] = [];
    for (let i = 0, m = at; i < vlen; i++, m += 12) {
      const type = v.getUint32(m + 4, le);
      const offset = v.getUint32(m + 8, le);
      // kind_flag set: offset holds bitfield_size in bits 24-31 and bit_offset in bits 0-23.
      // kind_flag clear: offset is the bit offset; an old-style bitfield shows as an INT whose
      // nr_bits is smaller than its size.
      members.push({
        name: this.str(v.getUint32(m, le)),
        type,
        bitOffset: kindFlag ? offset & 0xffffff : offset,
        bitfieldSize: kindFlag ? offset >>> 24 : this.legacyBitfieldSize(type),
      });
    }
    return members;
  }

  private legacyBitfieldSize(type: number): number {
    if (this.kindOf(type) !== "INT") return 0;
    const int = this.getType(type);
    return int.kind === "INT" && int.bits !== int.size * 8 ? int.bits : 0;
  }
}
