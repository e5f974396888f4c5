/**
 * Seconds as an MPD xs:duration (`PT30S`, `PT12.48S`, `PT0S`): seconds only, up to microsecond precision with
 * trailing zeros dropped, the form MediaTailor's Period ids use (`8778696_PT0S_0`, protocols.md §15).
 * Negative or non-finite input is written as PT0S.
 */
export function isoSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return 'PT0S';
  const micros = Math.round(seconds * 1e6);
  const whole = Math.floor(micros / 1e6);
  const frac = micros % 1e6;
  return frac === 0 ? `PT${whole}S` : `PT${whole}.${String(frac).padStart(6, '0').replace(/0+$/, '')}S`;
}
