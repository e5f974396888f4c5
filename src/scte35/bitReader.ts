import { Scte35Error } from './scte35Error';
import { hexOf, latin1 } from './bytes';

/**
 * Reads big-endian bit fields (SCTE 35 2023 §9.6: uimsbf / bslbf) from a Uint8Array without allocating.
 * JavaScript bit operators are 32-bit, so values wider than a byte are assembled with arithmetic: 33-bit PTS and
 * 40/48-bit fields stay exact (all < 2^53).
 *
 * `end` is the byte where the structure being read stops: the section, or a declared length inside it
 * (descriptor_length, splice_command_length). Reading past it throws `truncated` when it is the end of the
 * input, `bad_length` when it is a declared length: every read either consumes bits or throws, so no decoder
 * loop can spin in place.
 */
export class BitReader {
  readonly bytes: Uint8Array;
  /** Position in bits from the start of `bytes`. */
  pos: number;
  /** Byte limit for the structure being read. */
  end: number;
  /** What `end` belongs to, for messages ("descriptor_length 23 of segmentation_descriptor"); empty = the input. */
  limit = '';

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = start * 8;
    this.end = end;
  }

  /** Byte offset of the next read (rounded down). */
  get offset(): number {
    return this.pos >> 3;
  }

  /** Whole bytes left before `end` (the position is byte-aligned wherever this is asked). */
  get left(): number {
    return this.end - (this.pos >> 3);
  }

  /** Narrow the limit to `end` for a nested structure; returns the previous limit to give back to `restore`. */
  narrow(end: number, what: string): [number, string] {
    const saved: [number, string] = [this.end, this.limit];
    this.end = end;
    this.limit = what;
    return saved;
  }

  restore(saved: [number, string]): void {
    this.end = saved[0];
    this.limit = saved[1];
  }

  overrun(bits: number, field: string): never {
    const at = this.pos >> 3;
    if (this.limit) {
      throw new Scte35Error('bad_length', `${this.limit} ends before ${field} (needs ${bits} more bits)`, at, { field });
    }
    throw new Scte35Error('truncated', `truncated: the input ends before ${field}`, at, { field });
  }

  /**
   * n reserved bits. Returns undefined when they are all 1s, as the spec asks (§9.6), else their value, which
   * the caller keeps as `reserved_after_<field>` so that the encoder writes back what came in.
   */
  reserved(n: number): number | undefined {
    const v = this.bits(n, 'reserved');
    return v === (1 << n) - 1 ? undefined : v;
  }

  /** An unsigned field of n bits (n <= 53). */
  bits(n: number, field: string): number {
    let p = this.pos;
    if (p + n > this.end * 8) this.overrun(n, field);
    const bytes = this.bytes;
    let v = 0;
    let left = n;
    while (left > 0) {
      const off = p & 7;
      const avail = 8 - off;
      const take = avail < left ? avail : left;
      v = v * (1 << take) + ((bytes[p >> 3] >> (avail - take)) & ((1 << take) - 1));
      left -= take;
      p += take;
    }
    this.pos = p;
    return v;
  }

  flag(field: string): boolean {
    const p = this.pos;
    if (p >= this.end * 8) this.overrun(1, field);
    this.pos = p + 1;
    return ((this.bytes[p >> 3] >> (7 - (p & 7))) & 1) === 1;
  }

  /** An 8-bit field at a byte boundary. */
  u8(field: string): number {
    const p = this.pos;
    if ((p & 7) !== 0) return this.bits(8, field);
    const i = p >> 3;
    if (i >= this.end) this.overrun(8, field);
    this.pos = p + 8;
    return this.bytes[i];
  }

  /** A 16-bit field at a byte boundary. */
  u16(field: string): number {
    const p = this.pos;
    if ((p & 7) !== 0) return this.bits(16, field);
    const i = p >> 3;
    if (i + 2 > this.end) this.overrun(16, field);
    this.pos = p + 16;
    return (this.bytes[i] << 8) | this.bytes[i + 1];
  }

  /** A 32-bit field at a byte boundary. */
  u32(field: string): number {
    const p = this.pos;
    if ((p & 7) !== 0) return this.bits(32, field);
    const i = p >> 3;
    if (i + 4 > this.end) this.overrun(32, field);
    this.pos = p + 32;
    const b = this.bytes;
    return b[i] * 0x1000000 + ((b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]);
  }

  /** n whole bytes as hex (the position is byte-aligned). */
  hex(n: number, field: string): string {
    const i = this.pos >> 3;
    if (i + n > this.end) this.overrun(n * 8, field);
    this.pos += n * 8;
    return hexOf(this.bytes, i, i + n);
  }

  /** n whole bytes as ISO-8859-1 text (the position is byte-aligned). */
  text(n: number, field: string): string {
    const i = this.pos >> 3;
    if (i + n > this.end) this.overrun(n * 8, field);
    this.pos += n * 8;
    return latin1(this.bytes, i, i + n);
  }
}
