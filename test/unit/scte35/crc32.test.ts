import { describe, expect, it } from 'vitest';
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
