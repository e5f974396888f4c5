import { Scte35Error } from './scte35Error';

/**
 * Text forms of SCTE-35 bytes: base64 (HLS tags, DASH scte35:Binary; RFC 4648 §4, URL-safe §5 also accepted)
 * and hexadecimal (threefive / `0x...` forms). Own decoders rather than atob so that a bad character is reported
 * with its exact offset. ASCII whitespace is skipped: DASH Binary elements and wrapped tags carry line breaks.
 */

const NO = 255;
const WS = 254;
const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = /* @__PURE__ */ (() => {
  const t = new Uint8Array(128).fill(NO);
  for (let i = 0; i < 64; i++) t[B64_ALPHABET.charCodeAt(i)] = i;
  t[0x2d] = 62; // '-' URL-safe
  t[0x5f] = 63; // '_' URL-safe
  for (const c of [0x20, 0x09, 0x0a, 0x0d]) t[c] = WS;
  return t;
})();

const HEX_VALUE = /* @__PURE__ */ (() => {
  const t = new Uint8Array(128).fill(NO);
  for (let i = 0; i < 10; i++) t[0x30 + i] = i;
  for (let i = 0; i < 6; i++) { t[0x41 + i] = 10 + i; t[0x61 + i] = 10 + i; }
  for (const c of [0x20, 0x09, 0x0a, 0x0d]) t[c] = WS;
  return t;
})();

/** Two lowercase hex digits for each byte value. */
const HEX_BYTE: readonly string[] = /* @__PURE__ */ Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));

function describe(text: string, i: number): string {
  const c = text.charCodeAt(i);
  return c >= 0x21 && c < 0x7f ? `'${text[i]}'` : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Bytes for fromBase64 results: small requests are views into a shared 8 KiB ArrayBuffer (as Node's Buffer pool
 * does), because allocating an ArrayBuffer per cue (over 64 bytes V8 puts it off the heap) cost more than decoding
 * the cue. Each result has its own bytes, so writing to one never shows in another; only `.buffer` is shared, and
 * `byteOffset` may be non-zero.
 */
const POOL_SIZE = 8192;
let pool = new ArrayBuffer(0);
let poolAt = 0;

function allocate(size: number): Uint8Array {
  if (size > POOL_SIZE >> 3) return new Uint8Array(size);
  if (poolAt + size > pool.byteLength) {
    pool = new ArrayBuffer(POOL_SIZE);
    poolAt = 0;
  }
  const out = new Uint8Array(pool, poolAt, size);
  poolAt = (poolAt + size + 7) & ~7;
  return out;
}

export function fromBase64(text: string): Uint8Array {
  const n = text.length;
  // Sized for text without whitespace, so that the usual case needs no copy (subarray/slice cost more than
  // decoding a cue).
  let end = n;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
  const out = allocate((end * 6) >> 3);
  let acc = 0;
  let bits = 0;
  let len = 0;
  let data = 0; // base64 characters seen (not padding)
  let i = 0;
  // Fast path: whole groups of 4 alphabet characters (all of a cue but its padded end).
  for (; i + 4 <= n; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) >= 128) break;
    const a = B64_VALUE[c0];
    const b = B64_VALUE[c1];
    const c = B64_VALUE[c2];
    const d = B64_VALUE[c3];
    if ((a | b | c | d) >= 64) break; // padding, whitespace or a bad character: the careful loop below
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[len++] = v >> 16;
    out[len++] = (v >> 8) & 0xff;
    out[len++] = v & 0xff;
    data += 4;
  }
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64_VALUE[c] : NO;
    if (v < 64) {
      acc = ((acc << 6) | v) & 0xffffff;
      bits += 6;
      data++;
      if (bits >= 8) { bits -= 8; out[len++] = (acc >> bits) & 0xff; }
    } else if (v === WS) {
      continue;
    } else if (c === 0x3d) {
      break; // '=' padding: only more '=' and whitespace may follow
    } else {
      throw new Scte35Error('bad_base64', `bad base64 character ${describe(text, i)}`, i);
    }
  }
  if (i < n) {
    const padStart = i;
    let pads = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x3d) pads++;
      else if (!(c < 128 && B64_VALUE[c] === WS)) throw new Scte35Error('bad_base64', `bad base64 character ${describe(text, i)} after padding`, i);
    }
    if (pads > 2 || (data + pads) % 4 !== 0) throw new Scte35Error('bad_base64', 'bad base64 padding', padStart);
  }
  if (data % 4 === 1) throw new Scte35Error('bad_base64', 'base64 text ends in the middle of a byte', n);
  return len === out.length ? out : out.slice(0, len);
}

