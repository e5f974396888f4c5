import type { BitReader } from '../bitReader';
import type { BitWriter } from '../bitWriter';
import type { SegmentationComponent, SegmentationDescriptor } from '../types';
import type { DescriptorHead } from './descriptorHead';
import { decodeSegmentationUpid, encodeSegmentationUpid } from './segmentationUpid';
import { need } from '../need';

type Active = Extract<SegmentationDescriptor, { segmentation_event_cancel_indicator: false }>;

/** segmentation_descriptor() (SCTE 35 2023 §10.3.3). */
export function decodeSegmentationDescriptor(r: BitReader, head: DescriptorHead): SegmentationDescriptor {
  const segmentation_event_id = r.u32('segmentation_event_id');
  const cancel = r.flag('segmentation_event_cancel_indicator');
  const segmentation_event_id_compliance_indicator = r.flag('segmentation_event_id_compliance_indicator');
  const reserved1 = r.reserved(6);
  if (cancel) {
    const c: SegmentationDescriptor = { splice_descriptor_tag: 0x02, descriptor_length: head.descriptor_length, identifier: head.identifier, segmentation_event_id, segmentation_event_cancel_indicator: true, segmentation_event_id_compliance_indicator };
    if (reserved1 !== undefined) c.reserved_after_segmentation_event_id_compliance_indicator = reserved1;
    return c;
  }
  // Every field is read first, then the object is built in syntax order (so that the JSON reads like the spec's
  // table): in one literal for the usual shapes, adding 15 properties one by one cost more than reading them.
  const program_segmentation_flag = r.flag('program_segmentation_flag');
  const segmentation_duration_flag = r.flag('segmentation_duration_flag');
  const delivery_not_restricted_flag = r.flag('delivery_not_restricted_flag');
  let reserved2: number | undefined;
  let web_delivery_allowed_flag = false;
  let no_regional_blackout_flag = false;
  let archive_allowed_flag = false;
  let device_restrictions = 0;
  if (delivery_not_restricted_flag) {
    reserved2 = r.reserved(5);
  } else {
    web_delivery_allowed_flag = r.flag('web_delivery_allowed_flag');
    no_regional_blackout_flag = r.flag('no_regional_blackout_flag');
    archive_allowed_flag = r.flag('archive_allowed_flag');
    device_restrictions = r.bits(2, 'device_restrictions');
  }
  let components: SegmentationComponent[] | undefined;
  if (!program_segmentation_flag) {
    const count = r.u8('component_count');
    components = [];
    for (let i = 0; i < count; i++) {
      const component_tag = r.u8('component_tag');
      const reserved = r.reserved(7);
      const component: SegmentationComponent = { component_tag, pts_offset: r.bits(33, 'pts_offset') };
      if (reserved !== undefined) component.reserved_after_component_tag = reserved;
      components.push(component);
    }
  }
  const segmentation_duration = segmentation_duration_flag ? r.bits(40, 'segmentation_duration') : 0;
  const segmentation_upid_type = r.u8('segmentation_upid_type');
  const lengthAt = r.offset;
  const segmentation_upid_length = r.u8('segmentation_upid_length');
  const segmentation_upid = decodeSegmentationUpid(r, segmentation_upid_type, segmentation_upid_length, lengthAt);
  const segmentation_type_id = r.u8('segmentation_type_id');
  const segment_num = r.u8('segment_num');
  const segments_expected = r.u8('segments_expected');
  // sub_segment_num / sub_segments_expected (2016+, for the placement-opportunity and ad-block start types):
  // encoders older than the field omit them and some write them for other types too; descriptor_length decides.
  const sub = r.left >= 2;
  const sub_segment_num = sub ? r.u8('sub_segment_num') : 0;
  const sub_segments_expected = sub ? r.u8('sub_segments_expected') : 0;

  const descriptor_length = head.descriptor_length;
  const identifier = head.identifier;
  let d: Active;
  if (reserved1 === undefined && reserved2 === undefined && components === undefined && !segmentation_duration_flag) {
    d = delivery_not_restricted_flag
      ? ({ splice_descriptor_tag: 0x02, descriptor_length, identifier, segmentation_event_id, segmentation_event_cancel_indicator: false, segmentation_event_id_compliance_indicator, program_segmentation_flag, segmentation_duration_flag, delivery_not_restricted_flag, segmentation_upid_type, segmentation_upid_length, segmentation_upid, segmentation_type_id, segment_num, segments_expected } as Active)
      : ({ splice_descriptor_tag: 0x02, descriptor_length, identifier, segmentation_event_id, segmentation_event_cancel_indicator: false, segmentation_event_id_compliance_indicator, program_segmentation_flag, segmentation_duration_flag, delivery_not_restricted_flag, web_delivery_allowed_flag, no_regional_blackout_flag, archive_allowed_flag, device_restrictions, segmentation_upid_type, segmentation_upid_length, segmentation_upid, segmentation_type_id, segment_num, segments_expected } as Active);
  } else if (reserved1 === undefined && reserved2 === undefined && components === undefined) {
    d = delivery_not_restricted_flag
      ? ({ splice_descriptor_tag: 0x02, descriptor_length, identifier, segmentation_event_id, segmentation_event_cancel_indicator: false, segmentation_event_id_compliance_indicator, program_segmentation_flag, segmentation_duration_flag, delivery_not_restricted_flag, segmentation_duration, segmentation_upid_type, segmentation_upid_length, segmentation_upid, segmentation_type_id, segment_num, segments_expected } as Active)
      : ({ splice_descriptor_tag: 0x02, descriptor_length, identifier, segmentation_event_id, segmentation_event_cancel_indicator: false, segmentation_event_id_compliance_indicator, program_segmentation_flag, segmentation_duration_flag, delivery_not_restricted_flag, web_delivery_allowed_flag, no_regional_blackout_flag, archive_allowed_flag, device_restrictions, segmentation_duration, segmentation_upid_type, segmentation_upid_length, segmentation_upid, segmentation_type_id, segment_num, segments_expected } as Active);
  } else {
    // Any other shape (reserved bits that are not 1s, components): property by property, in the same order.
    d = { splice_descriptor_tag: 0x02, descriptor_length, identifier, segmentation_event_id, segmentation_event_cancel_indicator: false, segmentation_event_id_compliance_indicator } as Active;
    if (reserved1 !== undefined) d.reserved_after_segmentation_event_id_compliance_indicator = reserved1;
    d.program_segmentation_flag = program_segmentation_flag;
    d.segmentation_duration_flag = segmentation_duration_flag;
    d.delivery_not_restricted_flag = delivery_not_restricted_flag;
    if (delivery_not_restricted_flag) {
      if (reserved2 !== undefined) d.reserved_after_delivery_not_restricted_flag = reserved2;
    } else {
      d.web_delivery_allowed_flag = web_delivery_allowed_flag;
      d.no_regional_blackout_flag = no_regional_blackout_flag;
      d.archive_allowed_flag = archive_allowed_flag;
      d.device_restrictions = device_restrictions;
    }
    if (components !== undefined) d.components = components;
    if (segmentation_duration_flag) d.segmentation_duration = segmentation_duration;
    d.segmentation_upid_type = segmentation_upid_type;
    d.segmentation_upid_length = segmentation_upid_length;
    d.segmentation_upid = segmentation_upid;
    d.segmentation_type_id = segmentation_type_id;
    d.segment_num = segment_num;
    d.segments_expected = segments_expected;
  }
  if (sub) {
    d.sub_segment_num = sub_segment_num;
    d.sub_segments_expected = sub_segments_expected;
  }
  return d;
}

