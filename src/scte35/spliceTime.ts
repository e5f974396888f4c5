import type { BitReader } from './bitReader';
import type { BitWriter } from './bitWriter';
import type { BreakDuration, SpliceTime } from './types';
import { need } from './need';

/** splice_time() (SCTE 35 2023 §9.8.1): time_specified_flag, then 6 reserved bits and a 33-bit pts_time, or 7 reserved bits. */
export function decodeSpliceTime(r: BitReader): SpliceTime {
  if (r.flag('time_specified_flag')) {
    const reserved = r.reserved(6);
    const t: SpliceTime = { time_specified_flag: true, pts_time: r.bits(33, 'pts_time') };
    if (reserved !== undefined) t.reserved_after_time_specified_flag = reserved;
    return t;
  }
  const reserved = r.reserved(7);
  return reserved === undefined ? { time_specified_flag: false } : { time_specified_flag: false, reserved_after_time_specified_flag: reserved };
}

export function encodeSpliceTime(w: BitWriter, t: SpliceTime): void {
  w.flag(t.time_specified_flag, 'time_specified_flag');
  if (t.time_specified_flag) {
    w.reserved(6, t.reserved_after_time_specified_flag);
    w.bits(need(t.pts_time, 'pts_time', w), 33, 'pts_time');
  } else {
    w.reserved(7, t.reserved_after_time_specified_flag);
  }
}

/** break_duration() (§9.8.2): auto_return, 6 reserved bits, 33-bit duration. */
export function decodeBreakDuration(r: BitReader): BreakDuration {
  const auto_return = r.flag('auto_return');
  const reserved = r.reserved(6);
  const d: BreakDuration = { auto_return, duration: r.bits(33, 'duration') };
  if (reserved !== undefined) d.reserved_after_auto_return = reserved;
  return d;
}

export function encodeBreakDuration(w: BitWriter, d: BreakDuration): void {
  w.flag(d.auto_return, 'auto_return');
  w.reserved(6, d.reserved_after_auto_return);
  w.bits(d.duration, 33, 'duration');
}
