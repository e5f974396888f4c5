import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StitchboxError } from '../../../src/errors';
import { findDashBreaks, type DashBreak } from '../../../src/scte35/dashBreaks';
import { dashDuration } from '../../../src/scte35/dashDuration';
import { b64, badCrc, seg, spliceInsert, timeSignal } from '../../fixtures/breaks/sections';

const root = fileURLToPath(new URL('../../../../shared/corpus/dash/', import.meta.url));
const walk = (d: string): string[] => readdirSync(d).sort().flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
const mpds = walk(root).filter((f) => f.endsWith('.mpd')).map((f) => relative(root, f));

type Row = [periodId: string | null, periodIndex: number, startTime: number, absolute: number | null, duration: number | null, source: string | null, eventId: string | null, form: 'bin' | 'xml'];
const row = (b: DashBreak): Row => [b.periodId, b.periodIndex, +b.startTime.toFixed(6), b.absoluteStartTime === null ? null : +b.absoluteStartTime.toFixed(6), b.duration === null ? null : +b.duration.toFixed(6), b.durationSource, b.eventId, b.scte35 ? 'bin' : 'xml'];

// Read off each MPD by eye. Times: (presentationTime − PTO) / timescale; durations by protocols.md §15's order.
const cueMarked: Record<string, { breaks: Row[]; problems: string[] }> = {
  // The xml+bin Binary is a short placeholder section: the Event is ignored with a problem (the other
  // EventStreams are not SCTE-35). Event@timescale="90000" is not a DASH attribute and changes nothing.
  'androidx-media/sample_mpd_event_stream.mpd': { breaks: [], problems: ['DASH_EVENT_INVALID'] },
  // TimeSignal with an AudioDescriptor only: no segmentation type, no break.
  'eyevinn-dash-mpd/scte35/audio_descriptor.mpd': { breaks: [], problems: [] },
  // SpliceInsert out, Event@duration 2700000 / 90000.
  'eyevinn-dash-mpd/scte35/avail_dtmf_descriptors.mpd': { breaks: [['1', 0, 0, 0, 30, 'event', '1', 'xml']], problems: [] },
  // TimeSignal + segmentationTypeId 52 (0x34) at 900000 / 90000.
  'eyevinn-dash-mpd/scte35/delivery_restrictions.mpd': { breaks: [['1', 0, 10, 10, 30, 'event', '99', 'xml']], problems: [] },
  // SpliceInfoSection directly in the Event; Period@start PT48H10M2.036S; Event@duration 9450000 / 90000.
  'eyevinn-dash-mpd/scte35/direct_splice_info_section.mpd': { breaks: [['46041', 0, 0, 173402.036, 105, 'event', '99', 'xml']], problems: [] },
  'eyevinn-dash-mpd/scte35/private_command.mpd': { breaks: [], problems: [] },
  // xml+bin at timescale 10 MHz: 89028119760 → 8902.811976 s; Event@duration 12650 comes first in the lookup
  // order, even though the section's segmentation_duration says 253 s.
  'eyevinn-dash-mpd/scte35/signal_binary_xmlbin.mpd': { breaks: [['1', 0, 8902.811976, 8902.811976, 0.001265, 'event', '872416252', 'bin']], problems: [] },
  // 2346545680 / 90000 and 2699769 / 90000.
  'eyevinn-dash-mpd/scte35/splice_insert.mpd': { breaks: [['1', 0, 26072.729778, 26072.729778, 29.997433, 'event', '4157', 'xml']], problems: [] },
  'eyevinn-dash-mpd/scte35/splice_insert_immediate.mpd': { breaks: [['1', 0, 0, 0, 30, 'event', '4158', 'xml']], problems: [] },
  'eyevinn-dash-mpd/scte35/splice_null_heartbeat.mpd': { breaks: [], problems: [] },
  // splice_schedule is not an accepted marker form (protocols.md §15).
  'eyevinn-dash-mpd/scte35/splice_schedule.mpd': { breaks: [], problems: [] },
  'eyevinn-dash-mpd/scte35/time_descriptor.mpd': { breaks: [], problems: [] },
  'eyevinn-dash-mpd/scte35/time_signal_segmentation.mpd': { breaks: [['1', 0, 10, 10, 30, 'event', '1', 'xml']], problems: [] },
};

