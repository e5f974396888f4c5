/**
 * The SCTE-35 payload of a cue tag, decoded without throwing (DESIGN.md invariant 6: a broken cue never
 * breaks playback). The caller says the text form: base64 for EXT-X-SPLICEPOINT-SCTE35, EXT-OATCLS-SCTE35,
 * EXT-X-SCTE35 CUE=, EXT-X-CUE-OUT CUE= and CUE-OUT-CONT SCTE35=; hexadecimal for EXT-X-DATERANGE
 * SCTE35-OUT / -IN / -CMD (RFC 8216 §4.3.2.7.1).
 */
import { fromBase64, fromHex } from './bytes';
import { decodeSpliceInfoSection } from './decode';
import type { SpliceInfoSection } from './types';

export type PayloadReading = { section: SpliceInfoSection; error: null } | { section: null; error: string };

// Live encoders repeat one payload on every continuation tag of a break (Elemental CUE-OUT-CONT SCTE35=):
// remembering the last one spares most decodes of a playlist refresh. Decoded sections are never mutated.
let lastText = '';
let lastForm = '';
let lastReading: PayloadReading | null = null;

export function hlsCuePayload(text: string, form: 'base64' | 'hex'): PayloadReading {
  if (lastReading !== null && text === lastText && form === lastForm) return lastReading;
  let reading: PayloadReading;
  try {
    reading = { section: decodeSpliceInfoSection(form === 'hex' ? fromHex(text) : fromBase64(text)), error: null };
  } catch (e) {
    reading = { section: null, error: e instanceof Error ? e.message : String(e) };
  }
  lastText = text;
  lastForm = form;
  lastReading = reading;
  return reading;
}
