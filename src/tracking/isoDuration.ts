/**
 * Time values of the tracking JSON (protocols.md §4.5): `*InSeconds` is float seconds **truncated** to
 * milliseconds (21.592, not 21.593) and the ISO 8601 duration says the same value (`PT21.592S`,
 * `PT5M34.967S`, `PT0S`), so the two never disagree.
 */

/** Whole milliseconds, truncated toward zero; the epsilon absorbs float noise (17.817 + 3.775 = 21.591999…). */
export function truncatedMillis(seconds: number): number {
  if (!Number.isFinite(seconds)) return 0;
  return seconds < 0 ? -Math.floor(-seconds * 1000 + 1e-6) : Math.floor(seconds * 1000 + 1e-6);
}

/** Seconds truncated to milliseconds, as a float (`startTimeInSeconds`). */
export function truncateToMs(seconds: number): number {
  return truncatedMillis(seconds) / 1000;
}

export function isoDuration(seconds: number): string {
  let ms = truncatedMillis(seconds);
  const sign = ms < 0 ? '-' : '';
  ms = Math.abs(ms);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const wholeS = Math.floor((ms % 60_000) / 1000);
  const frac = ms % 1000;
  let out = `${sign}PT`;
  if (h) out += `${h}H`;
  if (m) out += `${m}M`;
  if (wholeS || frac || (!h && !m)) {
    out += String(wholeS);
    if (frac) out += `.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
    out += 'S';
  }
  return out;
}
