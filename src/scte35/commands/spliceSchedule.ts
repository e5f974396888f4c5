import type { BitReader } from '../bitReader';
import type { BitWriter } from '../bitWriter';
import type { SpliceSchedule, SpliceScheduleComponent, SpliceScheduleEvent } from '../types';
import { decodeBreakDuration, encodeBreakDuration } from '../spliceTime';
import { need } from '../need';

type Active = Extract<SpliceScheduleEvent, { splice_event_cancel_indicator: false }>;

/** splice_schedule() (SCTE 35 2023 §9.7.2): splice_count events, each at a UTC time (GPS-epoch seconds). */
export function decodeSpliceSchedule(r: BitReader): SpliceSchedule {
  const count = r.u8('splice_count');
  const events: SpliceScheduleEvent[] = [];
  for (let i = 0; i < count; i++) events.push(decodeEvent(r));
  return { events };
}

function decodeEvent(r: BitReader): SpliceScheduleEvent {
  const splice_event_id = r.u32('splice_event_id');
  const cancel = r.flag('splice_event_cancel_indicator');
  const reserved1 = r.reserved(7);
  if (cancel) {
    return reserved1 === undefined
      ? { splice_event_id, splice_event_cancel_indicator: true }
      : { splice_event_id, splice_event_cancel_indicator: true, reserved_after_splice_event_cancel_indicator: reserved1 };
  }
  // Fields are added in syntax order so that the JSON reads like the spec's table.
  const e = { splice_event_id, splice_event_cancel_indicator: false } as Active;
  if (reserved1 !== undefined) e.reserved_after_splice_event_cancel_indicator = reserved1;
  e.out_of_network_indicator = r.flag('out_of_network_indicator');
  const program_splice_flag = (e.program_splice_flag = r.flag('program_splice_flag'));
  const duration_flag = (e.duration_flag = r.flag('duration_flag'));
  const reserved2 = r.reserved(5);
  if (reserved2 !== undefined) e.reserved_after_duration_flag = reserved2;
  if (program_splice_flag) {
    e.utc_splice_time = r.u32('utc_splice_time');
  } else {
    const n = r.u8('component_count');
    const components: SpliceScheduleComponent[] = [];
    for (let j = 0; j < n; j++) components.push({ component_tag: r.u8('component_tag'), utc_splice_time: r.u32('utc_splice_time') });
    e.components = components;
  }
  if (duration_flag) e.break_duration = decodeBreakDuration(r);
  e.unique_program_id = r.u16('unique_program_id');
  e.avail_num = r.u8('avail_num');
  e.avails_expected = r.u8('avails_expected');
  return e;
}

export function encodeSpliceSchedule(w: BitWriter, c: SpliceSchedule): void {
  const events = need(c.events, 'events', w);
  w.bits(events.length, 8, 'splice_count');
  for (const e of events) {
    w.bits(e.splice_event_id, 32, 'splice_event_id');
    w.flag(e.splice_event_cancel_indicator, 'splice_event_cancel_indicator');
    w.reserved(7, e.reserved_after_splice_event_cancel_indicator);
    if (e.splice_event_cancel_indicator) continue;
    w.flag(e.out_of_network_indicator, 'out_of_network_indicator');
    w.flag(e.program_splice_flag, 'program_splice_flag');
    w.flag(e.duration_flag, 'duration_flag');
    w.reserved(5, e.reserved_after_duration_flag);
    if (e.program_splice_flag) {
      w.bits(need(e.utc_splice_time, 'utc_splice_time', w), 32, 'utc_splice_time');
    } else {
      const components = need(e.components, 'components', w);
      w.bits(components.length, 8, 'component_count');
      for (const k of components) {
        w.bits(k.component_tag, 8, 'component_tag');
        w.bits(k.utc_splice_time, 32, 'utc_splice_time');
      }
    }
    if (e.duration_flag) encodeBreakDuration(w, need(e.break_duration, 'break_duration', w));
    w.bits(e.unique_program_id, 16, 'unique_program_id');
    w.bits(e.avail_num, 8, 'avail_num');
    w.bits(e.avails_expected, 8, 'avails_expected');
  }
}
