import { BtfError } from "./btf-error";
import type { BtfHeader } from "./btf-header";
import { BTF_KIND, BTF_TYPE_HEADER_SIZE, kindName } from "./btf-kinds";

// One pass over the type section. It records where each type record starts (types are variable-sized,
// so ids can only be found by walking) and checks every bound the later lookups rely on: each record
// and trailer fits in the section, every kind is known, every name offset is inside the string
// section, and every referenced type id exists. Nothing is decoded here; decoding is lazy.
//
// This loop runs ~130k times for vmlinux, so it keeps its state in locals: the error paths are
// separate functions (a closure over `off` would move it to the heap and slow every iteration).

export interface BtfScan {
  /** offsets[i] is the byte offset of the record of type id firstId + i. */
  offsets: Uint32Array;
  /** Ids of the DECL_TAG records, in id order (kfunc tags are found through these). */
  declTagIds: number[];
}

export interface ScanLimits {
  /** The id of the first record in this section: 1, or the base's type count for split BTF. */
  firstId: number;
  /** String offsets must be below this (base string size + own string size). */
  strEnd: number;
}

export function scanTypes(view: DataView, header: BtfHeader, limits: ScanLimits): BtfScan {
  const le = header.littleEndian;
  const end = header.typeEnd;
  const { firstId, strEnd } = limits;
  // Every record is at least 12 bytes, which bounds the number of types.
  const offsets = new Uint32Array(Math.floor((end - header.typeStart) / BTF_TYPE_HEADER_SIZE));
  const declTagIds: number[] = [];
  // The largest referenced id and where it was seen; checked once the number of types is known.
  let maxRef = 0;
  let maxRefAt = 0;
  let count = 0;
  let off = header.typeStart;

  while (off < end) {
    const id = firstId + count;
    if (end - off < BTF_TYPE_HEADER_SIZE) {
      throw new BtfError(`truncated type section: type [${id}] needs 12 bytes, ${end - off} remain`, off);
    }
    const nameOff = view.getUint32(off, le);
    const info = view.getUint32(off + 4, le);
    const sizeOrType = view.getUint32(off + 8, le);
    const kind = (info >>> 24) & 0x1f;
    const vlen = info & 0xffff;
    if (nameOff >= strEnd) throwBadName(nameOff, off, `type [${id}]`, strEnd);
    offsets[count++] = off;
    const recordAt = off;
    off += BTF_TYPE_HEADER_SIZE;

    // Bytes of trailer after the 12-byte header, and its entry size for kinds with vlen entries.
    let trailer = 0;
    // The third header word is a type id for these kinds (a size for the others).
    let headerRef = false;
    switch (kind) {
      case BTF_KIND.INT: // u32 encoding/offset/bits
      case BTF_KIND.VAR: // u32 linkage
      case BTF_KIND.DECL_TAG: // s32 component_idx
        trailer = 4;
        headerRef = kind !== BTF_KIND.INT;
        break;
      case BTF_KIND.PTR:
      case BTF_KIND.TYPEDEF:
      case BTF_KIND.VOLATILE:
      case BTF_KIND.CONST:
      case BTF_KIND.RESTRICT:
      case BTF_KIND.FUNC:
      case BTF_KIND.TYPE_TAG:
        headerRef = true;
        break;
      case BTF_KIND.FWD:
      case BTF_KIND.FLOAT:
        break;
      case BTF_KIND.ARRAY: // btf_array: type, index_type, nelems
        trailer = 12;
        break;
      case BTF_KIND.STRUCT: // btf_member: name_off, type, offset
      case BTF_KIND.UNION:
      case BTF_KIND.ENUM64: // btf_enum64: name_off, val_lo32, val_hi32
      case BTF_KIND.DATASEC: // btf_var_secinfo: type, offset, size
        trailer = vlen * 12;
        break;
      case BTF_KIND.ENUM: // btf_enum: name_off, val
        trailer = vlen * 8;
        break;
      case BTF_KIND.FUNC_PROTO: // return type in the header; btf_param: name_off, type
        trailer = vlen * 8;
        headerRef = true;
        break;
      default:
        throw new BtfError(
          kind === 0
            ? `invalid BTF kind 0 (UNKN) in type [${id}]`
            : `unknown BTF kind ${kind} in type [${id}]`,
          recordAt + 4,
        );
    }
    if (off + trailer > end) throwTruncatedTrailer(trailer, id, kind, vlen, off, end);
    if (headerRef && sizeOrType > maxRef) {
      maxRef = sizeOrType;
      maxRefAt = recordAt + 8;
    }

    switch (kind) {
      case BTF_KIND.ARRAY:
        for (let at = off; at < off + 8; at += 4) {
          const ref = view.getUint32(at, le);
          if (ref > maxRef) {
            maxRef = ref;
            maxRefAt = at;
          }
        }
        break;
      case BTF_KIND.STRUCT:
      case BTF_KIND.UNION:
      case BTF_KIND.FUNC_PROTO: {
        // Named entries that each reference a type (the second word).
        const stride = kind === BTF_KIND.FUNC_PROTO ? 8 : 12;
        for (let at = off, stop = off + trailer; at < stop; at += stride) {
          const entryName = view.getUint32(at, le);
          if (entryName >= strEnd) throwBadName(entryName, at, `an entry of type [${id}]`, strEnd);
          const ref = view.getUint32(at + 4, le);
          if (ref > maxRef) {
            maxRef = ref;
            maxRefAt = at + 4;
          }
        }
        break;
      }
      case BTF_KIND.ENUM:
      case BTF_KIND.ENUM64: {
        const stride = kind === BTF_KIND.ENUM ? 8 : 12;
        for (let at = off, stop = off + trailer; at < stop; at += stride) {
          const entryName = view.getUint32(at, le);
          if (entryName >= strEnd) throwBadName(entryName, at, `an enumerator of type [${id}]`, strEnd);
        }
        break;
      }
      case BTF_KIND.DATASEC:
        for (let at = off, stop = off + trailer; at < stop; at += 12) {
          const ref = view.getUint32(at, le);
          if (ref > maxRef) {
            maxRef = ref;
            maxRefAt = at;
          }
        }
        break;
      case BTF_KIND.DECL_TAG:
        declTagIds.push(id);
        break;
    }
    off += trailer;
  }

  const typeCount = firstId + count;
  if (maxRef >= typeCount) {
    throw new BtfError(`type id ${maxRef} out of range: the last type is [${typeCount - 1}]`, maxRefAt);
  }
  return { offsets: offsets.subarray(0, count), declTagIds };
}

function throwBadName(nameOff: number, at: number, what: string, strEnd: number): never {
  throw new BtfError(`string offset ${nameOff} of ${what} is beyond the string section (size ${strEnd})`, at);
}

function throwTruncatedTrailer(
  bytes: number,
  id: number,
  kind: number,
  vlen: number,
  off: number,
  end: number,
): never {
  throw new BtfError(
    `truncated type section: type [${id}] ${kindName(kind)} with vlen ${vlen} needs ${bytes} more bytes, ${end - off} remain`,
    off,
  );
}
