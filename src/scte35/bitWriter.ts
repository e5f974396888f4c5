import { Scte35Error } from './scte35Error';
import { fromHex } from './bytes';

const POW2: readonly number[] = Array.from({ length: 54 }, (_, i) => 2 ** i);

/**
 * Writes big-endian bit fields into a growing buffer. Values are checked against their width so that a wrong
 * value is a typed error naming the field, not silently masked bits.
 */
export class BitWriter {
  private buf = new Uint8Array(256);
  /** Position in bits. */
  pos = 0;

  get offset(): number {
    return this.pos >> 3;
  }

  private room(bits: number): void {
    const need = (this.pos + bits + 7) >> 3;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf);
    this.buf = next;
  }

  /** A typed error about `field` at the current byte. */
  invalid(field: string, why: string): never {
    throw new Scte35Error('bad_value', `${field} ${why}`, this.pos >> 3, { field });
  }

  /** An unsigned field of n bits (n <= 53). */
  bits(value: number, n: number, field: string): void {
    if (!Number.isInteger(value) || value < 0 || value >= POW2[n]) this.invalid(field, `= ${String(value)} is not an integer of ${n} bits`);
    this.room(n);
    const buf = this.buf;
    let p = this.pos;
    let left = n;
    while (left > 0) {
      const avail = 8 - (p & 7);
      const take = avail < left ? avail : left;
      left -= take;
      // Division by a power of two is exact below 2^53; `&` then keeps the low bits exactly (ToInt32 is mod 2^32).
      const chunk = Math.floor(value / POW2[left]) & ((1 << take) - 1);
      buf[p >> 3] |= chunk << (avail - take);
      p += take;
    }
    this.pos = p;
  }

  flag(value: boolean, field: string): void {
    if (typeof value !== 'boolean') this.invalid(field, 'must be true or false');
    this.bits(value ? 1 : 0, 1, field);
  }

  /** Reserved bits: all 1s (SCTE 35 2023 §9.6), or the value a decoded input carried. */
  reserved(n: number, value?: number): void {
    this.bits(value ?? POW2[n] - 1, n, 'reserved');
  }

  /** Bytes given as hex (byte-aligned). */
  hex(hex: string, field: string): void {
    if (typeof hex !== 'string') this.invalid(field, 'must be a hex string');
    this.raw(fromHex(hex));
  }

  /** Text with one byte per character (ISO-8859-1), byte-aligned. */
  text(text: string, field: string): void {
    if (typeof text !== 'string') this.invalid(field, 'must be a string');
    this.room(text.length * 8);
    const at = this.pos >> 3;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0xff) throw new Scte35Error('bad_value', `${field} has a character above U+00FF at index ${i}`, at + i, { field });
      this.buf[at + i] = c;
    }
    this.pos += text.length * 8;
  }

  raw(bytes: Uint8Array): void {
    this.room(bytes.length * 8);
    this.buf.set(bytes, this.pos >> 3);
    this.pos += bytes.length * 8;
  }

  /** Overwrite `n` bits (n <= 16) ending at the last bit of byte `byteEnd - 1`: used to fill in length fields. */
  patch(byteEnd: number, value: number, n: number, field: string): void {
    if (!Number.isInteger(value) || value < 0 || value >= POW2[n]) {
      throw new Scte35Error('bad_value', `${field} = ${value} does not fit in ${n} bits`, byteEnd - Math.ceil(n / 8), { field });
    }
    const mask = POW2[n] - 1;
    const cur = (this.buf[byteEnd - 2] << 8) | this.buf[byteEnd - 1];
    const next = (cur & ~mask) | value;
    this.buf[byteEnd - 2] = (next >> 8) & 0xff;
    this.buf[byteEnd - 1] = next & 0xff;
  }

  /** The bytes written (the position must be byte-aligned). */
  finish(): Uint8Array {
    return this.buf.slice(0, (this.pos + 7) >> 3);
  }
}