describe('findDashBreaks on the corpus (protocols.md §15)', () => {
  it('covers every MPD: the cue-marked ones are in the table, the others have no SCTE-35 EventStream', () => {
    const marked = mpds.filter((f) => /urn:scte:scte35:201[34]:xml/.test(readFileSync(join(root, f), 'utf8')));
    expect(marked.sort()).toEqual(Object.keys(cueMarked).sort());
    expect(mpds.length).toBeGreaterThanOrEqual(36);
  });

  it.each(mpds)('%s', (file) => {
    const { breaks, problems } = findDashBreaks(readFileSync(join(root, file), 'utf8'));
    const expected = cueMarked[file] ?? { breaks: [], problems: [] };
    expect(breaks.map(row)).toEqual(expected.breaks);
    expect(problems.map((p) => p.code)).toEqual(expected.problems);
  });

  it('fills [scte.*] from the XML form and from the binary form', () => {
    const read = (f: string) => findDashBreaks(readFileSync(join(root, 'eyevinn-dash-mpd/scte35', f), 'utf8')).breaks[0].scteVars;
    expect(read('splice_insert.mpd')).toMatchObject({ event_id: '4157', unique_program_id: '1', avail_num: '1', avails_expected: '1', segmentation_type_id: '' });
    expect(read('time_signal_segmentation.mpd')).toMatchObject({ event_id: '99', segmentation_type_id: '52', segment_num: '1', segments_expected: '1', segmentation_upid: 'PROVIDERX', avail_num: '' });
    // Type 14 (ADS information) is text; the hexbinary 012345 is the bytes 01 23 45.
    expect(read('delivery_restrictions.mpd')).toMatchObject({ delivery_not_restricted_flag: '0', archive_allowed_flag: '1', no_regional_blackout_flag: '1', device_restrictions: '3', segmentation_upid: '\u0001#E' });
    expect(read('signal_binary_xmlbin.mpd')).toMatchObject({ event_id: '872416252', segmentation_type_id: '52', 'segmentation_upid.private_data.0': 'france2_20260604_1020', archive_allowed_flag: '0' });
    const bin = findDashBreaks(readFileSync(join(root, 'eyevinn-dash-mpd/scte35/signal_binary_xmlbin.mpd'), 'utf8')).breaks[0];
    expect(bin.scte35).toMatchObject({ splice_command_type: 6, descriptors: [{ segmentation_duration: 22770000 }] });
    expect([bin.presentationTime, bin.timescale, bin.schemeIdUri]).toEqual([89028119760, 10000000, 'urn:scte:scte35:2014:xml+bin']);
  });
});

const NS = 'http://www.scte.org/schemas/35';
const mpd = (periods: string, attrs = 'type="static" mediaPresentationDuration="PT10M"') =>
  `<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:scte35="${NS}" ${attrs}>${periods}</MPD>`;
const xmlStream = (events: string, attrs = 'timescale="90000"') => `<EventStream schemeIdUri="urn:scte:scte35:2013:xml" ${attrs}>${events}</EventStream>`;
const binStream = (events: string, attrs = 'timescale="90000"') => `<EventStream schemeIdUri="urn:scte:scte35:2014:xml+bin" ${attrs}>${events}</EventStream>`;
const insert = (pt: number, out: boolean, extra = '', inner = '') =>
  `<Event presentationTime="${pt}" id="e${pt}" ${extra}><scte35:Signal><scte35:SpliceInfoSection><scte35:SpliceInsert spliceEventId="${pt}" outOfNetworkIndicator="${out}">${inner}</scte35:SpliceInsert></scte35:SpliceInfoSection></scte35:Signal></Event>`;
const binEvent = (pt: number, base64: string, extra = '') => `<Event presentationTime="${pt}" id="b${pt}" ${extra}><scte35:Signal><scte35:Binary>\n   ${base64}\n  </scte35:Binary></scte35:Signal></Event>`;
const rows = (text: string, opts?: Parameters<typeof findDashBreaks>[1]) => findDashBreaks(text, opts).breaks.map(row);