export function fromHex(text: string): Uint8Array {
  let i = 0;
  const n = text.length;
  while (i < n && B64_VALUE[text.charCodeAt(i)] === WS) i++;
  if (i + 1 < n && text.charCodeAt(i) === 0x30 && (text.charCodeAt(i + 1) | 0x20) === 0x78) i += 2; // 0x / 0X
  const out = new Uint8Array((n - i) >> 1);
  let len = 0;
  let hi = -1;
  let hiAt = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? HEX_VALUE[c] : NO;
    if (v < 16) {
      if (hi < 0) { hi = v; hiAt = i; } else { out[len++] = (hi << 4) | v; hi = -1; }
    } else if (v !== WS) {
      throw new Scte35Error('bad_hex', `bad hex character ${describe(text, i)}`, i);
    }
  }
  if (hi >= 0) throw new Scte35Error('bad_hex', 'odd number of hex digits', hiAt);
  return len === out.length ? out : out.slice(0, len);
}

export function toHex(bytes: Uint8Array): string {
  return hexOf(bytes, 0, bytes.length);
}

/** Lowercase hex digit character codes. */
const HEX_DIGIT = /* @__PURE__ */ Array.from({ length: 16 }, (_, i) => i.toString(16).charCodeAt(0));

/**
 * Reused argument arrays for String.fromCharCode.apply, one per length up to SCRATCH_MAX characters: filling one
 * and making the string in one call beats concatenating a string per byte (cons strings, flattened later).
 */
const SCRATCH_MAX = 128;
const scratch: number[][] = [];

function scratchOf(n: number): number[] {
  let a = scratch[n];
  if (a === undefined) {
    a = new Array<number>(n).fill(0);
    scratch[n] = a;
  }
  return a;
}

/** Hex of bytes[start, end), lowercase, no prefix: the form of every byte field in a decoded section. */
export function hexOf(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= 4 || 2 * n > SCRATCH_MAX) {
    let s = '';
    for (let i = start; i < end; i++) s += HEX_BYTE[bytes[i]];
    return s;
  }
  const a = scratchOf(2 * n);
  for (let i = start, j = 0; i < end; i++, j += 2) {
    const b = bytes[i];
    a[j] = HEX_DIGIT[b >> 4];
    a[j + 1] = HEX_DIGIT[b & 15];
  }
  return String.fromCharCode.apply(null, a);
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += B64_ALPHABET[v >> 18] + B64_ALPHABET[(v >> 12) & 63] + B64_ALPHABET[(v >> 6) & 63] + B64_ALPHABET[v & 63];
  }
  if (i < n) {
    const two = i + 1 < n;
    const v = (bytes[i] << 16) | (two ? bytes[i + 1] << 8 : 0);
    s += B64_ALPHABET[v >> 18] + B64_ALPHABET[(v >> 12) & 63] + (two ? B64_ALPHABET[(v >> 6) & 63] : '=') + '=';
  }
  return s;
}

/** Bytes as ISO-8859-1 text: one character per byte, so text UPIDs survive any byte value and encode back exactly. */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= 4 || n > SCRATCH_MAX) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
    return s;
  }
  const a = scratchOf(n);
  for (let i = start, j = 0; i < end; i++, j++) a[j] = bytes[i];
  return String.fromCharCode.apply(null, a);
}
