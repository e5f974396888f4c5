import { encodeSpliceInfoSection, toBase64, type ClearSpliceInfoSection } from '../../../src/scte35';
import { SCTE35_BIN_SCHEME, SCTE35_XML_SCHEME } from '../../../src/scte35/dashBreaks';

/**
 * The SCTE-35 EventStream that opens a Period of the demo's DASH origin (protocols.md §15 "Markers": in
 * multi-period input a Period is an avail when the FIRST Event of its EventStream is a cue-out), in one of
 * the two schemes the stitcher reads:
 *
 * - `bin`: `urn:scte:scte35:2014:xml+bin`, the splice_info_section encoded by the project's codec (so its
 *   CRC_32 is right) in base64 inside `scte35:Signal/scte35:Binary` (SCTE 214-1 §6.7.4);
 * - `xml`: `urn:scte:scte35:2013:xml`, the same splice_insert as `scte35:SpliceInfoSection` XML (SCTE 35
 *   §12 schema, namespace http://www.scte.org/schemas/35).
 *
 * The EventStream's time base is 90 kHz with @presentationTimeOffset = the media time at the Period start,
 * so Event@presentationTime equals the splice_time pts_time of the cue (ISO/IEC 23009-1 §5.10.2: the
 * Event's Period-relative time is (presentationTime − presentationTimeOffset) / timescale).
 */

export const DASH_CUE_SCHEMES = ['bin', 'xml'] as const;
export type DashCueScheme = (typeof DASH_CUE_SCHEMES)[number];

export const SCTE35_NAMESPACE = 'http://www.scte.org/schemas/35';

/** One splice_insert (SCTE 35 §9.7.3). */
export interface DashCue {
  /** splice_event_id, also Event@id. */
  eventId: number;
  /** out_of_network_indicator: true for a cue-out, false for the return. */
  out: boolean;
  /** splice_time pts_time and Event@presentationTime, 90 kHz. */
  pts: number;
  /** break_duration (auto_return) in 90 kHz ticks, or null for none (duration_flag 0). */
  breakDuration: number | null;
  /** Event@duration in 90 kHz ticks, or null to leave it out. */
  eventDuration: number | null;
}

export function spliceInsertSection(cue: DashCue): ClearSpliceInfoSection {
  return {
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
    splice_command_type: 0x05,
    splice_command: {
      splice_event_id: cue.eventId,
      splice_event_cancel_indicator: false,
      out_of_network_indicator: cue.out,
      program_splice_flag: true,
      duration_flag: cue.breakDuration !== null,
      ...(cue.breakDuration !== null ? { break_duration: { auto_return: true, duration: cue.breakDuration } } : {}),
      splice_immediate_flag: false,
      splice_time: { time_specified_flag: true, pts_time: cue.pts },
      unique_program_id: 1,
      avail_num: 0,
      avails_expected: 0,
    },
    descriptors: [],
  };
}

function eventBody(scheme: DashCueScheme, cue: DashCue, pad: string): string {
  if (scheme === 'bin') {
    return `${pad}<scte35:Signal><scte35:Binary>${toBase64(encodeSpliceInfoSection(spliceInsertSection(cue)))}</scte35:Binary></scte35:Signal>`;
  }
  const breakDuration = cue.breakDuration === null ? '' : `\n${pad}    <scte35:BreakDuration autoReturn="true" duration="${cue.breakDuration}"/>`;
  return (
    `${pad}<scte35:SpliceInfoSection protocolVersion="0" ptsAdjustment="0" tier="4095">\n` +
    `${pad}  <scte35:SpliceInsert spliceEventId="${cue.eventId}" spliceEventCancelIndicator="false" outOfNetworkIndicator="${cue.out}" ` +
    `spliceImmediateFlag="false" uniqueProgramId="1" availNum="0" availsExpected="0">\n` +
    `${pad}    <scte35:Program><scte35:SpliceTime ptsTime="${cue.pts}"/></scte35:Program>${breakDuration}\n` +
    `${pad}  </scte35:SpliceInsert>\n` +
    `${pad}</scte35:SpliceInfoSection>`
  );
}

/**
 * `<EventStream>` with one Event per cue (a single-period MPD carries several), indented by `pad`; `periodPts` is
 * the 90 kHz media time at the Period start.
 */
export function cueEventStreamXml(scheme: DashCueScheme, cues: DashCue | readonly DashCue[], periodPts: number, pad: string): string {
  const uri = scheme === 'bin' ? SCTE35_BIN_SCHEME : SCTE35_XML_SCHEME;
  const events = (Array.isArray(cues) ? cues : [cues] as readonly DashCue[]).map((cue) => {
    const duration = cue.eventDuration === null ? '' : ` duration="${cue.eventDuration}"`;
    return (
      `${pad}  <Event presentationTime="${cue.pts}"${duration} id="${cue.eventId}">\n` +
      `${eventBody(scheme, cue, `${pad}    `)}\n` +
      `${pad}  </Event>\n`
    );
  });
  return `${pad}<EventStream schemeIdUri="${uri}" timescale="90000" presentationTimeOffset="${periodPts}">\n${events.join('')}${pad}</EventStream>`;
}
