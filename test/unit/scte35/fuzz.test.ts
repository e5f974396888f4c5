import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSpliceInfoSection } from '../../../src/scte35/decode';
import { encodeSpliceInfoSection } from '../../../src/scte35/encode';
import { fromBase64, fromHex, toHex } from '../../../src/scte35/bytes';
import { crc32Mpeg2 } from '../../../src/scte35/crc32';
import { BitReader } from '../../../src/scte35/bitReader';
import { Scte35Error } from '../../../src/scte35/scte35Error';
import type { ClearSpliceInfoSection } from '../../../src/scte35/types';
import { sectionBytes, vectors } from './corpus';

/*
 * Fuzz: mutated corpus sections (bit flips, truncations, insertions of other vectors, deletions, overwrites) and
 * random bytes; each also with its CRC_32 recomputed so that the mutation reaches the parser instead of stopping
 * at the CRC check. Every case must decode or throw a Scte35Error, nothing else; every case that decodes must
 * encode back to its own bytes.
 *
 * Hangs are ruled out by structure, not by a clock: every BitReader read consumes at least one bit or throws, and
 * every decoder loop reads in each turn, so the number of reads per case is bounded by the bits of the input
 * (twice, for the one re-read by syntax). The test counts the reads and checks that bound on every case.
 */

const seeds = vectors.flatMap((v) => {
  try {
    const b = sectionBytes(v);
    decodeSpliceInfoSection(b);
    return [b];
  } catch {
    return [];
  }
});

/** mulberry32: a small deterministic PRNG, so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = prng(0x5c7e35);
const int = (n: number) => Math.floor(rand() * n);
const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));

function mutate(): Uint8Array {
  const seed = seeds[int(seeds.length)];
  const b = Uint8Array.from(seed);
  switch (int(6)) {
    case 0: { // flip 1-4 bits
      const flips = 1 + int(4);
      for (let i = 0; i < flips; i++) b[int(b.length)] ^= 1 << int(8);
      return b;
    }
    case 1: // truncate
      return b.subarray(0, int(b.length));
    case 2: { // insert random bytes or a piece of another vector
      const at = int(b.length + 1);
      const other = seeds[int(seeds.length)];
      const start = int(other.length);
      const piece = rand() < 0.5 ? randomBytes(1 + int(8)) : other.subarray(start, start + 1 + int(40));
      return Uint8Array.from([...b.subarray(0, at), ...piece, ...b.subarray(at)]);
    }
    case 3: { // delete a range
      const at = int(b.length);
      return Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1 + int(8))]);
    }
    case 4: { // overwrite bytes with extreme or random values
      const n = 1 + int(3);
      for (let i = 0; i < n; i++) b[int(b.length)] = [0x00, 0xff, 0x80, 0x7f][int(4)] ?? 0;
      if (rand() < 0.5) b[int(b.length)] = int(256);
      return b;
    }
    default: { // random bytes, usually behind a plausible table_id and section_length
      const r = randomBytes(int(80));
      if (r.length >= 3 && rand() < 0.8) {
        r[0] = 0xfc;
        r[1] = (r[1] & 0xf0) | ((r.length - 3) >> 8);
        r[2] = (r.length - 3) & 0xff;
      }
      return r;
    }
  }
}

/** The same bytes with CRC_32 made right for the section_length they claim (when there is room for one). */
function withCrc(b: Uint8Array): Uint8Array | undefined {
  if (b.length < 3 || b[0] !== 0xfc) return undefined;
  const total = 3 + (((b[1] & 0x0f) << 8) | b[2]);
  if (total < 7 || total > b.length) return undefined;
  const out = Uint8Array.from(b);
  const crc = crc32Mpeg2(out, 0, total - 4);
  out.set([crc >>> 24, (crc >>> 16) & 255, (crc >>> 8) & 255, crc & 255], total - 4);
  return out;
}

let reads = 0;
const methods = ['bits', 'flag', 'u8', 'u16', 'u32', 'hex', 'text', 'reserved'] as const;
const originals = new Map<string, unknown>();

beforeAll(() => {
  const proto = BitReader.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const m of methods) {
    const original = proto[m];
    originals.set(m, original);
    proto[m] = function (this: unknown, ...args: unknown[]) {
      reads++;
      return original.apply(this, args);
    };
  }
});

afterAll(() => {
  const proto = BitReader.prototype as unknown as Record<string, unknown>;
  for (const m of methods) proto[m] = originals.get(m);
});

describe('fuzz', () => {
  it('has corpus sections to mutate', () => {
    expect(seeds.length).toBeGreaterThan(70);
  });

  it('decodes or throws a Scte35Error for 24,000 mutated and random inputs, and re-encodes what it decodes', () => {
    const kinds = new Map<string, number>();
    let decoded = 0;
    let cases = 0;
    const check = (input: Uint8Array) => {
      cases++;
      reads = 0;
      let section;
      try {
        section = decodeSpliceInfoSection(input);
      } catch (e) {
        if (!(e instanceof Scte35Error)) throw new Error(`not a Scte35Error for ${toHex(input)}: ${String(e)}`);
        expect(e.offset).toBeGreaterThanOrEqual(0);
        expect(e.offset).toBeLessThanOrEqual(input.length);
        kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
        return;
      } finally {
        if (reads > 16 * input.length + 16) throw new Error(`${reads} reads for ${input.length} bytes: a loop that does not consume: ${toHex(input)}`);
      }
      decoded++;
      const total = 3 + (((input[1] & 0x0f) << 8) | input[2]);
      const again = encodeSpliceInfoSection(section);
      if ((section as ClearSpliceInfoSection).problems) {
        // Read by syntax: the encoder writes the true splice_command_length; the result decodes without problems.
        expect((decodeSpliceInfoSection(again) as ClearSpliceInfoSection).problems).toBeUndefined();
      } else {
        expect(toHex(again), toHex(input)).toBe(toHex(input.subarray(0, total)));
      }
    };
    for (let i = 0; i < 12000; i++) {
      const m = mutate();
      check(m);
      check(withCrc(m) ?? m);
    }
    expect(cases).toBe(24000);
    // The mutations reach past the CRC check into the parser, and some still decode.
    expect(decoded).toBeGreaterThan(1000);
    for (const k of ['truncated', 'bad_crc', 'bad_table_id', 'bad_length', 'reserved_command', 'bad_upid_length']) expect(kinds.get(k) ?? 0, k).toBeGreaterThan(0);
  });

  it('text decoders: any string gives bytes or a bad_base64 / bad_hex error inside the string', () => {
    const alphabet = 'AZaz09+/=-_ \n0xXfgFG%é';
    for (let i = 0; i < 4000; i++) {
      const s = Array.from({ length: int(24) }, () => alphabet[int(alphabet.length)]).join('');
      for (const [decode, kind] of [[fromBase64, 'bad_base64'], [fromHex, 'bad_hex']] as const) {
        try {
          decode(s);
        } catch (e) {
          expect(e).toBeInstanceOf(Scte35Error);
          expect((e as Scte35Error).kind).toBe(kind);
          expect((e as Scte35Error).offset).toBeLessThanOrEqual(s.length);
        }
      }
    }
  });
});
