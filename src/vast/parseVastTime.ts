/**
 * VAST time values (VAST 4.2 `Linear/Duration`, `Linear@skipoffset`, `Tracking@offset` of progress events):
 * "HH:MM:SS" or "HH:MM:SS.mmm". Ad servers also send "MM:SS" or plain seconds ("30"); those are read
 * too and reported as non-standard so the caller can record a problem.
 */
export interface VastTime {
  seconds: number;
  /** false when the text was not in the HH:MM:SS(.mmm) form the spec requires. */
  standard: boolean;
}

function isDigits(s: string): boolean {
  if (!s.length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** "SS" or "SS.fff" → seconds, or NaN. */
function secondsPart(s: string): number {
  const dot = s.indexOf('.');
  if (dot === -1) return isDigits(s) ? Number(s) : NaN;
  const whole = s.slice(0, dot);
  const frac = s.slice(dot + 1);
  if (!isDigits(whole) || !isDigits(frac)) return NaN;
  return Number(s);
}

export function parseVastTime(text: string | null | undefined): VastTime | null {
  if (text == null) return null;
  const t = text.trim();
  if (!t) return null;
  const parts = t.split(':');
  if (parts.length === 3) {
    const [h, m, s] = parts;
    if (!isDigits(h) || !isDigits(m)) return null;
    const sec = secondsPart(s);
    if (Number.isNaN(sec)) return null;
    const mm = Number(m);
    const standard = m.length === 2 && s.length >= 2 && mm < 60 && sec < 60;
    return { seconds: Number(h) * 3600 + mm * 60 + sec, standard };
  }
  if (parts.length === 2) {
    const [m, s] = parts;
    if (!isDigits(m)) return null;
    const sec = secondsPart(s);
    if (Number.isNaN(sec)) return null;
    return { seconds: Number(m) * 60 + sec, standard: false };
  }
  if (parts.length === 1) {
    const sec = secondsPart(t);
    return Number.isNaN(sec) ? null : { seconds: sec, standard: false };
  }
  return null;
}
