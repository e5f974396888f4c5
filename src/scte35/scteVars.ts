/**
 * The `[scte.*]` ADS template variables of a cue (protocols.md §11, MediaTailor UG variables-session),
 * keyed by the name after `scte.` so the record drops into AdsTemplateVars.scte (src/ads/expandAdsTemplate.ts).
 * Every name is present; a field the cue's command does not carry is '' (a cue without SCTE-35, a
 * time_signal for `avail_num`, a splice_insert without segmentation descriptor for `segment_num`).
 *
 * - `event_id`: splice_event_id of a splice_insert (SCTE 35 2023 §9.7.3), else the segmentation_event_id of
 *   the descriptor that made the cue (§10.3.3.1).
 * - `avail_num`, `avails_expected`, `unique_program_id`: splice_insert only (§9.7.3).
 * - `segment_num`, `segments_expected`, `sub_segment_num`, `sub_segments_expected`, `segmentation_type_id`,
 *   `delivery_not_restricted_flag`, and when restrictions are asserted `archive_allowed_flag`,
 *   `no_regional_blackout_flag`, `device_restrictions`: the deciding segmentation descriptor (§10.3.3.1),
 *   numbers in decimal, flags as 0 / 1.
 * - `segmentation_upid`: the text of a character UPID (Ad-ID, TID, ADI, ADS information, URI, SCR, ISCI), the
 *   bytes in uppercase hexadecimal for a binary one (UMID, ISAN, EIDR, UUID, TI, MPU, MID, ATSC, user defined).
 *   [INFERRED] from the UG's wording ("hex for binary UPIDs, text for ASCII ones"); the exact rendering is
 *   not stated there.
 * - `segmentation_upid.assetId`, `.cueData.key`, `.cueData.value`: the podbuster Managed Private UPID
 *   (type 0x0C, §10.3.3.2) whose private_data is the JSON `{"assetId": .., "cueData": {"key": .., "value": ..}}`.
 *   The MPU is recognised by that JSON, whatever its format_identifier (the UG's registered value is not in
 *   the sources at hand).
 * - `segmentation_upid.private_data.N`: the colon-separated tokens of an MPU's private_data, a leading empty
 *   token dropped (AWS knowledge center "mediatailor-ads-session-variables": `:46175218:46175218/5` gives
 *   `private_data.0` = 46175218, `private_data.1` = 46175218/5). Present only for an MPU.
 */
import { fromHex } from './bytes';
import { BREAK_END_TYPES, BREAK_START_TYPES, hlsCueSignal } from './hlsCueSignal';
import type { MidUpid, SegmentationUpid, SpliceInfoSection } from './types';

/** Every `[scte.*]` name of protocols.md §11, without the `scte.` prefix. */
export const SCTE_VAR_NAMES = [
  'event_id', 'avail_num', 'avails_expected', 'segment_num', 'segments_expected', 'sub_segment_num', 'sub_segments_expected',
  'segmentation_type_id', 'segmentation_upid', 'segmentation_upid.assetId', 'segmentation_upid.cueData.key',
  'segmentation_upid.cueData.value', 'unique_program_id', 'archive_allowed_flag', 'delivery_not_restricted_flag',
  'device_restrictions', 'no_regional_blackout_flag',
] as const;

const MPU = 0x0c;

function emptyVars(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SCTE_VAR_NAMES) out[name] = '';
  return out;
}

const num = (v: number | undefined): string => (v === undefined ? '' : String(v));
const flag = (v: boolean | undefined): string => (v === undefined ? '' : v ? '1' : '0');

/** The `[scte.*]` values of a cue (an HLS Cue, a DASH break): from its decoded section, '' where it has none. */
export function scteVars(cue: { scte35?: SpliceInfoSection | null }): Record<string, string> {
  return scteVarsOf(cue.scte35 ?? undefined);
}

/**
 * The same from a section. `starts` / `ends` pick the deciding segmentation descriptor of a time_signal as
 * the caller classified it (DASH passes the narrower set of protocols.md §15).
 */
