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
export const LIMIT_INPUT = 0;
export const LIMIT_SECTION_LENGTH = 1;
export const LIMIT_SPLICE_COMMAND_LENGTH = 2;
export const LIMIT_DESCRIPTOR_LOOP_LENGTH = 3;
/** a = descriptor_length, b = the descriptor's byte offset. */
export const LIMIT_DESCRIPTOR_LENGTH = 4;
export const LIMIT_MID_UPID_LENGTH = 5;

function limitText(kind: number, a: number, b: number): string {
  switch (kind) {
    case LIMIT_SECTION_LENGTH: return `section_length ${a}`;
    case LIMIT_SPLICE_COMMAND_LENGTH: return `splice_command_length ${a}`;
    case LIMIT_DESCRIPTOR_LOOP_LENGTH: return `descriptor_loop_length ${a}`;
    case LIMIT_DESCRIPTOR_LENGTH: return `descriptor_length ${a} of the descriptor at byte ${b}`;
    case LIMIT_MID_UPID_LENGTH: return `MID segmentation_upid_length ${a}`;
    default: return '';
  }
}

export class BitReader {
  bytes: Uint8Array;
  /** Position in bits from the start of `bytes`. */
  pos: number;
  /** Byte limit for the structure being read. */
  end: number;
  /**
   * What `end` belongs to, for messages ("descriptor_length 23 of the descriptor at byte 40"): a LIMIT_* code and
   * its numbers, turned into text only when a message needs it (building it for every narrow() cost more than
   * reading the fields). LIMIT_INPUT = the input.
   */
  limitKind = LIMIT_INPUT;
  limitA = 0;
  limitB = 0;
  /** Saved (end, kind, a, b) of the enclosing structures, four numbers per narrow(). */
  private readonly stack: number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  /** Numbers in use in `stack` (the array is reused, never shrunk: changing an array's length is slow). */
  private depth = 0;

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

  /** The text of the current limit ('' for the input). */
  get limit(): string {
    return limitText(this.limitKind, this.limitA, this.limitB);
  }

  /** Start over on other bytes (a reader is reused from one section to the next: no allocation per decode). */
  init(bytes: Uint8Array, start: number, end: number): void {
    this.bytes = bytes;
    this.pos = start * 8;
    this.end = end;
    this.limitKind = LIMIT_INPUT;
    this.limitA = 0;
    this.limitB = 0;
    this.depth = 0;
  }

  /** Set the outermost limit (no enclosing structure to give back to), dropping any narrowed ones. */
  reset(end: number, kind: number, a: number): void {
    this.end = end;
    this.limitKind = kind;
    this.limitA = a;
    this.limitB = 0;
    this.depth = 0;
  }

  /** Narrow the limit to `end` for a nested structure (kind and numbers as for `limit`); `restore` gives it back. */
  narrow(end: number, kind: number, a: number, b = 0): void {
    const s = this.stack;
    const n = this.depth;
    s[n] = this.end;
    s[n + 1] = this.limitKind;
    s[n + 2] = this.limitA;
    s[n + 3] = this.limitB;
    this.depth = n + 4;
    this.end = end;
    this.limitKind = kind;
    this.limitA = a;
    this.limitB = b;
  }

  /** Give back the limit saved by the matching `narrow`. */
  restore(): void {
    const s = this.stack;
    const n = this.depth - 4;
    this.end = s[n];
    this.limitKind = s[n + 1];
    this.limitA = s[n + 2];
    this.limitB = s[n + 3];
    this.depth = n;
  }

  overrun(bits: number, field: string): never {
    const at = this.pos >> 3;
    if (this.limitKind !== LIMIT_INPUT) {
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
    const p = this.pos;
    if (p + n > this.end * 8) this.overrun(n, field);
    return this.take(p, n);
  }

  /** n bits at bit p, already checked against `end`; advances the position. */
  private take(p: number, n: number): number {
    const bytes = this.bytes;
    const i = p >> 3;
    if (n <= 25 && i + 3 < bytes.length) {
      // The field lies within the 32 bits from byte i (bit offset <= 7, n <= 25): one window, two shifts.
      const w = (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3];
      this.pos = p + n;
      return (w << (p & 7)) >>> (32 - n);
    }
    if (n > 25) {
      // 33-bit PTS, 40/48-bit fields: the high part, then the low 24 bits (all < 2^53, exact in arithmetic).
      const hi = this.take(p, n - 24);
      return hi * 0x1000000 + this.take(p + n - 24, 24);
    }
    let v = 0;
    let left = n;
    let q = p;
    while (left > 0) {
      const off = q & 7;
      const avail = 8 - off;
      const t = avail < left ? avail : left;
      v = v * (1 << t) + ((bytes[q >> 3] >> (avail - t)) & ((1 << t) - 1));
      left -= t;
      q += t;
    }
    this.pos = q;
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
