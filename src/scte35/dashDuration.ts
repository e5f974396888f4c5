/**
 * xs:duration as MPDs write it (ISO 8601 §4.4.3.2, XML Schema Part 2 §3.2.6): `PT48H10M2.036S`, `PT0S`,
 * `P1DT2H`, in seconds. Years and months have no fixed length and are refused (null), as DASH-IF
 * guidelines advise against them; so are negative durations and anything else that does not parse.
 * A small hand-written reader, no regex backtracking on hostile input.
 */
export function dashDuration(text: string | undefined): number | null {
  if (text === undefined) return null;
  const s = text.trim();
  if (s.length < 3 || s.charCodeAt(0) !== 0x50 /* P */) return null;
  let total = 0;
  let inTime = false;
  let number = '';
  let units = 0;
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (c === 'T') {
      if (inTime || number !== '') return null;
      inTime = true;
      continue;
    }
    if ((c >= '0' && c <= '9') || c === '.') {
      number += c;
      continue;
    }
    if (number === '' || number === '.' || number.indexOf('.') !== number.lastIndexOf('.')) return null;
    const v = Number(number);
    number = '';
    units++;
    if (!inTime && c === 'D') total += v * 86400;
    else if (!inTime && c === 'W') total += v * 604800;
    else if (inTime && c === 'H') total += v * 3600;
    else if (inTime && c === 'M') total += v * 60;
    else if (inTime && c === 'S') total += v;
    else return null;
  }
  if (number !== '' || units === 0) return null;
  return total;
}
