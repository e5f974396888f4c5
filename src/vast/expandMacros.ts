/**
 * VAST macros in tracking, impression and error URLs (VAST 4.1 §6.1 "Macros"), plus the legacy
 * %%CACHEBUSTER%% form that older ad servers still send.
 *
 * - Every value is URL-encoded (encodeURIComponent), so a value can never add a parameter, and a
 *   replaced value can never look like a macro to a second pass (`[` becomes %5B).
 * - Unknown macros (`[RANDOM]`, `[foo]`) are left untouched: they may belong to someone else.
 * - A known macro whose value the caller does not have: VAST 4.1 §6.1 says to use -1 when the value is
 *   unknown and -2 when the macro is not applicable. Everything here is applicable to a linear ad, so
 *   numeric and time macros get "-1"; string macros (URLs, ids, UA, consent) get "" — a literal "-1"
 *   there would read as a real page URL or consent string.
 */
import { encodeUriValue } from './encodeUriValue';

export interface MacroContext {
  random?: () => number;
  /** Epoch ms. */
  timestamp?: number;
  errorCode?: number;
  /** Seconds. */
  contentPlayhead?: number;
  mediaPlayhead?: number;
  adPlayhead?: number;
  assetUri?: string;
  breakPosition?: number;
  adCount?: number;
  podSequence?: number;
  universalAdId?: string;
  deviceUa?: string;
  pageUrl?: string;
  domain?: string;
  limitAdTracking?: boolean;
  gdprConsent?: string;
}

const UNKNOWN_NUMBER = '-1';

/** VAST 4.1 §6.1 time format "HH:MM:SS.mmm" (playheads). */
export function vastTimecode(seconds: number): string {
  const ms = Math.floor(seconds * 1000 + 1e-6);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const f = ms % 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(f).padStart(3, '0')}`;
}

/** ISO 8601 with milliseconds and an explicit offset (VAST 4.1 §6.1 [TIMESTAMP]); UTC, the only zone a worker knows. */
export function vastTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+00:00');
}

function num(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? UNKNOWN_NUMBER : String(v);
}
function playhead(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) || v < 0 ? UNKNOWN_NUMBER : vastTimecode(v);
}
function str(v: string | undefined): string {
  return v ?? '';
}

/** 8 digits, zero-padded (VAST 4.1 §6.1 [CACHEBUSTING]). */
function cachebuster(random: () => number): string {
  const n = Math.min(99_999_999, Math.max(0, Math.floor(random() * 100_000_000)));
  return String(n).padStart(8, '0');
}

type Resolver = (ctx: MacroContext, cb: () => string) => string;

const MACROS: Record<string, Resolver> = {
  CACHEBUSTING: (_c, cb) => cb(),
  TIMESTAMP: (c) => (c.timestamp === undefined || !Number.isFinite(c.timestamp) ? UNKNOWN_NUMBER : vastTimestamp(c.timestamp)),
  ERRORCODE: (c) => num(c.errorCode),
  CONTENTPLAYHEAD: (c) => playhead(c.contentPlayhead ?? c.mediaPlayhead),
  MEDIAPLAYHEAD: (c) => playhead(c.mediaPlayhead ?? c.contentPlayhead),
  ADPLAYHEAD: (c) => playhead(c.adPlayhead),
  ASSETURI: (c) => str(c.assetUri),
  BREAKPOSITION: (c) => num(c.breakPosition),
  ADCOUNT: (c) => num(c.adCount),
  PODSEQUENCE: (c) => num(c.podSequence),
  UNIVERSALADID: (c) => str(c.universalAdId),
  DEVICEUA: (c) => str(c.deviceUa),
  PAGEURL: (c) => str(c.pageUrl),
  DOMAIN: (c) => str(c.domain),
  LIMITADTRACKING: (c) => (c.limitAdTracking === undefined ? UNKNOWN_NUMBER : c.limitAdTracking ? '1' : '0'),
  GDPRCONSENT: (c) => str(c.gdprConsent),
};

const LEGACY_CACHEBUSTER = '%%CACHEBUSTER%%';
/** Longest macro name in the table; anything longer between brackets is not a macro. */
const MAX_NAME = 16;

export function expandMacros(url: string, ctx: MacroContext): string {
  let open = url.indexOf('[');
  const legacy = url.indexOf(LEGACY_CACHEBUSTER);
  if (open === -1 && legacy === -1) return url;

  // One cache-buster per URL: the same number wherever the macro appears in it.
  let cb: string | null = null;
  const getCb = () => (cb ??= cachebuster(ctx.random ?? Math.random));

  let out = '';
  let from = 0;
  while (open !== -1) {
    const close = url.indexOf(']', open + 1);
    if (close === -1) break;
    const name = url.slice(open + 1, close);
    const resolve = name.length <= MAX_NAME ? MACROS[name] : undefined;
    if (resolve && Object.prototype.hasOwnProperty.call(MACROS, name)) {
      out += url.slice(from, open) + encodeUriValue(resolve(ctx, getCb));
      from = close + 1;
      open = url.indexOf('[', from);
    } else {
      // Not ours: keep the bracket and look for a macro starting after it ("[[CACHEBUSTING]]" still works).
      open = url.indexOf('[', open + 1);
    }
  }
  out += url.slice(from);
  return legacy === -1 ? out : out.split(LEGACY_CACHEBUSTER).join(getCb());
}
