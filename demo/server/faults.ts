/**
 * Fault switches of the demo server for the fault-injection tests (issue 9 item 3), all off unless asked for:
 *
 * - The live simulator's media playlists (not its multivariant playlist), by origin query:
 *   `fail=404|500|slow|truncate` with `failevery=N` (default 3): a refresh whose window ends on a media sequence
 *   number divisible by N answers 404 or 500, is held `slowms` (default 2000) before answering, or is cut short in
 *   the middle of a URI line (a connection closed early). A comma list (`fail=404,500,slow,truncate`) gives each
 *   due window one of its faults, picked by a hash of the window's last sequence number (a plain rotation would
 *   fall in step with the player's reload rhythm and repeat one fault). The choice is a function of the clock
 *   like the rest of the simulator, so every rendition of one refresh fails alike and nothing is stored.
 * - Ad media: `/ads/media/fail-<rendition>-<n>/<path>` serves `/ads/media/<path>` except segment `n` of rendition
 *   `<rendition>` (`…/<rendition>/seg_<n>.ts|.m4s`), which answers 404. The sample ADS writes such MediaFile URLs
 *   for `segfail=<rendition>-<n>` (e.g. `segfail=360p-1`).
 */

export const ORIGIN_FAULTS = ['404', '500', 'slow', 'truncate'] as const;
export type OriginFault = (typeof ORIGIN_FAULTS)[number];

export interface OriginFaults {
  /** One of them per due window (faultDue). */
  fail: OriginFault[];
  every: number;
  slowMs: number;
}

const MAX_EVERY = 1000;
const MAX_SLOW_MS = 30_000;

function intParam(q: URLSearchParams, key: string, fallback: number, min: number, max: number): number {
  const v = (q.get(key) ?? '').trim();
  if (v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${key}: ${JSON.stringify(v)} is not a whole number in ${min}..${max}`);
  return n;
}

/** The playlist faults a query asks for; null when none (the default). A bad value throws (the route answers 400). */
export function parseOriginFaults(q: URLSearchParams): OriginFaults | null {
  const raw = (q.get('fail') ?? '').trim();
  if (raw === '') return null;
  const fail = raw.split(',').map((f) => f.trim());
  for (const f of fail) if (!(ORIGIN_FAULTS as readonly string[]).includes(f)) throw new Error(`fail: ${JSON.stringify(f)} is not one of ${ORIGIN_FAULTS.join(', ')}`);
  return { fail: fail as OriginFault[], every: intParam(q, 'failevery', 3, 1, MAX_EVERY), slowMs: intParam(q, 'slowms', 2000, 0, MAX_SLOW_MS) };
}

/** The media sequence number of a media playlist's last segment, or null when it has none. */
export function lastSequenceOf(playlist: string): number | null {
  const m = /^#EXT-X-MEDIA-SEQUENCE:(\d+)/m.exec(playlist);
  const segments = playlist.split('\n').filter((l) => l.startsWith('#EXTINF:')).length;
  if (!segments) return null;
  return (m ? Number(m[1]) : 0) + segments - 1;
}

/** The fault this refresh of a playlist gets, or null. */
export function faultDue(f: OriginFaults, playlist: string): OriginFault | null {
  const last = lastSequenceOf(playlist);
  if (last === null || last % f.every !== 0) return null;
  // Fibonacci hashing: consecutive windows spread over the list.
  return f.fail[((Math.imul(last, 0x9e3779b1) >>> 0) >>> 8) % f.fail.length];
}

/**
 * The playlist cut as a connection closed early would leave it, at the worst place: in the middle of the last
 * segment URI line that starts before two thirds of the text (half a URI, no line feed), or two thirds in when no
 * URI line is there.
 */
export function truncatePlaylist(text: string): string {
  const at = Math.floor((text.length * 2) / 3);
  let lineStart = text.lastIndexOf('\n', at - 1) + 1;
  for (let s = lineStart; s > 0; s = text.lastIndexOf('\n', s - 2) + 1) {
    if (text[s] !== '#' && text[s] !== '\n') { lineStart = s; break; }
    if (s === 0) break;
  }
  const lineEnd = text.indexOf('\n', lineStart);
  const end = lineEnd === -1 ? text.length : lineEnd;
  return text.slice(0, lineStart + Math.max(1, Math.floor((end - lineStart) / 2)));
}

const AD_FAULT = /^fail-([A-Za-z0-9_]{1,32})-(\d{1,4})\/(.*)$/;

/**
 * An ad media path below `/ads/media/` with a fault prefix: the path to serve and whether it must answer 404.
 * Null when the path has no fault prefix.
 */
export function adMediaFault(rest: string): { path: string; notFound: boolean } | null {
  const m = AD_FAULT.exec(rest);
  if (!m) return null;
  const [, rendition, n, path] = m;
  const seg = new RegExp(`(^|/)${rendition}/seg_0*${Number(n)}\\.(ts|m4s)$`);
  return { path, notFound: seg.test(path) };
}

/** `segfail=<rendition>-<n>` of the sample ADS: the media path prefix its MediaFile URLs get, or '' (no fault). */
export function adMediaFaultPrefix(segfail: string | null): string {
  const v = (segfail ?? '').trim();
  return /^[A-Za-z0-9_]{1,32}-\d{1,4}$/.test(v) ? `fail-${v}/` : '';
}
