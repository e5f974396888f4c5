import { describe, expect, it } from 'vitest';
import { fromBase64, toHex } from '../../../src/scte35/bytes';
import { encodeSpliceInfoSection } from '../../../src/scte35/encode';
import { decodeSpliceInfoSection } from '../../../src/scte35/decode';
import { SCTE_VAR_NAMES, scteVars } from '../../../src/scte35/scteVars';
import { assetVars } from '../../../src/scte35/assetVars';
import type { SpliceInfoSection } from '../../../src/scte35/types';
import { parseMedia } from '../../../src/hls/parseMedia';
import { findBreaks } from '../../../src/hls/findBreaks';
import { readCueTag } from '../../../src/hls/readCueTag';
import { corpusText } from '../hls/corpus';
import { seg, spliceInsert, timeSignal } from '../../fixtures/breaks/sections';

const section = (base64: string): SpliceInfoSection => decodeSpliceInfoSection(fromBase64(base64));
const text = (s: string) => toHex(new TextEncoder().encode(s));

describe('scteVars: every [scte.*] name of protocols.md §11', () => {
  it('a cue without SCTE-35 gives every name, all empty', () => {
    const vars = scteVars(readCueTag('#EXT-X-CUE-OUT:30')!);
    expect(Object.keys(vars).sort()).toEqual([...SCTE_VAR_NAMES].sort());
    expect(Object.values(vars).every((v) => v === '')).toBe(true);
  });

  it('splice_insert: event, program and avail numbers; no segmentation fields (Elemental CUE-OUT-CONT payload)', () => {
    const vars = scteVars({ scte35: section('/DAlAAAAAAAAAP/wFAUAAAABf+//wpiQkv4ARKogAAEBAQAAQ6sodg==') });
    expect(vars).toMatchObject({ event_id: '1', unique_program_id: '1', avail_num: '1', avails_expected: '1', segment_num: '', segmentation_type_id: '', segmentation_upid: '', archive_allowed_flag: '' });
  });

  it('time_signal: the deciding segmentation descriptor; a text UPID as text; no avail fields (Comcast mamba 0x22)', () => {
    const mamba = findBreaks(parseMedia(corpusText('comcast-mamba/hls_variant_playlist_with_daterange_metadata.m3u8')).playlist).breaks[0];
    expect(scteVars(mamba.scteCue)).toEqual({
      event_id: '1', avail_num: '', avails_expected: '', unique_program_id: '',
      segment_num: '4', segments_expected: '4', sub_segment_num: '', sub_segments_expected: '', segmentation_type_id: '34',
      segmentation_upid: 'pck_EP006794010318', 'segmentation_upid.assetId': '', 'segmentation_upid.cueData.key': '', 'segmentation_upid.cueData.value': '',
      delivery_not_restricted_flag: '1', archive_allowed_flag: '', no_regional_blackout_flag: '', device_restrictions: '',
    });
  });

  it('asserted delivery restrictions give the flags as 0 / 1; a binary UPID as uppercase hex (globocom OATCLS 0x35, TI UPID)', () => {
    const vars = scteVars({ scte35: section('/DA5AAAAAAAA/wCABQb+aDhDgAAjAhdDVUVJQAAAV3+fCAgAAAAAIxDjqDUCAAAIQ1VFSQAAAABSV+PX') });
    expect(vars).toMatchObject({
      event_id: String(0x40000057), segmentation_type_id: String(0x35), segment_num: '2', segments_expected: '0',
      delivery_not_restricted_flag: '0', archive_allowed_flag: '1', no_regional_blackout_flag: '1', device_restrictions: '3',
      segmentation_upid: '000000002310E3A8',
    });
  });

  it('a time_signal with several descriptors: the break start decides, not the first descriptor', () => {
    const s = timeSignal([seg({ eventId: 1, typeId: 0x10 }), seg({ eventId: 2, typeId: 0x34, segmentNum: 1, segmentsExpected: 3, subSegmentNum: 2, subSegmentsExpected: 5 })]);
    expect(scteVars({ scte35: s })).toMatchObject({ event_id: '2', segmentation_type_id: '52', segment_num: '1', segments_expected: '3', sub_segment_num: '2', sub_segments_expected: '5' });
  });

  it('a splice_insert with a segmentation descriptor fills both; a cancelled splice_insert only its event id', () => {
    const s = spliceInsert({ eventId: 12, out: true, uniqueProgramId: 7, availNum: 2, availsExpected: 4, descriptors: [seg({ eventId: 99, typeId: 0x30, upidType: 0x0f, upid: { format: 'text', text: 'urn:x' } })] });
    expect(scteVars({ scte35: s })).toMatchObject({ event_id: '12', unique_program_id: '7', avail_num: '2', avails_expected: '4', segmentation_type_id: '48', segmentation_upid: 'urn:x' });
    const cancelled: SpliceInfoSection = { ...s, splice_command_type: 5, splice_command: { splice_event_id: 4, splice_event_cancel_indicator: true }, descriptors: [] };
    const vars = scteVars({ scte35: decodeSpliceInfoSection(encodeSpliceInfoSection(cancelled)) });
    expect([vars.event_id, vars.unique_program_id, vars.avail_num]).toEqual([String(4), '', '']);
  });

  it('UPID renderings: UUID and EIDR in hex, Ad-ID as text, ATSC and MID rebuilt byte for byte', () => {
    const upid = (upidType: number, u: Parameters<typeof seg>[0]['upid']) => scteVars({ scte35: timeSignal([seg({ eventId: 1, typeId: 0x34, upidType, upid: u })]) }).segmentation_upid;
    expect(upid(0x10, { format: 'bytes', hex: '0123456789abcdef0123456789abcdef' })).toBe('0123456789ABCDEF0123456789ABCDEF');
    expect(upid(0x03, { format: 'text', text: 'ABCD0001000H' })).toBe('ABCD0001000H');
    expect(upid(0x0b, { format: 'atsc', tsid: 0x1234, end_of_day: 5, unique_for: 300, content_id: 'aabb' })).toBe('1234CB2CAABB');
    expect(upid(0x0d, { format: 'mid', upids: [{ segmentation_upid_type: 0x0f, segmentation_upid: { format: 'text', text: 'ab' } }, { segmentation_upid_type: 0x10, segmentation_upid: { format: 'bytes', hex: '00'.repeat(16) } }] }))
      .toBe('0F026162' + '1010' + '00'.repeat(16));
    expect(upid(0x00, { format: 'bytes', hex: '' })).toBe('');
  });
});

