import type { BitReader } from '../bitReader';
import type { BitWriter } from '../bitWriter';
import type { SpliceInsert, SpliceInsertComponent } from '../types';
import { decodeBreakDuration, decodeSpliceTime, encodeBreakDuration, encodeSpliceTime } from '../spliceTime';
import { need } from '../need';

type Active = Extract<SpliceInsert, { splice_event_cancel_indicator: false }>;

/** splice_insert() (SCTE 35 2023 §9.7.3). */
export function decodeSpliceInsert(r: BitReader): SpliceInsert {
  const splice_event_id = r.u32('splice_event_id');
  const cancel = r.flag('splice_event_cancel_indicator');
  const reserved1 = r.reserved(7);
  if (cancel) {
    return reserved1 === undefined
      ? { splice_event_id, splice_event_cancel_indicator: true }
      : { splice_event_id, splice_event_cancel_indicator: true, reserved_after_splice_event_cancel_indicator: reserved1 };
  }
  // Fields are added in syntax order so that the JSON reads like the spec's table.
  const c = { splice_event_id, splice_event_cancel_indicator: false } as Active;
  if (reserved1 !== undefined) c.reserved_after_splice_event_cancel_indicator = reserved1;
  c.out_of_network_indicator = r.flag('out_of_network_indicator');
  const program_splice_flag = (c.program_splice_flag = r.flag('program_splice_flag'));
  const duration_flag = (c.duration_flag = r.flag('duration_flag'));
  const splice_immediate_flag = (c.splice_immediate_flag = r.flag('splice_immediate_flag'));
  c.event_id_compliance_flag = r.flag('event_id_compliance_flag');
  const reserved2 = r.reserved(3);
  if (reserved2 !== undefined) c.reserved_after_event_id_compliance_flag = reserved2;
  if (program_splice_flag && !splice_immediate_flag) c.splice_time = decodeSpliceTime(r);
  if (!program_splice_flag) {
    const count = r.u8('component_count');
    const components: SpliceInsertComponent[] = [];
    for (let i = 0; i < count; i++) {
      const component: SpliceInsertComponent = { component_tag: r.u8('component_tag') };
      if (!splice_immediate_flag) component.splice_time = decodeSpliceTime(r);
      components.push(component);
    }
    c.components = components;
  }
  if (duration_flag) c.break_duration = decodeBreakDuration(r);
  c.unique_program_id = r.u16('unique_program_id');
  c.avail_num = r.u8('avail_num');
  c.avails_expected = r.u8('avails_expected');
  return c;
}

export function encodeSpliceInsert(w: BitWriter, c: SpliceInsert): void {
  w.bits(c.splice_event_id, 32, 'splice_event_id');
  w.flag(c.splice_event_cancel_indicator, 'splice_event_cancel_indicator');
  w.reserved(7, c.reserved_after_splice_event_cancel_indicator);
  if (c.splice_event_cancel_indicator) return;
  w.flag(c.out_of_network_indicator, 'out_of_network_indicator');
  w.flag(c.program_splice_flag, 'program_splice_flag');
  w.flag(c.duration_flag, 'duration_flag');
  w.flag(c.splice_immediate_flag, 'splice_immediate_flag');
  w.flag(c.event_id_compliance_flag ?? true, 'event_id_compliance_flag');
  w.reserved(3, c.reserved_after_event_id_compliance_flag);
  if (c.program_splice_flag && !c.splice_immediate_flag) encodeSpliceTime(w, need(c.splice_time, 'splice_time', w));
  if (!c.program_splice_flag) {
    const components = need(c.components, 'components', w);
    w.bits(components.length, 8, 'component_count');
    for (const component of components) {
      w.bits(component.component_tag, 8, 'component_tag');
      if (!c.splice_immediate_flag) encodeSpliceTime(w, need(component.splice_time, 'component splice_time', w));
    }
  }
  if (c.duration_flag) encodeBreakDuration(w, need(c.break_duration, 'break_duration', w));
  w.bits(c.unique_program_id, 16, 'unique_program_id');
  w.bits(c.avail_num, 8, 'avail_num');
  w.bits(c.avails_expected, 8, 'avails_expected');
}
