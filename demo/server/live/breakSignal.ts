import { CUEI, encodeSpliceInfoSection, type ClearSpliceInfoSection, type SegmentationDescriptor } from '../../../src/scte35';
import { SEGMENT_SECONDS, type LiveOptions } from './liveOptions';
import { breakStart, contentIndex } from './liveWindow';

/**
 * The SCTE-35 splice_info_sections that mark the live simulator's breaks, encoded with the project's codec
 * so their CRC_32 is right (ANSI/SCTE 35 2023 §9.6).
 *
 * - insert-out / insert-in: splice_insert (§9.7.3) with out_of_network_indicator 1 / 0, the form carried by
 *   EXT-X-DATERANGE SCTE35-OUT/IN and Elemental's EXT-OATCLS-SCTE35 (protocols.md §6.1).
 * - po-start / po-end: time_signal (§9.7.4) with a segmentation_descriptor (§10.3.3) of type 0x34 Provider
 *   Placement Opportunity Start (with segmentation_duration) and 0x35 End, for EXT-X-SPLICEPOINT-SCTE35.
 *
 * splice_event_id and segmentation_event_id are 1000 + k for break k, the same in both signals of a break.
 */

export type BreakSignalKind = 'insert-out' | 'insert-in' | 'po-start' | 'po-end';

export const EVENT_ID_BASE = 1000;

/**
 * PTS (90 kHz) of the first video frame of content segment 0 in demo/media/content: ffmpeg's MPEG-TS muxer
 * starts at 1.4 s and the AAC encoder's 1024-sample priming delays video by 2090 ticks. Tested against the
 * files (test/unit/demo/liveSignals.test.ts).
 */
export const CONTENT_FIRST_PTS = 128_090;
const TICKS_PER_SECOND = 90_000;
const PTS_MODULO = 2 ** 33;

export function breakEventId(k: number): number {
  return EVENT_ID_BASE + k;
}

/** The PTS at the start of segment n: the content's own timestamps, which restart with each loop. */
export function segmentPts(n: number): number {
  return (CONTENT_FIRST_PTS + contentIndex(n) * SEGMENT_SECONDS * TICKS_PER_SECOND) % PTS_MODULO;
}

const HEADER = {
  table_id: 0xfc,
  section_syntax_indicator: false,
  private_indicator: false,
  sap_type: 3,
  protocol_version: 0,
  encrypted_packet: false,
  encryption_algorithm: 0,
  pts_adjustment: 0,
  cw_index: 0xff,
  tier: 0xfff,
} as const;

function spliceInsert(eventId: number, out: boolean, pts: number, durationTicks: number | null): ClearSpliceInfoSection {
  return {
    ...HEADER,
    splice_command_type: 0x05,
    splice_command: {
      splice_event_id: eventId,
      splice_event_cancel_indicator: false,
      out_of_network_indicator: out,
      program_splice_flag: true,
      duration_flag: durationTicks !== null,
      ...(durationTicks !== null ? { break_duration: { auto_return: true, duration: durationTicks } } : {}),
      splice_immediate_flag: false,
      splice_time: { time_specified_flag: true, pts_time: pts },
      unique_program_id: 1,
      avail_num: 0,
      avails_expected: 0,
    },
    descriptors: [],
  };
}

function placement(eventId: number, typeId: 0x34 | 0x35, pts: number, durationTicks: number | null): ClearSpliceInfoSection {
  const descriptor: SegmentationDescriptor = {
    splice_descriptor_tag: 0x02,
    identifier: CUEI,
    segmentation_event_id: eventId,
    segmentation_event_cancel_indicator: false,
    program_segmentation_flag: true,
    segmentation_duration_flag: durationTicks !== null,
    ...(durationTicks !== null ? { segmentation_duration: durationTicks } : {}),
    delivery_not_restricted_flag: true,
    // ADI (0x09, CableLabs) names the opportunity, so [scte.segmentation_upid] has something to carry.
    segmentation_upid_type: 0x09,
    segmentation_upid: { format: 'text', text: `SIGNAL:stitchbox-live-${eventId}` },
    segmentation_type_id: typeId,
    segment_num: 0,
    segments_expected: 0,
    // Placement opportunity starts carry sub_segment fields in the 2016+ syntax (§10.3.3).
    ...(typeId === 0x34 ? { sub_segment_num: 0, sub_segments_expected: 0 } : {}),
  };
  return {
    ...HEADER,
    splice_command_type: 0x06,
    splice_command: { splice_time: { time_specified_flag: true, pts_time: pts } },
    descriptors: [descriptor],
  };
}

/** The section for one edge of break k. */
export function breakSignalSection(kind: BreakSignalKind, k: number, o: LiveOptions): ClearSpliceInfoSection {
  const eventId = breakEventId(k);
  const start = breakStart(k, o);
  const duration = o.breakSeconds * TICKS_PER_SECOND;
  const endPts = segmentPts(start + o.breakSeconds / SEGMENT_SECONDS);
  switch (kind) {
    case 'insert-out': return spliceInsert(eventId, true, segmentPts(start), duration);
    case 'insert-in': return spliceInsert(eventId, false, endPts, null);
    case 'po-start': return placement(eventId, 0x34, segmentPts(start), duration);
    case 'po-end': return placement(eventId, 0x35, endPts, null);
  }
}

/** The encoded bytes of breakSignalSection. */
export function breakSignal(kind: BreakSignalKind, k: number, o: LiveOptions): Uint8Array {
  return encodeSpliceInfoSection(breakSignalSection(kind, k, o));
}
