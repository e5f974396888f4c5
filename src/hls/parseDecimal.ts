/**
 * A plain non-negative decimal (`30`, `30.000`, `.5`, `15.120000000000001`), as RFC 8216 §4.2
 * decimal-floating-point; anything else (signs, exponents, `PT30S`, `INVALID`) is null.
 * Surrounding spaces are ignored. A loop over char codes, not a regex: it runs on every `#EXTINF`.
 */
export function parseDecimal(text: string): number | null {
  let s = 0;
  let e = text.length;
  while (s < e && text.charCodeAt(s) === 32) s++;
  while (e > s && text.charCodeAt(e - 1) === 32) e--;
  if (s === e) return null;
  let digits = 0;
  let dot = false;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else return null;
  }
  if (digits === 0) return null;
  return Number(text.slice(s, e));
}
