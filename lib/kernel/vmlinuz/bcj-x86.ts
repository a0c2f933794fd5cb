// The x86 BCJ filter's decoder (xz filter id 0x04), as in xz-embedded's xz_dec_bcj.c.
//
// The kernel compresses its xz payload with `xz --x86 --lzma2`: before compression, the 32-bit
// relative targets of CALL (E8) and JMP (E9) instructions were made absolute, which compresses
// better. Decoding turns them back into relative targets. The wasm xz decoder in use has no BCJ
// support, so the LZMA2 data is decoded there and this filter runs here, over the whole block at once
// (the same result as the streaming decoder: the filter keeps no state across a block but the
// position, and the last 4 bytes are never filtered).

const MASK_TO_ALLOWED_STATUS = [true, true, true, false, true, false, false, false];
const MASK_TO_BIT_NUM = [0, 1, 2, 2, 3, 3, 3, 3];

function testMsByte(b: number): boolean {
  return b === 0x00 || b === 0xff;
}

/** Undo the x86 BCJ filter in place. `startOffset` is the filter's start offset property (usually 0). */
export function bcjX86Decode(buf: Uint8Array, startOffset = 0): void {
  if (buf.length <= 4) return;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const size = buf.length - 4;
  let prevPos = -1;
  let prevMask = 0;
  for (let i = 0; i < size; i++) {
    if (((buf[i] as number) & 0xfe) !== 0xe8) continue;
    const distance = i - prevPos;
    if (distance > 3) {
      prevMask = 0;
    } else {
      prevMask = (prevMask << (distance - 1)) & 7;
      if (prevMask !== 0) {
        const b = buf[i + 4 - (MASK_TO_BIT_NUM[prevMask] as number)] as number;
        if (!MASK_TO_ALLOWED_STATUS[prevMask] || testMsByte(b)) {
          prevPos = i;
          prevMask = (prevMask << 1) | 1;
          continue;
        }
      }
    }
    prevPos = i;
    if (testMsByte(buf[i + 4] as number)) {
      let src = view.getUint32(i + 1, true);
      let dest: number;
      for (;;) {
        dest = (src - (startOffset + i + 5)) >>> 0;
        if (prevMask === 0) break;
        const j = (MASK_TO_BIT_NUM[prevMask] as number) * 8;
        const b = (dest >>> (24 - j)) & 0xff;
        if (!testMsByte(b)) break;
        src = (dest ^ (2 ** (32 - j) - 1)) >>> 0;
      }
      dest &= 0x01ffffff;
      dest = (dest | -(dest & 0x01000000)) >>> 0;
      view.setUint32(i + 1, dest, true);
      i += 4;
    } else {
      prevMask = (prevMask << 1) | 1;
    }
  }
}
