import { describe, expect, it } from "vitest";
import { parseBtf } from "./btf";
import { BtfError } from "./btf-error";
import { readBtfKfuncs } from "./read-kfuncs";
import { renderType } from "./render";
import { BtfWriter } from "./testing/btf-writer";
import { seededRandom } from "./testing/seeded-random";

// Bad input always ends in a BtfError that says what was wrong and where, never a RangeError or a hang.

function errorOf(run: () => unknown): BtfError {
  try {
    run();
  } catch (error) {
    if (error instanceof BtfError) return error;
    throw error;
  }
  throw new Error("expected a BtfError, but nothing was thrown");
}

function validBtf(): Uint8Array {
  const w = new BtfWriter();
  const int = w.int("int", 4, { signed: true });
  const s = w.struct("pair", 8, [
    { name: "a", type: int },
    { name: "b", type: int, bitOffset: 32 },
  ]);
  const f = w.func("bpf_pair_sum", w.funcProto(int, [["p", w.ptr(s)]]));
  w.declTag("bpf_kfunc", f);
  return w.build();
}

function setU32(bytes: Uint8Array, at: number, value: number) {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, value, true);
}

describe("BTF bad input", () => {
  it("rejects an empty buffer", () => {
    expect(errorOf(() => parseBtf(new Uint8Array(0))).message).toMatch(/empty input/);
  });

  it("rejects a wrong magic, showing the bytes found", () => {
    const error = errorOf(() => parseBtf(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 0])));
    expect(error.message).toMatch(/bad BTF magic.*found 7f 45/);
    expect(error.offset).toBe(0);
  });

  it("rejects a truncated header", () => {
    expect(errorOf(() => parseBtf(validBtf().subarray(0, 10))).message).toMatch(
      /truncated BTF header: need 24 bytes, have 10/,
    );
  });

  it("rejects an unsupported version", () => {
    const bytes = validBtf();
    bytes[2] = 2;
    expect(errorOf(() => parseBtf(bytes)).message).toMatch(/unsupported BTF version 2/);
  });

  it("rejects a type section that runs past the end of the input", () => {
    const bytes = validBtf();
    const error = errorOf(() => parseBtf(bytes.subarray(0, 40)));
    expect(error.message).toMatch(/truncated type section: it spans bytes 24\.\.\d+ but input has 40 bytes/);
  });

  it("rejects a record whose trailer runs past the type section", () => {
    const w = new BtfWriter();
    const int = w.int("int", 4);
    w.struct("pair", 8, [
      { name: "a", type: int },
      { name: "b", type: int },
    ]);
    const bytes = w.build();
    // Shrink type_len by one member (12 bytes) and move the string section start with it.
    setU32(bytes, 12, 16 + 12 + 12);
    const error = errorOf(() => parseBtf(bytes));
    expect(error.message).toMatch(/type \[2\] STRUCT with vlen 2 needs 24 more bytes, 12 remain/);
    expect(error.offset).toBe(24 + 16 + 12);
  });

  it("rejects a string offset beyond the string section, naming the type and byte", () => {
    const bytes = validBtf();
    setU32(bytes, 24, 9999); // name_off of type [1]
    const error = errorOf(() => parseBtf(bytes));
    expect(error.message).toMatch(/string offset 9999 of type \[1\] is beyond the string section/);
    expect(error.offset).toBe(24);
  });

  it("rejects a reference to a type id that does not exist", () => {
    const w = new BtfWriter();
    w.ptr(42);
    const error = errorOf(() => parseBtf(w.build()));
    expect(error.message).toMatch(/type id 42 out of range: the last type is \[1\]/);
    expect(error.offset).toBe(24 + 8);
  });

  it("rejects unknown kinds and kind 0", () => {
    const unknown = new BtfWriter();
    unknown.record(0, 25, 0, false, 0);
    expect(errorOf(() => parseBtf(unknown.build())).message).toMatch(/unknown BTF kind 25 in type \[1\]/);
    const zero = new BtfWriter();
    zero.record(0, 0, 0, false, 0);
    expect(errorOf(() => parseBtf(zero.build())).message).toMatch(/invalid BTF kind 0/);
  });

  it("rejects a string section without a final NUL", () => {
    const bytes = validBtf();
    bytes[bytes.length - 1] = 0x41;
    expect(errorOf(() => parseBtf(bytes)).message).toMatch(/string section does not end with a NUL byte/);
  });

  it("explains that split BTF needs its base", () => {
    const w = new BtfWriter({ typeCount: 10, strLen: 100 });
    w.func("mod_func", 3);
    expect(errorOf(() => parseBtf(w.build())).message).toMatch(/looks like split \(module\) BTF/);
  });

  it("rejects an unknown FUNC linkage when the FUNC is decoded", () => {
    const w = new BtfWriter();
    const f = w.record(w.str("f"), 12, 7, false, 0);
    const btf = parseBtf(w.build());
    expect(() => btf.getType(f)).toThrow(/unknown linkage 7 in type \[1\]/);
    expect(() => btf.getType(99)).toThrow(/type id 99 out of range/);
  });

  it("throws only BtfError for every truncation and for random corruption", () => {
    const bytes = validBtf();
    for (let length = 0; length < bytes.length; length++) {
      expect(() => parseBtf(bytes.subarray(0, length))).toThrow(BtfError);
    }
    const random = seededRandom(12345);
    for (let round = 0; round < 2000; round++) {
      const copy = bytes.slice();
      for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--) {
        copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      }
      try {
        const btf = parseBtf(copy);
        for (let id = 0; id < btf.typeCount; id++) renderType(btf, id, "x");
        readBtfKfuncs(copy);
      } catch (error) {
        if (!(error instanceof BtfError)) throw new Error(`round ${round}: ${String(error)}`);
      }
    }
  });
});
