/**
 * VAST `skipoffset` as MediaTailor passes it through in `skipOffset` (protocols.md §4.3): `HH:MM:SS`,
 * `HH:MM:SS.mmm` or a percentage of the ad (`25%`). Shaka also reads `MM:SS.mmm` (players.md §1.5,
 * TextParser.parseTime), so two fields are accepted too. Returns seconds from the ad start, or null
 * when the ad is not skippable or the value cannot be read (fail open: no skip button rather than a wrong one).
 */
export function parseSkipOffset(value: string | null | undefined, adDuration: number): number | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(v);
  if (pct) {
    const p = Number(pct[1]);
    return p <= 100 && adDuration > 0 ? (p / 100) * adDuration : null;
  }
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(v);
  if (!m) return null;
  const s = Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  return Number.isFinite(s) ? s : null;
}
