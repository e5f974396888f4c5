import type { BitReader } from '../bitReader';
import type { BitWriter } from '../bitWriter';
import type { SpliceInsert, SpliceInsertComponent } from '../types';
import { decodeSpliceTime, encodeSpliceTime } from '../spliceTime';
import { decodeEventHead, decodeEventTail, encodeEventHead, encodeEventTail } from './spliceEvent';
import { need } from '../need';

type Active = Extract<SpliceInsert, { splice_event_cancel_indicator: false }>;

/** splice_insert() (SCTE 35 2023 §9.7.3). */
export function decodeSpliceInsert(r: BitReader): SpliceInsert {
  const head = decodeEventHead<Active>(r);
  if ('cancelled' in head) return head.cancelled;
  const c = head.event;
  const splice_immediate_flag = (c.splice_immediate_flag = r.flag('splice_immediate_flag'));
  c.event_id_compliance_flag = r.flag('event_id_compliance_flag');
  const reserved2 = r.reserved(3);
  if (reserved2 !== undefined) c.reserved_after_event_id_compliance_flag = reserved2;
  if (c.program_splice_flag && !splice_immediate_flag) c.splice_time = decodeSpliceTime(r);
  if (!c.program_splice_flag) {
    const count = r.u8('component_count');
    const components: SpliceInsertComponent[] = [];
    for (let i = 0; i < count; i++) {
      const component: SpliceInsertComponent = { component_tag: r.u8('component_tag') };
      if (!splice_immediate_flag) component.splice_time = decodeSpliceTime(r);
      components.push(component);
    }
    c.components = components;
  }
  decodeEventTail(r, c);
  return c;
}

export function encodeSpliceInsert(w: BitWriter, c: SpliceInsert): void {
  if (!encodeEventHead(w, c)) return;
  const a = c as Active;
  w.flag(a.splice_immediate_flag, 'splice_immediate_flag');
  w.flag(a.event_id_compliance_flag ?? true, 'event_id_compliance_flag');
  w.reserved(3, a.reserved_after_event_id_compliance_flag);
  if (a.program_splice_flag && !a.splice_immediate_flag) encodeSpliceTime(w, need(a.splice_time, 'splice_time', w));
  if (!a.program_splice_flag) {
    const components = need(a.components, 'components', w);
    w.bits(components.length, 8, 'component_count');
    for (const component of components) {
      w.bits(component.component_tag, 8, 'component_tag');
      if (!a.splice_immediate_flag) encodeSpliceTime(w, need(component.splice_time, 'component splice_time', w));
    }
  }
  encodeEventTail(w, a);
}