export function encodeSegmentationDescriptor(w: BitWriter, d: SegmentationDescriptor): void {
  w.bits(d.segmentation_event_id, 32, 'segmentation_event_id');
  w.flag(d.segmentation_event_cancel_indicator, 'segmentation_event_cancel_indicator');
  w.flag(d.segmentation_event_id_compliance_indicator ?? true, 'segmentation_event_id_compliance_indicator');
  w.reserved(6, d.reserved_after_segmentation_event_id_compliance_indicator);
  if (d.segmentation_event_cancel_indicator) return;
  w.flag(d.program_segmentation_flag, 'program_segmentation_flag');
  w.flag(d.segmentation_duration_flag, 'segmentation_duration_flag');
  w.flag(d.delivery_not_restricted_flag, 'delivery_not_restricted_flag');
  if (d.delivery_not_restricted_flag) {
    w.reserved(5, d.reserved_after_delivery_not_restricted_flag);
  } else {
    w.flag(need(d.web_delivery_allowed_flag, 'web_delivery_allowed_flag', w), 'web_delivery_allowed_flag');
    w.flag(need(d.no_regional_blackout_flag, 'no_regional_blackout_flag', w), 'no_regional_blackout_flag');
    w.flag(need(d.archive_allowed_flag, 'archive_allowed_flag', w), 'archive_allowed_flag');
    w.bits(need(d.device_restrictions, 'device_restrictions', w), 2, 'device_restrictions');
  }
  if (!d.program_segmentation_flag) {
    const components = need(d.components, 'components', w);
    w.bits(components.length, 8, 'component_count');
    for (const c of components) {
      w.bits(c.component_tag, 8, 'component_tag');
      w.reserved(7, c.reserved_after_component_tag);
      w.bits(c.pts_offset, 33, 'pts_offset');
    }
  }
  if (d.segmentation_duration_flag) w.bits(need(d.segmentation_duration, 'segmentation_duration', w), 40, 'segmentation_duration');
  w.bits(d.segmentation_upid_type, 8, 'segmentation_upid_type');
  w.bits(0, 8, 'segmentation_upid_length');
  const at = w.offset;
  encodeSegmentationUpid(w, d.segmentation_upid_type, need(d.segmentation_upid, 'segmentation_upid', w));
  w.patch(at, w.offset - at, 8, 'segmentation_upid_length');
  w.bits(d.segmentation_type_id, 8, 'segmentation_type_id');
  w.bits(d.segment_num, 8, 'segment_num');
  w.bits(d.segments_expected, 8, 'segments_expected');
  if (d.sub_segment_num !== undefined || d.sub_segments_expected !== undefined) {
    w.bits(need(d.sub_segment_num, 'sub_segment_num', w), 8, 'sub_segment_num');
    w.bits(need(d.sub_segments_expected, 'sub_segments_expected', w), 8, 'sub_segments_expected');
  }
}
