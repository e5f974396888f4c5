/**
 * CRC-32/MPEG-2 (ISO/IEC 13818-1 Annex A; SCTE 35 2023 §9.6.1 CRC_32): polynomial 0x04C11DB7, initial value
 * 0xFFFFFFFF, no reflection, no final xor. Table-driven, one lookup per byte. Over a whole section including its
 * CRC_32 field the result is 0.
 */
const TABLE = /* @__PURE__ */ makeTable();

function makeTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c >>> 0;
  }
  return t;
}

export function crc32Mpeg2(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ bytes[i]) & 0xff];
  return crc >>> 0;
}
