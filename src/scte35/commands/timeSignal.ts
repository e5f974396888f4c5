import type { BitReader } from '../bitReader';
import type { BitWriter } from '../bitWriter';
import type { TimeSignal } from '../types';
import { decodeSpliceTime, encodeSpliceTime } from '../spliceTime';
import { need } from '../need';

/** time_signal() (SCTE 35 2023 §9.7.4): one splice_time(); its meaning comes from the descriptors. */
export function decodeTimeSignal(r: BitReader): TimeSignal {
  return { splice_time: decodeSpliceTime(r) };
}

export function encodeTimeSignal(w: BitWriter, c: TimeSignal): void {
  encodeSpliceTime(w, need(c.splice_time, 'splice_time', w));
}
