import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromBase64, fromHex, toBase64, toHex } from '../../../src/scte35/bytes';
import { Scte35Error } from '../../../src/scte35/scte35Error';

function failure(fn: () => unknown): { kind: string; offset: number } {
  try {
    fn();
  } catch (e) {
    if (e instanceof Scte35Error) return { kind: e.kind, offset: e.offset };
    throw e;
  }
  throw new Error('no error');
}

describe('fromBase64', () => {
  it('decodes RFC 4648 test vectors, with and without padding', () => {
    const dec = (s: string) => new TextDecoder().decode(fromBase64(s));
    expect(['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy'].map(dec)).toEqual(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar']);
    expect(['Zg', 'Zm8', 'Zm9vYg'].map(dec)).toEqual(['f', 'fo', 'foob']);
  });

  it('agrees with Node on random bytes, standard and URL-safe alphabets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const std = Buffer.from(bytes).toString('base64');
        expect(toHex(fromBase64(std))).toBe(toHex(bytes));
        expect(toHex(fromBase64(Buffer.from(bytes).toString('base64url')))).toBe(toHex(bytes));
        expect(toBase64(bytes)).toBe(std);
      }),
    );
  });

  it('skips whitespace (DASH Binary elements and wrapped tags carry line breaks)', () => {
    expect(toHex(fromBase64(' /DAR\nAAAA\r\n\tAAAAAP/w AAAAAHpPv/8=\n'))).toBe(toHex(fromBase64('/DARAAAAAAAAAP/wAAAAAHpPv/8=')));
  });

  it('reports the offset of a bad character', () => {
    expect(failure(() => fromBase64('/DBaf%^'))).toEqual({ kind: 'bad_base64', offset: 5 });
    expect(failure(() => fromBase64('AAAA\u00e9'))).toEqual({ kind: 'bad_base64', offset: 4 });
    expect(failure(() => fromBase64('AA=A'))).toEqual({ kind: 'bad_base64', offset: 3 });
  });

  it('rejects bad padding and a dangling character', () => {
    expect(failure(() => fromBase64('AAA=='))).toEqual({ kind: 'bad_base64', offset: 3 });
    expect(failure(() => fromBase64('A==='))).toEqual({ kind: 'bad_base64', offset: 1 });
    expect(failure(() => fromBase64('AAAAA'))).toEqual({ kind: 'bad_base64', offset: 5 });
  });
});

describe('fromHex', () => {
  it('reads either case, with or without 0x, with whitespace', () => {
    expect(toHex(fromHex('0xFC30'))).toBe('fc30');
    expect(toHex(fromHex('fc 30\n0A'))).toBe('fc300a');
    expect(toHex(fromHex(' 0Xab'))).toBe('ab');
    expect(fromHex('').length).toBe(0);
  });

  it('reports the offset of a bad character or of an odd last digit', () => {
    expect(failure(() => fromHex('0xfcz0'))).toEqual({ kind: 'bad_hex', offset: 4 });
    expect(failure(() => fromHex('zz'))).toEqual({ kind: 'bad_hex', offset: 0 });
    expect(failure(() => fromHex('fc3'))).toEqual({ kind: 'bad_hex', offset: 2 });
  });

  it('round-trips toHex', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(toHex(fromHex(toHex(bytes)))).toBe(Buffer.from(bytes).toString('hex'));
      }),
    );
  });
});
