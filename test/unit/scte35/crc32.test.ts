import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32Mpeg2 } from '../../../src/scte35/crc32';
import { fromBase64 } from '../../../src/scte35/bytes';

describe('crc32Mpeg2', () => {
  it('gives the CRC-32/MPEG-2 check value for "123456789"', () => {
    expect(crc32Mpeg2(new TextEncoder().encode('123456789'))).toBe(0x0376e6e7);
  });

  it('gives 0xFFFFFFFF for no bytes (initial value, no final xor)', () => {
    expect(crc32Mpeg2(new Uint8Array(0))).toBe(0xffffffff);
  });

  it('matches the CRC_32 carried by SCTE 35 sample 14.1, and is 0 over a whole section', () => {
    const b = fromBase64('/DA0AAAAAAAA///wBQb+cr0AUAAeAhxDVUVJSAAAjn/PAAGlmbAICAAAAAAsoKGKNAIAmsnRfg==');
    expect(crc32Mpeg2(b, 0, b.length - 4)).toBe(0x9ac9d17e);
    expect(crc32Mpeg2(b)).toBe(0);
  });

  it('computes over [start, end) only', () => {
    const b = new TextEncoder().encode('xx123456789yy');
    expect(crc32Mpeg2(b, 2, 11)).toBe(0x0376e6e7);
  });
});

describe('crc32Mpeg2 against a bit-at-a-time reference', () => {
  /** The definition, one bit at a time (ISO/IEC 13818-1 Annex A). */
  function reference(bytes: Uint8Array, start: number, end: number): number {
    let crc = 0xffffffff;
    for (let i = start; i < end; i++) {
      for (let bit = 7; bit >= 0; bit--) {
        const top = (crc >>> 31) ^ ((bytes[i] >> bit) & 1);
        crc = ((crc << 1) >>> 0) ^ (top ? 0x04c11db7 : 0);
        crc >>>= 0;
      }
    }
    return crc;
  }

  it('agrees on random bytes and ranges', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const start = bytes.length ? a % (bytes.length + 1) : 0;
        const end = start + (bytes.length - start ? b % (bytes.length - start + 1) : 0);
        expect(crc32Mpeg2(bytes, start, end)).toBe(reference(bytes, start, end));
      }),
      { numRuns: 500 },
    );
  });
});
