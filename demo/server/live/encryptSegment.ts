import { createCipheriv } from 'node:crypto';

/**
 * The encrypted variant's segments: AES-128-CBC with PKCS7 padding over the whole segment (RFC 8216
 * §4.3.2.4 METHOD=AES-128), the IV being the media sequence number as a 128-bit big-endian integer (§5.2),
 * which the playlist also writes out as EXT-X-KEY IV. One fixed key: this is a test origin, not DRM.
 */

/** The 16-byte key served at /origin/live/key: bytes 0x00..0x0f, easy to recognise in a hex dump. */
export const LIVE_KEY: Uint8Array = Uint8Array.from({ length: 16 }, (_, i) => i);

/** The IV of sequence n (a safe integer, so the top 8 bytes are 0). */
export function ivFor(n: number): Uint8Array {
  const iv = new Uint8Array(16);
  let v = n;
  for (let i = 15; i >= 0 && v > 0; i--) {
    iv[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return iv;
}

export function encryptSegment(plain: Uint8Array, n: number): Uint8Array {
  const cipher = createCipheriv('aes-128-cbc', LIVE_KEY, ivFor(n));
  const head = cipher.update(plain);
  const tail = cipher.final();
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}
