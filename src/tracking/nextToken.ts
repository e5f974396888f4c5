/**
 * The tracking API's `nextToken` (protocols.md §3.2). Its shape is MediaTailor's as decoded from the doc
 * examples: base64 of `<ISO 8601 duration>_<UTC timestamp>_<n>`, `=` padding written `%3D`. stitchbox puts
 * its own cursor in it: the duration is the start time of the latest beacon already returned (session
 * timeline, §5.1), the timestamp when the token was issued (tokens expire after 24 h), n the page number.
 * Players treat the token as opaque; a token stitchbox cannot read is a clear error (HTTP 400), never a guess.
 */
import { isoDuration, truncatedMillis } from './isoDuration';

export interface TrackingCursor {
  /** Start time (ms, session timeline) of the latest beacon returned so far. */
  positionMs: number;
  /** Epoch ms when the token was issued. */
  issuedAt: number;
  /** Page number, 1 for the first token. */
  page: number;
}

export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** `PT1H2M3.5S` (optionally negative) → ms; null when it is not such a duration. */
export function parseIsoDurationMs(text: string): number | null {
  const m = /^(-)?PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(text);
  if (!m || (m[2] === undefined && m[3] === undefined && m[4] === undefined)) return null;
  const ms = Number(m[2] ?? 0) * 3_600_000 + Number(m[3] ?? 0) * 60_000 + truncatedMillis(Number(m[4] ?? 0));
  return m[1] ? -ms : ms;
}

function toBase64(text: string): string {
  return btoa(text);
}

export function encodeNextToken(c: TrackingCursor): string {
  return toBase64(`${isoDuration(c.positionMs / 1000)}_${new Date(c.issuedAt).toISOString()}_${c.page}`).replace(/=/g, '%3D');
}

/** The token as stitchbox writes it (`=` as `%3D`), whether the client sent it encoded once, twice or not at all. */
export function canonicalToken(raw: string): string {
  return raw.trim().replace(/ /g, '+').replace(/%253D/gi, '%3D').replace(/%3D/gi, '=').replace(/=/g, '%3D');
}

export type DecodedToken = { ok: true; cursor: TrackingCursor } | { ok: false; message: string };

export function decodeNextToken(raw: string, now: number): DecodedToken {
  const b64 = canonicalToken(raw).replace(/%3D/g, '=');
  let text: string;
  try {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new Error('not base64');
    text = atob(b64);
  } catch {
    return { ok: false, message: 'nextToken is not a token this tracking endpoint issued (not base64); poll again without a token' };
  }
  const m = /^(-?PT[0-9HMS.]+)_([0-9T:.\-Z]+)_(\d{1,9})$/.exec(text);
  const positionMs = m ? parseIsoDurationMs(m[1]) : null;
  const issuedAt = m ? Date.parse(m[2]) : NaN;
  if (!m || positionMs === null || Number.isNaN(issuedAt)) {
    return { ok: false, message: 'nextToken is not a token this tracking endpoint issued; poll again without a token' };
  }
  if (now - issuedAt > TOKEN_LIFETIME_MS) {
    return { ok: false, message: 'nextToken has expired (tokens last 24 hours); poll again without a token' };
  }
  return { ok: true, cursor: { positionMs, issuedAt, page: Number(m[3]) } };
}