describe('scteVars: Managed Private UPID (0x0C)', () => {
  const mpu = (privateText: string, formatIdentifier = 0x50444252) =>
    scteVars({ scte35: timeSignal([seg({ eventId: 1, typeId: 0x34, upidType: 0x0c, upid: { format: 'mpu', format_identifier: formatIdentifier, private_data: text(privateText) } })]) });

  it('podbuster JSON: assetId, cueData.key, cueData.value', () => {
    const vars = mpu(JSON.stringify({ assetId: 'AST-1', cueData: { cueType: 'ad', key: 'pb', value: '123456' } }));
    expect([vars['segmentation_upid.assetId'], vars['segmentation_upid.cueData.key'], vars['segmentation_upid.cueData.value']]).toEqual(['AST-1', 'pb', '123456']);
    expect(vars.segmentation_upid.startsWith('50444252' + text('{"assetId"').toUpperCase())).toBe(true);
  });

  it('numbers in the JSON become text; other JSON or no JSON leave the parts empty', () => {
    expect(mpu('{"assetId":42,"cueData":{"key":"k","value":7}}')).toMatchObject({ 'segmentation_upid.assetId': '42', 'segmentation_upid.cueData.value': '7' });
    for (const t of ['{"other":1}', '[1,2]', '{not json', 'plain']) {
      const vars = mpu(t);
      expect([vars['segmentation_upid.assetId'], vars['segmentation_upid.cueData.key'], vars['segmentation_upid.cueData.value']]).toEqual(['', '', '']);
    }
  });

  it('colon-separated private_data tokens (the AWS knowledge-center sample and the Eyevinn xml+bin sample)', () => {
    const kc = scteVars({ scte35: section('/DBlAAAAAAAAAP/wFAUAFlNif+//5KMqQ/4AUmXAAAAAAAA9AAhDVUVJAAAAAAIxQ1VFSQAWU2J/wAAAUmXADB15aml0OjQ2MTc1MjE4OjQ2MTc1MjE4LzU6NDA1MwAAAAAAAIu9c38=') });
    expect([kc['segmentation_upid.private_data.0'], kc['segmentation_upid.private_data.1'], kc['segmentation_upid.private_data.2']]).toEqual(['46175218', '46175218/5', '4053']);
    expect(kc.segmentation_upid).toBe('79 6A 69 74'.replace(/ /g, '') + text(':46175218:46175218/5:4053').toUpperCase());
    const tvst = scteVars({ scte35: section('/DBIAAAAAAAAAP/wBQb+RPVwgAAyAjBDVUVJNAAD/H/AAAFbcVAMGlRWU1Q6ZnJhbmNlMl8yMDI2MDYwNF8xMDIwNAEBAADstgk/') });
    expect(tvst['segmentation_upid.private_data.0']).toBe('france2_20260604_1020');
    expect(tvst['segmentation_upid.private_data.1']).toBeUndefined();
  });

  it('an MPU inside a MID is found', () => {
    const vars = scteVars({ scte35: timeSignal([seg({ eventId: 1, typeId: 0x34, upidType: 0x0d, upid: { format: 'mid', upids: [
      { segmentation_upid_type: 0x03, segmentation_upid: { format: 'text', text: 'ABCD0001000H' } },
      { segmentation_upid_type: 0x0c, segmentation_upid: { format: 'mpu', format_identifier: 1, private_data: text('{"assetId":"in-mid"}') } },
    ] } })]) });
    expect(vars['segmentation_upid.assetId']).toBe('in-mid');
  });
});