export function scteVarsOf(section: SpliceInfoSection | undefined, starts: ReadonlySet<number> = BREAK_START_TYPES, ends: ReadonlySet<number> = BREAK_END_TYPES): Record<string, string> {
  const vars = emptyVars();
  if (section === undefined || section.encrypted_packet) return vars;
  const signal = hlsCueSignal(section, starts, ends);
  if (section.splice_command_type === 0x05) {
    const cmd = section.splice_command;
    vars.event_id = String(cmd.splice_event_id);
    if (!cmd.splice_event_cancel_indicator) {
      vars.unique_program_id = String(cmd.unique_program_id);
      vars.avail_num = String(cmd.avail_num);
      vars.avails_expected = String(cmd.avails_expected);
    }
  }
  const d = signal.descriptor;
  if (d === null) return vars;
  if (section.splice_command_type !== 0x05) vars.event_id = String(d.segmentation_event_id);
  vars.segment_num = String(d.segment_num);
  vars.segments_expected = String(d.segments_expected);
  vars.sub_segment_num = num(d.sub_segment_num);
  vars.sub_segments_expected = num(d.sub_segments_expected);
  vars.segmentation_type_id = String(d.segmentation_type_id);
  vars.delivery_not_restricted_flag = flag(d.delivery_not_restricted_flag);
  if (!d.delivery_not_restricted_flag) {
    vars.archive_allowed_flag = flag(d.archive_allowed_flag);
    vars.no_regional_blackout_flag = flag(d.no_regional_blackout_flag);
    vars.device_restrictions = num(d.device_restrictions);
  }
  vars.segmentation_upid = renderUpid(d.segmentation_upid_type, d.segmentation_upid);
  const mpu = findMpu(d.segmentation_upid_type, d.segmentation_upid);
  if (mpu !== null) addMpuVars(vars, mpu.private_data);
  return vars;
}

/** Text for a character UPID, uppercase hexadecimal of the UPID bytes otherwise. */
export function renderUpid(type: number, upid: SegmentationUpid): string {
  if (type === 0x00) return '';
  if (upid.format === 'text') return upid.text;
  return upidHex(upid).toUpperCase();
}

/** The UPID bytes (after segmentation_upid_length) as lowercase hex, rebuilt from the decoded form (§10.3.3.1-3). */
function upidHex(upid: SegmentationUpid): string {
  switch (upid.format) {
    case 'text': return upid.hex ?? latin1Hex(upid.text);
    case 'bytes': return upid.hex;
    case 'mpu': return upid.format_identifier.toString(16).padStart(8, '0') + upid.private_data;
    case 'atsc': {
      // TSID 16, reserved 2, end_of_day 5, unique_for 9 (ATSC A/57B), then content_id.
      const reserved = upid.reserved_after_tsid ?? 3;
      const word = ((reserved & 3) << 14) | ((upid.end_of_day & 0x1f) << 9) | (upid.unique_for & 0x1ff);
      return upid.tsid.toString(16).padStart(4, '0') + word.toString(16).padStart(4, '0') + upid.content_id;
    }
    case 'mid': return upid.upids.map(midEntryHex).join('');
  }
}

function midEntryHex(u: MidUpid): string {
  const body = upidHex(u.segmentation_upid);
  return u.segmentation_upid_type.toString(16).padStart(2, '0') + (body.length / 2).toString(16).padStart(2, '0') + body;
}

function latin1Hex(text: string): string {
  let s = '';
  for (let i = 0; i < text.length; i++) s += (text.charCodeAt(i) & 0xff).toString(16).padStart(2, '0');
  return s;
}

/** The MPU of a UPID, or the first MPU inside a MID (§10.3.3.3). */
function findMpu(type: number, upid: SegmentationUpid): { private_data: string } | null {
  if (type === MPU && upid.format === 'mpu') return upid;
  if (upid.format === 'mid') {
    for (const u of upid.upids) {
      const found = findMpu(u.segmentation_upid_type, u.segmentation_upid);
      if (found !== null) return found;
    }
  }
  return null;
}

function addMpuVars(vars: Record<string, string>, privateDataHex: string): void {
  const text = new TextDecoder('utf-8').decode(fromHex(privateDataHex));
  const tokens = text.split(':');
  if (tokens.length > 1 && tokens[0] === '') tokens.shift();
  tokens.forEach((t, i) => { vars[`segmentation_upid.private_data.${i}`] = t; });
  const podbuster = parsePodbuster(text);
  if (podbuster === null) return;
  vars['segmentation_upid.assetId'] = podbuster.assetId;
  vars['segmentation_upid.cueData.key'] = podbuster.key;
  vars['segmentation_upid.cueData.value'] = podbuster.value;
}

function scalar(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** `{"assetId": .., "cueData": {"key": .., "value": ..}}`, or null when the private data is not that JSON. */
function parsePodbuster(text: string): { assetId: string; key: string; value: string } | null {
  const start = text.indexOf('{');
  if (start < 0) return null;
  let json: unknown;
  try {
    json = JSON.parse(text.slice(start, text.lastIndexOf('}') + 1));
  } catch {
    return null;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  const o = json as Record<string, unknown>;
  const cueData = o.cueData !== null && typeof o.cueData === 'object' ? (o.cueData as Record<string, unknown>) : {};
  if (!('assetId' in o) && !('cueData' in o)) return null;
  return { assetId: scalar(o.assetId), key: scalar(cueData.key), value: scalar(cueData.value) };
}
