/**
 * The parts splice_insert() (SCTE 35 2023 §9.7.3) and the events of splice_schedule() (§9.7.2) share: the
 * head (splice_event_id, the cancel indicator, and for a live event out_of_network_indicator,
 * program_splice_flag, duration_flag) and the tail (break_duration(), unique_program_id, avail_num,
 * avails_expected). What lies between differs per command and stays in each command's codec.
 */
import type { BitReader } from '../bitReader';
import type { BitWriter } from '../bitWriter';
import type { BreakDuration } from '../types';
import { decodeBreakDuration, encodeBreakDuration } from '../spliceTime';
import { need } from '../need';

interface Cancelled { splice_event_id: number; splice_event_cancel_indicator: true; reserved_after_splice_event_cancel_indicator?: number }

/** Fields every live (not cancelled) event has, in syntax order. */
export interface EventCommon {
  splice_event_id: number;
  splice_event_cancel_indicator: false;
  reserved_after_splice_event_cancel_indicator?: number;
  out_of_network_indicator: boolean;
  program_splice_flag: boolean;
  duration_flag: boolean;
  break_duration?: BreakDuration;
  unique_program_id: number;
  avail_num: number;
  avails_expected: number;
}

/**
 * Read the head. A cancelled event is complete as returned; a live one has its fields up to duration_flag set,
 * added in syntax order so that the JSON reads like the spec's table. The caller reads the middle, then the tail.
 */
export function decodeEventHead<T extends EventCommon>(r: BitReader): { cancelled: Cancelled } | { event: T } {
  const splice_event_id = r.u32('splice_event_id');
  const cancel = r.flag('splice_event_cancel_indicator');
  const reserved1 = r.reserved(7);
  if (cancel) {
    return {
      cancelled: reserved1 === undefined
        ? { splice_event_id, splice_event_cancel_indicator: true }
        : { splice_event_id, splice_event_cancel_indicator: true, reserved_after_splice_event_cancel_indicator: reserved1 },
    };
  }
  const e = { splice_event_id, splice_event_cancel_indicator: false } as T;
  if (reserved1 !== undefined) e.reserved_after_splice_event_cancel_indicator = reserved1;
  e.out_of_network_indicator = r.flag('out_of_network_indicator');
  e.program_splice_flag = r.flag('program_splice_flag');
  e.duration_flag = r.flag('duration_flag');
  return { event: e };
}

export function decodeEventTail(r: BitReader, e: EventCommon): void {
  if (e.duration_flag) e.break_duration = decodeBreakDuration(r);
  e.unique_program_id = r.u16('unique_program_id');
  e.avail_num = r.u8('avail_num');
  e.avails_expected = r.u8('avails_expected');
}

/** Write the head; false when the event is cancelled (nothing more follows). */
export function encodeEventHead(w: BitWriter, e: Cancelled | EventCommon): e is EventCommon {
  w.bits(e.splice_event_id, 32, 'splice_event_id');
  w.flag(e.splice_event_cancel_indicator, 'splice_event_cancel_indicator');
  w.reserved(7, e.reserved_after_splice_event_cancel_indicator);
  if (e.splice_event_cancel_indicator) return false;
  w.flag(e.out_of_network_indicator, 'out_of_network_indicator');
  w.flag(e.program_splice_flag, 'program_splice_flag');
  w.flag(e.duration_flag, 'duration_flag');
  return true;
}

export function encodeEventTail(w: BitWriter, e: EventCommon): void {
  if (e.duration_flag) encodeBreakDuration(w, need(e.break_duration, 'break_duration', w));
  w.bits(e.unique_program_id, 16, 'unique_program_id');
  w.bits(e.avail_num, 8, 'avail_num');
  w.bits(e.avails_expected, 8, 'avails_expected');
}
