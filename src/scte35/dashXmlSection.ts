/**
 * The XML form of a splice_info_section (SCTE 35 2023 §12 XML schema, namespace
 * http://www.scte.org/schemas/35; DASH scheme `urn:scte:scte35:2013:xml`, SCTE 214-1 §6.7) as the codec's
 * value, so one classification (hlsCueSignal) and one `[scte.*]` reader (scteVars) serve both forms.
 *
 * Read: SpliceInfoSection@ptsAdjustment/@tier/@protocolVersion/@sapType; SpliceNull, SpliceSchedule,
 * SpliceInsert (@spliceEventId, @spliceEventCancelIndicator, @outOfNetworkIndicator, @spliceImmediateFlag,
 * @uniqueProgramId, @availNum, @availsExpected; Program/SpliceTime@ptsTime; BreakDuration@autoReturn
 * @duration), TimeSignal/SpliceTime@ptsTime, BandwidthReservation, PrivateCommand; AvailDescriptor and
 * SegmentationDescriptor (@segmentationEventId, @segmentationEventCancelIndicator, @segmentationDuration,
 * @segmentationTypeId, @segmentNum, @segmentsExpected, @subSegmentNum, @subSegmentsExpected;
 * DeliveryRestrictions; SegmentationUpid@segmentationUpidType/@segmentationUpidFormat with its text).
 * Other descriptors (DTMF, time, audio) are left out: nothing here reads them. Missing values take the
 * binary syntax's defaults (reserved bits set, tier 0xFFF). Element names are matched without prefix.
 */
import { fromBase64, fromHex, hexOf, latin1 } from './bytes';
import { attr, boolAttr, child, children, textOf, uintAttr, type XmlNode } from './dashXml';
import { CUEI, type ClearSpliceInfoSection, type SegmentationDescriptor, type SegmentationUpid, type SpliceDescriptor, type SpliceTime } from './types';

/** UPID types whose value is a character string (§10.3.3.1 table), as the binary decoder reads them. */
const TEXT_TYPES = new Set([0x02, 0x03, 0x07, 0x09, 0x0e, 0x0f]);

function spliceTime(node: XmlNode | undefined): SpliceTime {
  const pts = uintAttr(child(node, 'SpliceTime'), 'ptsTime');
  return pts === null ? { time_specified_flag: false } : { time_specified_flag: true, pts_time: pts };
}