describe('assetVars (EXT-X-ASSET, protocols.md §6.1)', () => {
  it('reads the Elemental EXT-X-ASSET beside the CUE-OUT, URL-decoded once, quoted values unquoted', () => {
    const { playlist } = parseMedia(corpusText('globocom-m3u8/cue_out_elemental_playlist.m3u8'));
    const brk = findBreaks(playlist).breaks[0];
    expect(assetVars(playlist, brk.startSegment)).toEqual({ GENRE: 'CV', CAID: '12345678', EPISODE: 'Episode Name Date', SEASON: 'Season Name and Number', SERIES: 'Series%20Name' });
    expect(assetVars(playlist, brk.startSegment - 1)).toEqual({});
    expect(assetVars(playlist)).toEqual(assetVars(playlist, brk.startSegment));
  });

  it('a later tag replaces the keys it names; commas inside quotes and bad escapes survive', () => {
    const { playlist } = parseMedia(['#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXT-X-ASSET:CAID=1,TITLE="a%2Cb, c"', '#EXTINF:4,', 'a.ts',
      '#EXT-X-ASSET:CAID=2,BAD=%E0%A4%A', '#EXTINF:4,', 'b.ts', '#EXT-X-ASSET:CAID=3'].join('\n'));
    expect(assetVars(playlist, 0)).toEqual({ CAID: '1', TITLE: 'a,b, c' });
    expect(assetVars(playlist, 1)).toEqual({ CAID: '2', TITLE: 'a,b, c', BAD: '%E0%A4%A' });
    expect(assetVars(playlist)).toEqual({ CAID: '3', TITLE: 'a,b, c', BAD: '%E0%A4%A' });
  });
});
