import type { BitReader } from '../bitReader';
import type { BitWriter } from '../bitWriter';
import type { SpliceSchedule, SpliceScheduleComponent, SpliceScheduleEvent } from '../types';
import { decodeEventHead, decodeEventTail, encodeEventHead, encodeEventTail } from './spliceEvent';
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
  const head = decodeEventHead<Active>(r);
  if ('cancelled' in head) return head.cancelled;
  const e = head.event;
  const reserved2 = r.reserved(5);
  if (reserved2 !== undefined) e.reserved_after_duration_flag = reserved2;
  if (e.program_splice_flag) {
    e.utc_splice_time = r.u32('utc_splice_time');
  } else {
    const n = r.u8('component_count');
    const components: SpliceScheduleComponent[] = [];
    for (let j = 0; j < n; j++) components.push({ component_tag: r.u8('component_tag'), utc_splice_time: r.u32('utc_splice_time') });
    e.components = components;
  }
  decodeEventTail(r, e);
  return e;
}

export function encodeSpliceSchedule(w: BitWriter, c: SpliceSchedule): void {
  const events = need(c.events, 'events', w);
  w.bits(events.length, 8, 'splice_count');
  for (const e of events) {
    if (!encodeEventHead(w, e)) continue;
    const a = e as Active;
    w.reserved(5, a.reserved_after_duration_flag);
    if (a.program_splice_flag) {
      w.bits(need(a.utc_splice_time, 'utc_splice_time', w), 32, 'utc_splice_time');
    } else {
      const components = need(a.components, 'components', w);
      w.bits(components.length, 8, 'component_count');
      for (const k of components) {
        w.bits(k.component_tag, 8, 'component_tag');
        w.bits(k.utc_splice_time, 32, 'utc_splice_time');
      }
    }
    encodeEventTail(w, a);
  }
}
