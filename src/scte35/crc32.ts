/**
 * CRC-32/MPEG-2 (ISO/IEC 13818-1 Annex A; SCTE 35 2023 §9.6.1 CRC_32): polynomial 0x04C11DB7, initial value
 * 0xFFFFFFFF, no reflection, no final xor. Over a whole section including its CRC_32 field the result is 0.
 *
 * Table-driven, eight bytes per step ("slicing by 8"): TABLES[k][b] is the CRC of byte b followed by k zero bytes,
 * so XORing four input bytes into the register and looking up each of its bytes (in T7..T4), together with the
 * next four input bytes (in T3..T0), advances it by eight bytes at once. Int32Array, not Uint32Array, so that every value stays an int32 for the JIT.
 */
const TABLES = /* @__PURE__ */ makeTables();
const T0 = TABLES[0];
const T1 = TABLES[1];
const T2 = TABLES[2];
const T3 = TABLES[3];
const T4 = TABLES[4];
const T5 = TABLES[5];
const T6 = TABLES[6];
const T7 = TABLES[7];

function makeTables(): Int32Array[] {
  const t0 = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t0[i] = c;
  }
  const tables = [t0];
  for (let k = 1; k < 8; k++) {
    const prev = tables[k - 1];
    const t = new Int32Array(256);
    for (let i = 0; i < 256; i++) t[i] = (prev[i] << 8) ^ t0[prev[i] >>> 24];
    tables.push(t);
  }
  return tables;
}

export function crc32Mpeg2(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = -1;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    crc ^= (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3];
    crc = T7[crc >>> 24] ^ T6[(crc >>> 16) & 0xff] ^ T5[(crc >>> 8) & 0xff] ^ T4[crc & 0xff] ^
      T3[bytes[i + 4]] ^ T2[bytes[i + 5]] ^ T1[bytes[i + 6]] ^ T0[bytes[i + 7]];
  }
  for (; i + 4 <= end; i += 4) {
    crc ^= (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3];
    crc = T3[crc >>> 24] ^ T2[(crc >>> 16) & 0xff] ^ T1[(crc >>> 8) & 0xff] ^ T0[crc & 0xff];
  }
  for (; i < end; i++) crc = (crc << 8) ^ T0[((crc >>> 24) ^ bytes[i]) & 0xff];
  return crc >>> 0;
}
