import { Scte35Error } from './scte35Error';
import type { BitWriter } from './bitWriter';

/** A field the flags say must be there, for the encoder: a typed error rather than a crash when it is missing. */
export function need<T>(value: T | undefined, field: string, w: BitWriter): T {
  if (value === undefined || value === null) throw new Scte35Error('bad_value', `${field} is required by the flags that precede it`, w.offset, { field });
  return value;
}
