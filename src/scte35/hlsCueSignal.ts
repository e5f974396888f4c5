/**
 * What a decoded splice_info_section says about an ad break: a start (cue-out), an end (cue-in), a signal
 * that is decidedly something else (a program start, a chapter, a cancelled event), or nothing either way
 * (splice_null, a time_signal without segmentation descriptor, an encrypted section). Shared by the HLS cue
 * tags and the DASH events (src/scte35/dashBreaks.ts), which pass their own set of types.
 */
import type { SegmentationDescriptor, SpliceInfoSection } from './types';

/** A segmentation_descriptor that carries its fields (not a cancellation). */
export type ActiveSegmentationDescriptor = Extract<SegmentationDescriptor, { segmentation_event_cancel_indicator: false }>;

/**
 * segmentation_type_id values that start a break or a placement opportunity (SCTE 35 2023 §10.3.3.1,
 * segmentation_type_id table, Table 23): 0x22 Break Start, 0x30 Provider / 0x32 Distributor Advertisement
 * Start, 0x34 Provider / 0x36 Distributor Placement Opportunity Start (MediaTailor names 0x34 for
 * EXT-X-SPLICEPOINT-SCTE35, protocols.md §6.1), 0x38 / 0x3A Provider / Distributor Overlay Placement
 * Opportunity Start, 0x44 / 0x46 Provider / Distributor Ad Block Start.
 */
export const BREAK_START_TYPES: ReadonlySet<number> = new Set([0x22, 0x30, 0x32, 0x34, 0x36, 0x38, 0x3a, 0x44, 0x46]);

/** Their ends: each start type + 1 (Table 23). */
export const BREAK_END_TYPES: ReadonlySet<number> = new Set([0x23, 0x31, 0x33, 0x35, 0x37, 0x39, 0x3b, 0x45, 0x47]);

/** The DASH cue-outs MediaTailor accepts (protocols.md §15: segmentationTypeId ∈ {0x22, 0x30, 0x32, 0x34, 0x36}). */
export const DASH_BREAK_START_TYPES: ReadonlySet<number> = new Set([0x22, 0x30, 0x32, 0x34, 0x36]);
export const DASH_BREAK_END_TYPES: ReadonlySet<number> = new Set([0x23, 0x31, 0x33, 0x35, 0x37]);

/** Starts that contain others: a Break or an Ad Block holds advertisements and placement opportunities (Table 23). */
const CONTAINER_START_TYPES: ReadonlySet<number> = new Set([0x22, 0x44, 0x46]);
const INNER_START_TYPES: ReadonlySet<number> = new Set([0x30, 0x32, 0x34, 0x36, 0x38, 0x3a]);
const INNER_END_TYPES: ReadonlySet<number> = new Set([0x31, 0x33, 0x35, 0x37, 0x39, 0x3b]);

export interface CueSignal {
  /** none: decidedly not an ad-break signal; unknown: the section does not say. */
  kind: 'out' | 'in' | 'none' | 'unknown';
  /** splice_event_id (splice_insert) or the deciding descriptor's segmentation_event_id. */
  eventId: number | null;
  /** break_duration (splice_insert) or segmentation_duration (time_signal), 90 kHz ticks. */
  durationTicks: number | null;
  /** The descriptor that decided a time_signal, else the first active one (it fills [scte.*]). */
  descriptor: ActiveSegmentationDescriptor | null;
}

/** The active segmentation descriptors of a section in the clear, in order. */
export function segmentationDescriptors(section: SpliceInfoSection): ActiveSegmentationDescriptor[] {
  if (section.encrypted_packet) return [];
  const out: ActiveSegmentationDescriptor[] = [];
  for (const d of section.descriptors) {
    if (d.splice_descriptor_tag === 0x02 && 'segmentation_event_id' in d && !d.segmentation_event_cancel_indicator) out.push(d);
  }
  return out;
}

export function hlsCueSignal(section: SpliceInfoSection, starts: ReadonlySet<number> = BREAK_START_TYPES, ends: ReadonlySet<number> = BREAK_END_TYPES): CueSignal {
  if (section.encrypted_packet) return { kind: 'unknown', eventId: null, durationTicks: null, descriptor: null };
  const descriptors = segmentationDescriptors(section);
  if (section.splice_command_type === 0x05) {
    // splice_insert (§9.7.3): out_of_network_indicator 1 leaves the network (break start), 0 returns.
    const cmd = section.splice_command;
    const descriptor = descriptors[0] ?? null;
    if (cmd.splice_event_cancel_indicator) return { kind: 'none', eventId: cmd.splice_event_id, durationTicks: null, descriptor };
    return {
      kind: cmd.out_of_network_indicator ? 'out' : 'in',
      eventId: cmd.splice_event_id,
      durationTicks: cmd.break_duration?.duration ?? null,
      descriptor,
    };
  }
  if (section.splice_command_type === 0x06) {
    // time_signal (§9.7.4) means what its segmentation descriptors say (§10.3.3.1).
    for (const d of descriptors) {
      if (starts.has(d.segmentation_type_id)) return { kind: 'out', eventId: d.segmentation_event_id, durationTicks: d.segmentation_duration ?? null, descriptor: d };
    }
    for (const d of descriptors) {
      if (ends.has(d.segmentation_type_id)) return { kind: 'in', eventId: d.segmentation_event_id, durationTicks: null, descriptor: d };
    }
    if (descriptors.length > 0) return { kind: 'none', eventId: descriptors[0].segmentation_event_id, durationTicks: null, descriptor: descriptors[0] };
  }
  return { kind: 'unknown', eventId: null, durationTicks: null, descriptor: descriptors[0] ?? null };
}

/** A start type that holds advertisements / placement opportunities (Break, Ad Block). */
export function isContainerStart(segmentationTypeId: number | null): boolean {
  return segmentationTypeId !== null && CONTAINER_START_TYPES.has(segmentationTypeId);
}

/** A start (out) or end (in) of an advertisement / placement opportunity, the parts of a Break or Ad Block. */
export function isInnerSignal(kind: 'out' | 'in', segmentationTypeId: number | null): boolean {
  if (segmentationTypeId === null) return false;
  return kind === 'out' ? INNER_START_TYPES.has(segmentationTypeId) : INNER_END_TYPES.has(segmentationTypeId);
}