/** SegmentationUpid text in its declared format (`hexbinary`, `base-64`, else text), as bytes. */
function upidBytes(node: XmlNode): Uint8Array | null {
  const format = (attr(node, 'segmentationUpidFormat') ?? 'text').toLowerCase();
  const text = textOf(node);
  try {
    if (format === 'hexbinary') return fromHex(text);
    if (format === 'base-64' || format === 'base64') return fromBase64(text);
  } catch {
    return null;
  }
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

function upidOf(type: number, bytes: Uint8Array): SegmentationUpid {
  if (TEXT_TYPES.has(type)) return { format: 'text', text: latin1(bytes, 0, bytes.length), hex: hexOf(bytes, 0, bytes.length) };
  if (type === 0x0c && bytes.length >= 4) {
    const format_identifier = bytes[0] * 0x1000000 + ((bytes[1] << 16) | (bytes[2] << 8) | bytes[3]);
    return { format: 'mpu', format_identifier, private_data: hexOf(bytes, 4, bytes.length) };
  }
  return { format: 'bytes', hex: hexOf(bytes, 0, bytes.length) };
}

function segmentationDescriptor(node: XmlNode): SegmentationDescriptor | null {
  const segmentation_event_id = uintAttr(node, 'segmentationEventId') ?? 0;
  if (boolAttr(node, 'segmentationEventCancelIndicator', false)) {
    return { splice_descriptor_tag: 0x02, identifier: CUEI, segmentation_event_id, segmentation_event_cancel_indicator: true };
  }
  const segmentation_type_id = uintAttr(node, 'segmentationTypeId');
  if (segmentation_type_id === null) return null;
  // One SegmentationUpid is that UPID; several are a MID (§10.3.3.3).
  const upids = children(node, 'SegmentationUpid').map((u) => {
    const t = uintAttr(u, 'segmentationUpidType') ?? 0;
    const bytes = upidBytes(u) ?? new Uint8Array(0);
    return { segmentation_upid_type: t, segmentation_upid: upidOf(t, bytes) };
  });
  let segmentation_upid_type = 0;
  let segmentation_upid: SegmentationUpid = { format: 'bytes', hex: '' };
  if (upids.length === 1) ({ segmentation_upid_type, segmentation_upid } = upids[0]);
  else if (upids.length > 1) {
    segmentation_upid_type = 0x0d;
    segmentation_upid = { format: 'mid', upids };
  }
  const restrictions = child(node, 'DeliveryRestrictions');
  const duration = uintAttr(node, 'segmentationDuration');
  const subNum = uintAttr(node, 'subSegmentNum');
  const d: SegmentationDescriptor = {
    splice_descriptor_tag: 0x02,
    identifier: CUEI,
    segmentation_event_id,
    segmentation_event_cancel_indicator: false,
    program_segmentation_flag: children(node, 'Component').length === 0,
    segmentation_duration_flag: duration !== null,
    delivery_not_restricted_flag: restrictions === undefined,
    ...(restrictions === undefined ? {} : {
      web_delivery_allowed_flag: boolAttr(restrictions, 'webDeliveryAllowedFlag', true),
      no_regional_blackout_flag: boolAttr(restrictions, 'noRegionalBlackoutFlag', true),
      archive_allowed_flag: boolAttr(restrictions, 'archiveAllowedFlag', true),
      device_restrictions: uintAttr(restrictions, 'deviceRestrictions') ?? 3,
    }),
    ...(duration === null ? {} : { segmentation_duration: duration }),
    segmentation_upid_type,
    segmentation_upid,
    segmentation_type_id,
    segment_num: uintAttr(node, 'segmentNum') ?? 0,
    segments_expected: uintAttr(node, 'segmentsExpected') ?? 0,
    ...(subNum === null ? {} : { sub_segment_num: subNum, sub_segments_expected: uintAttr(node, 'subSegmentsExpected') ?? 0 }),
  };
  return d;
}

function descriptors(section: XmlNode): SpliceDescriptor[] {
  const out: SpliceDescriptor[] = [];
  for (const a of children(section, 'AvailDescriptor')) {
    out.push({ splice_descriptor_tag: 0x00, identifier: CUEI, provider_avail_id: uintAttr(a, 'providerAvailId') ?? 0 });
  }
  for (const s of children(section, 'SegmentationDescriptor')) {
    const d = segmentationDescriptor(s);
    if (d !== null) out.push(d);
  }
  return out;
}

/** The section an XML `SpliceInfoSection` element describes, or null when it holds no command this reads. */
export function dashXmlSection(section: XmlNode): ClearSpliceInfoSection | null {
  const header = {
    table_id: 0xfc,
    section_syntax_indicator: false,
    private_indicator: false,
    sap_type: uintAttr(section, 'sapType') ?? 3,
    protocol_version: uintAttr(section, 'protocolVersion') ?? 0,
    encrypted_packet: false,
    encryption_algorithm: 0,
    pts_adjustment: uintAttr(section, 'ptsAdjustment') ?? 0,
    cw_index: 0xff,
    tier: uintAttr(section, 'tier') ?? 0xfff,
    descriptors: descriptors(section),
  } as const;
  const insert = child(section, 'SpliceInsert');
  if (insert !== undefined) {
    const splice_event_id = uintAttr(insert, 'spliceEventId') ?? 0;
    if (boolAttr(insert, 'spliceEventCancelIndicator', false)) {
      return { ...header, splice_command_type: 0x05, splice_command: { splice_event_id, splice_event_cancel_indicator: true } };
    }
    const immediate = boolAttr(insert, 'spliceImmediateFlag', false);
    const breakDuration = child(insert, 'BreakDuration');
    const duration = uintAttr(breakDuration, 'duration');
    const program = child(insert, 'Program');
    return {
      ...header,
      splice_command_type: 0x05,
      splice_command: {
        splice_event_id,
        splice_event_cancel_indicator: false,
        out_of_network_indicator: boolAttr(insert, 'outOfNetworkIndicator', false),
        program_splice_flag: program !== undefined || children(insert, 'Component').length === 0,
        duration_flag: duration !== null,
        splice_immediate_flag: immediate,
        ...(immediate ? {} : { splice_time: spliceTime(program) }),
        ...(duration === null ? {} : { break_duration: { auto_return: boolAttr(breakDuration, 'autoReturn', true), duration } }),
        unique_program_id: uintAttr(insert, 'uniqueProgramId') ?? 0,
        avail_num: uintAttr(insert, 'availNum') ?? 0,
        avails_expected: uintAttr(insert, 'availsExpected') ?? 0,
      },
    };
  }
  const signal = child(section, 'TimeSignal');
  if (signal !== undefined) return { ...header, splice_command_type: 0x06, splice_command: { splice_time: spliceTime(signal) } };
  if (child(section, 'SpliceNull') !== undefined) return { ...header, splice_command_type: 0x00, splice_command: {} };
  if (child(section, 'SpliceSchedule') !== undefined) return { ...header, splice_command_type: 0x04, splice_command: { events: [] } };
  if (child(section, 'BandwidthReservation') !== undefined) return { ...header, splice_command_type: 0x07, splice_command: {} };
  const priv = child(section, 'PrivateCommand');
  if (priv !== undefined) {
    return { ...header, splice_command_type: 0xff, splice_command: { identifier: uintAttr(priv, 'identifier') ?? 0, private_bytes: textOf(child(priv, 'PrivateBytes')).toLowerCase() } };
  }
  return null;
}