describe('findDashBreaks rules', () => {
  it('multi-period: a Period is an avail only when its FIRST Event is a cue-out; the Period end bounds the duration', () => {
    const text = mpd(
      `<Period id="p0" duration="PT30S">${xmlStream(insert(0, true) + insert(900000, true))}</Period>` +
      `<Period id="p1" duration="PT60S">${xmlStream(insert(0, false) + insert(450000, true))}</Period>` +
      `<Period id="p2">${xmlStream(insert(180000, true))}</Period>`);
    expect(rows(text)).toEqual([['p0', 0, 0, 0, 30, 'period_end', 'e0', 'xml'], ['p2', 2, 2, 92, 508, 'period_end', 'e180000', 'xml']]);
  });

  it('single-period: every cue-out is an avail; without a duration, up to the next cue-in, else unknown', () => {
    const text = mpd(`<Period id="p0">${xmlStream(insert(0, false) + insert(900000, true) + insert(2700000, false) + insert(3600000, true))}</Period>`);
    expect(rows(text, { originManifestType: 'SINGLE_PERIOD' })).toEqual([
      ['p0', 0, 10, 10, 20, 'cue_in', 'e900000', 'xml'], ['p0', 0, 40, 40, null, null, 'e3600000', 'xml'],
    ]);
  });

  it('duration lookup order: Event@duration, then BreakDuration, then segmentationDuration', () => {
    const withAll = insert(0, true, 'duration="900000"', '<scte35:BreakDuration autoReturn="true" duration="1800000"/>');
    const breakOnly = insert(0, true, '', '<scte35:Program><scte35:SpliceTime ptsTime="5"/></scte35:Program><scte35:BreakDuration autoReturn="true" duration="1800000"/>');
    const segOnly = `<Event presentationTime="0"><scte35:SpliceInfoSection><scte35:TimeSignal><scte35:SpliceTime ptsTime="1"/></scte35:TimeSignal>` +
      `<scte35:SegmentationDescriptor segmentationEventId="5" segmentationTypeId="48" segmentationDuration="2700000"/></scte35:SpliceInfoSection></Event>`;
    const one = (events: string) => findDashBreaks(mpd(`<Period>${xmlStream(events)}</Period>`)).breaks.map((b) => [b.duration, b.durationSource]);
    expect(one(withAll)).toEqual([[10, 'event']]);
    expect(one(breakOnly)).toEqual([[20, 'break_duration']]);
    expect(one(segOnly)).toEqual([[30, 'segmentation_duration']]);
  });

  it('EventStream@timescale and @presentationTimeOffset; Period starts chained from @start and @duration', () => {
    const text = mpd(
      `<Period start="PT100S" duration="PT1M"/>` +
      `<Period>${xmlStream(insert(5000, true, 'duration="2000"'), 'timescale="1000" presentationTimeOffset="4000"')}</Period>`, 'type="dynamic"');
    expect(rows(text)).toEqual([[null, 1, 1, 161, 2, 'event', 'e5000', 'xml']]);
  });

  it('time_signal: only the segmentation types of protocols.md §15 start a DASH break', () => {
    const ts = (typeId: number) => findDashBreaks(mpd(`<Period>${binStream(binEvent(0, b64(timeSignal([seg({ eventId: 1, typeId })]))))}</Period>`)).breaks.length;
    expect([0x22, 0x30, 0x32, 0x34, 0x36].map(ts)).toEqual([1, 1, 1, 1, 1]);
    expect([0x38, 0x3a, 0x44, 0x46, 0x10, 0x23, 0x35].map(ts)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('xml+bin: whitespace around the base64 is fine; a broken Binary is a problem, not a break, not a throw', () => {
    const good = b64(spliceInsert({ eventId: 7, out: true, durationTicks: 90000 * 15, availNum: 1, availsExpected: 2 }));
    const ok = findDashBreaks(mpd(`<Period>${binStream(binEvent(90000, good))}</Period>`)).breaks;
    expect(ok.map(row)).toEqual([[null, 0, 1, 1, 15, 'break_duration', 'b90000', 'bin']]);
    expect(ok[0].scteVars).toMatchObject({ event_id: '7', avail_num: '1', avails_expected: '2' });
    for (const bad of [badCrc(good), good.slice(0, 12), '%%%']) {
      const r = findDashBreaks(mpd(`<Period>${binStream(binEvent(0, bad))}</Period>`));
      expect(r.breaks).toEqual([]);
      expect(r.problems.map((p) => p.code)).toEqual(['DASH_EVENT_INVALID']);
    }
  });

  it('any namespace prefix, or none; a cancelled or returning SpliceInsert is not a cue-out', () => {
    const prefixed = `<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:s="${NS}" type="static"><Period>${xmlStream(
      `<Event presentationTime="0"><s:Signal><s:SpliceInfoSection><s:SpliceInsert spliceEventId="1" outOfNetworkIndicator="1"/></s:SpliceInfoSection></s:Signal></Event>`)}</Period></MPD>`;
    expect(findDashBreaks(prefixed).breaks).toHaveLength(1);
    const cancelled = mpd(`<Period>${xmlStream(`<Event><Signal xmlns="${NS}"><SpliceInfoSection><SpliceInsert spliceEventId="1" spliceEventCancelIndicator="true" outOfNetworkIndicator="true"/></SpliceInfoSection></Signal></Event>`)}</Period>`);
    expect(findDashBreaks(cancelled).breaks).toEqual([]);
    expect(findDashBreaks(mpd(`<Period>${xmlStream(insert(0, false))}</Period>`)).breaks).toEqual([]);
  });

  it('an unknown Period start gives no absolute time and a problem', () => {
    const r = findDashBreaks(mpd(`<Period/><Period>${xmlStream(insert(0, true, 'duration="90000"'))}</Period>`, 'type="dynamic"'));
    expect(r.breaks.map((b) => [b.startTime, b.absoluteStartTime])).toEqual([[0, null]]);
    expect(r.problems.map((p) => p.code)).toEqual(['DASH_PERIOD_START_UNKNOWN']);
  });

  it('throws only when the text is not an MPD', () => {
    for (const text of ['', 'not xml <<', '<VAST version="4.0"/>']) {
      expect(() => findDashBreaks(text)).toThrow(StitchboxError);
    }
  });
});

describe('dashDuration (xs:duration)', () => {
  it.each([
    ['PT48H10M2.036S', 173402.036], ['PT0S', 0], ['PT10S', 10], ['PT1M', 60], ['P1DT2H', 93600], ['PT1.5S', 1.5], ['P1W', 604800], [' PT2S ', 2],
  ])('%s = %s s', (text, seconds) => {
    expect(dashDuration(text)).toBeCloseTo(seconds, 9);
  });
  it.each(['', 'P', 'PT', 'P1Y', 'P1M', '-PT1S', 'PT1.2.3S', 'PTS', 'T1S', 'PT1H2', '10', 'PT1X'])('%s is refused', (text) => {
    expect(dashDuration(text)).toBeNull();
  });
});
