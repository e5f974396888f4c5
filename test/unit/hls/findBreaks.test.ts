import { describe, expect, it } from 'vitest';
import { findBreaks } from '../../../src/hls/findBreaks';
import { parseMedia } from '../../../src/hls/parseMedia';
import { corpusFiles, corpusText } from './corpus';
import { b64, badCrc, hex, seg, spliceInsert, timeSignal } from '../../fixtures/breaks/sections';

type BreakRow = [ordinal: number, start: number, end: number | null, startTime: number, duration: number | null, style: string, id: string | null];
type Row = [file: string, breaks: BreakRow[], problems: string[], cueProblems: string[]];

// Read off each file by eye: the segment index after each cue-out, the index after the cue-in (or after
// the segments covering the duration, whichever comes first), the EXTINF sum before the break, the
// signalled duration, the style and ID of the cue-out that starts it; findBreaks' problems, and the cue
// problems parseMedia records (payloads that do not decode).
const table: Row[] = [
  ['globocom-m3u8/cue_out_cont_alt_playlist.m3u8', [[0, 0, null, 0, 119.987, 'cueout', null]], [], []],
  // OATCLS + EXT-X-ASSET + CUE-OUT:50.000: the OATCLS is the CUE-OUT's payload, not a second break.
  ['globocom-m3u8/cue_out_elemental_playlist.m3u8', [[0, 3, 9, 22.04, 50, 'cueout', null]], [], []],
  ['globocom-m3u8/cue_out_envivio_playlist.m3u8', [[0, 3, 7, 25.12, 366, 'cueout', '16777323']], [], []],
  ['globocom-m3u8/cue_out_invalid_playlist.m3u8', [[0, 0, null, 0, null, 'cueout', null]], [], ['BAD_CUE']],
  // CUE-OUT:4 over 10 s segments: the duration is covered after one segment; the CUE-IN two segments later is late.
  ['globocom-m3u8/cue_out_mediaconvert_playlist.m3u8', [[0, 1, 2, 10, 4, 'cueout', null]], ['CUE_IN_AFTER_DURATION'], []],
  ['globocom-m3u8/cue_out_no_duration_playlist.m3u8', [[0, 0, 2, 0, null, 'cueout', null]], [], []],
  // A live window that starts inside a break: CONT, CONT, then OATCLS (a 0x35 end) beside CUE-IN, no CUE-OUT.
  ['globocom-m3u8/cue_out_playlist.m3u8', [], ['CUE_CONT_WITHOUT_OUT', 'CUE_CONT_WITHOUT_OUT', 'CUE_IN_WITHOUT_OUT'], []],
  ['globocom-m3u8/cue_out_with_duration_playlist.m3u8', [[0, 0, 2, 0, 11.52, 'cueout', null]], [], []],
  ['globocom-m3u8/cue_out_with_explicit_duration_playlist.m3u8', [[0, 0, 2, 0, 11.52, 'cueout', null]], [], []],
  // SCTE35-CMD=0xFCINVALIDSECTION: nothing to classify, dropped with a problem.
  ['globocom-m3u8/daterange_enddate_sctecmd_playlist.m3u8', [], [], ['CUE_SCTE35_INVALID']],
  // RFC 8216 §8.10 on single lines: SCTE35-OUT (PLANNED-DURATION 59.993) before ad3.1, SCTE35-IN of the same ID
  // before prog.1 after six 10 s segments (which also cover the duration). Placeholder payloads (CRC 00000000).
  ['globocom-m3u8/daterange_scte35_out_and_in_playlist.m3u8', [[0, 0, 6, 0, 59.993, 'daterange', 'splice-6FFFFFF0']], [], ['CUE_SCTE35_INVALID', 'CUE_SCTE35_INVALID']],
  // A time_signal of segmentation type 0x0C alone: not an ad break.
  ['globocom-m3u8/oatcls_elemental_playlist.m3u8', [], [], []],
  // CUE-IN first (window starts in a break); CUE-OUT before 151, CUE-IN before 155; CUE-OUT:180 before 176,
  // 180 s covered by 176..205 (90 + 60 + 30.03), no CUE-IN yet.
  ['grafov-m3u8/media-playlist-with-cue-out-in-without-oatcls.m3u8', [[0, 5, 9, 30, null, 'cueout', null], [1, 30, 60, 179.2, 180, 'cueout', null]], ['CUE_IN_WITHOUT_OUT'], []],
  ['grafov-m3u8/media-playlist-with-oatcls-scte35.m3u8', [[0, 0, 2, 0, 15, 'cueout', null]], [], []],
  // #EXT-SCTE35 with a placeholder CUE and no CUE-OUT / CUE-IN attribute: it says nothing, dropped.
  ['grafov-m3u8/media-playlist-with-scte35.m3u8', [], [], ['CUE_SCTE35_INVALID']],
  ['grafov-m3u8/media-playlist-with-scte35-1.m3u8', [], [], ['CUE_SCTE35_INVALID']],
  ['azure-docs/ext-x-cue-adobe-primetime-legacy.m3u8', [[0, 2, null, 10, 30, 'adobe', '1026']], [], []],
  // Live fMP4: before 112001, SCTE35-OUT 0x22 Break Start (PLANNED-DURATION 30) and 0x30 Provider Ad Start are one
  // break; 0x10 Program Start and 0x20 Chapter Start and the 0x21 Chapter End are no ad breaks. The five segments
  // (29.996 s) cover the 30 s before the SCTE35-IN of the same IDs (0x23, 0x31) before 112006.
  ['comcast-mamba/hls_variant_playlist_with_daterange_metadata.m3u8', [[0, 0, 5, 0, 30, 'daterange', '1-0x22-1585221985']], [], []],
  // The RFC example as printed: the SCTE35-OUT is wrapped onto a stray line (not a tag), the SCTE35-IN value is empty.
  ['etherlabsio-go-m3u8/dateRangeScte35.m3u8', [], ['CUE_IN_WITHOUT_OUT'], []],
  // DATERANGE SCTE35-OUT (PLANNED-DURATION=0), CUE-OUT:0, CUE-IN before segment6: one insertion point.
  ['eyevinn-hls-splice/hls2_cue__index_0_v.m3u8', [[0, 5, 5, 45, 0, 'daterange', '1-804']], [], []],
  ['eyevinn-hls-splice/hls2_cue__index_stereo-en_a.m3u8', [[0, 5, 5, 45, 0, 'daterange', '1-804']], [], []],
  ['eyevinn-hls-vodtolive/hls10__index_1010931.m3u8', [[0, 0, 6, 0, 30, 'cueout', null]], [], []],
  ['eyevinn-hls-vodtolive/hls7__video-241929.m3u8', [[0, 8, 18, 24, 30, 'cueout', null]], ['CUE_IN_AFTER_DURATION'], []],
  // DURATION=15.120000000000001 over 10.880 + 4.240.
  ['eyevinn-hls-vodtolive/hls_always_0__4850073.m3u8', [[0, 0, 2, 0, 15.120000000000001, 'cueout', null]], [], []],
  ['eyevinn-hls-vodtolive/hls_cmaf_2__test-video=2500000.m3u8', [[0, 0, 6, 0, 20, 'cueout', null]], [], []],
  ['eyevinn-hls-vodtolive/hls_subs5_preroll__level_0.m3u8', [[0, 0, 14, 0, 46, 'cueout', null]], [], []],
  // Pre-stitched ads of 35.04 s between CUE-OUT:DURATION=35 and a CUE-IN in the trailing cues.
  ['eyevinn-hls-vodtolive/hls_ts_vas_demux_broken__media7070700.m3u8', [[0, 45, 51, 301.68, 35, 'cueout', null]], [], []],
  ['eyevinn-hls-vodtolive/hls_ts_vas_demux_broken__audio.m3u8', [[0, 51, 58, 301.807, 35, 'cueout', null]], [], []],
  ['eyevinn-hls-vodtolive/hls_ts_vas_demux_broken__subtitle.m3u8', [[0, 45, 51, 301.68, 35, 'cueout', null]], [], []],
  // OATCLS (0x34 / 0x35) beside each CUE-OUT:30 / CUE-IN: two breaks, not four.
  ['threefive/scte35.m3u8', [[0, 1, 5, 10, 30, 'cueout', null], [1, 9, 12, 75, 30, 'cueout', null]], [], []],
  ['threefive/simple-scte35.m3u8', [[0, 0, 2, 0, 15, 'cueout', null]], [], []],
  ['fragments/x9k3-readme-x_cue.m3u8.txt', [[0, 0, 1, 0, 242, 'cueout', null]], [], []],
  // SCTE35-OUT ID="1" (PLANNED-DURATION 242) and SCTE35-IN ID="2": x9k3 numbers its tags, so the IN names no
  // open break (protocols.md §6.1 pairs by ID) and the break runs on its duration. The IN's hex is wrapped.
  ['fragments/x9k3-readme-x_daterange.m3u8.txt', [[0, 0, null, 0, 242, 'daterange', '1']], ['CUE_IN_UNPAIRED'], ['CUE_SCTE35_INVALID']],
  // CUE-OUT=YES / CUE-OUT=CONT / CUE-IN=YES, splice_insert event 662 with a 242 s break_duration.
  ['fragments/x9k3-readme-x_scte35.m3u8.txt', [[0, 0, 2, 0, 242, 'scte35', '662']], [], []],
  ['fragments/x9k3-readme-x_splicepoint.m3u8.txt', [[0, 0, 1, 0, 242, 'splicepoint', '662']], [], []],
];

const CUE_MARKED = /^#(EXT-X-CUE|EXT-X-DATERANGE:.*SCTE35-|EXT-X-SPLICEPOINT-SCTE35|EXT-OATCLS-SCTE35|EXT-X-SCTE35|EXT-SCTE35)/m;
const CUE_PROBLEMS = new Set(['BAD_CUE', 'CUE_SCTE35_INVALID']);

describe('findBreaks on the cue-marked corpus', () => {
  it('has a row for every cue-marked media playlist of the corpus', () => {
    const marked = corpusFiles().filter((f) => CUE_MARKED.test(f.text) && !f.text.includes('#EXT-X-STREAM-INF')).map((f) => f.name).sort();
    expect(table.map((r) => r[0]).sort()).toEqual(marked);
  });

  it.each(table)('%s', (file, expected, expectedProblems, expectedCueProblems) => {
    const { playlist, problems: parseProblems } = parseMedia(corpusText(file));
    const { breaks, problems } = findBreaks(playlist);
    expect(breaks.map((b) => [b.ordinal, b.startSegment, b.endSegment, Number(b.startTime.toFixed(3)), b.duration, b.cueOut.style, b.cueOut.id ?? null])).toEqual(expected);
    expect(problems.map((p) => p.code)).toEqual(expectedProblems);
    expect(parseProblems.filter((p) => CUE_PROBLEMS.has(p.code)).map((p) => p.code)).toEqual(expectedCueProblems);
    for (const b of breaks) expect(b.cueOut.kind).toBe('out');
  });

  it('cue_out_invalid_playlist yields problems', () => {
    const parsed = parseMedia(corpusText('globocom-m3u8/cue_out_invalid_playlist.m3u8'));
    expect(parsed.problems.map((p) => p.code)).toContain('BAD_CUE');
  });

  it('the SCTE-35 that fills [scte.*]: the OATCLS beside a CUE-OUT, the DATERANGE beside a CUE-OUT:0, the Break Start', () => {
    const three = findBreaks(parseMedia(corpusText('threefive/scte35.m3u8')).playlist).breaks;
    expect(three.map((b) => b.scteCue.scte35?.encrypted_packet === false && b.scteCue.scte35.splice_command_type)).toEqual([6, 6]);
    expect(three[0].scteCue).toBe(three[0].cueOut);
    const elemental = findBreaks(parseMedia(corpusText('globocom-m3u8/cue_out_elemental_playlist.m3u8')).playlist).breaks[0];
    expect(elemental.scteCue.scte35).toMatchObject({ splice_command_type: 5, splice_command: { splice_event_id: 1, break_duration: { duration: 4500000 } } });
    const mamba = findBreaks(parseMedia(corpusText('comcast-mamba/hls_variant_playlist_with_daterange_metadata.m3u8')).playlist).breaks[0];
    expect(mamba.scteCue.scte35).toMatchObject({ descriptors: [{ segmentation_type_id: 0x22, segmentation_duration: 2700000 }] });
  });
});

const media = (...body: string[]) => parseMedia(['#EXTM3U', '#EXT-X-TARGETDURATION:10', ...body].join('\n')).playlist;

describe('findBreaks rules', () => {
  it('a nested cue-out ends the open break and starts a new one', () => {
    const { breaks, problems } = findBreaks(media('#EXT-X-CUE-OUT', '#EXTINF:4,', 'a.ts', '#EXT-X-CUE-OUT:8', '#EXTINF:4,', 'b.ts', '#EXTINF:4,', 'c.ts', '#EXTINF:4,', 'd.ts'));
    expect(breaks.map((b) => [b.startSegment, b.endSegment, b.startTime])).toEqual([[0, 1, 0], [1, 3, 4]]);
    expect(problems.map((p) => p.code)).toEqual(['CUE_OUT_NESTED']);
  });

  it('a cue-out in the trailing cues is a post-roll; the VOD end closes it', () => {
    const vod = findBreaks(media('#EXTINF:4,', 'a.ts', '#EXT-X-CUE-OUT:30', '#EXT-X-CUE-IN', '#EXT-X-ENDLIST'));
    expect(vod.breaks.map((b) => [b.startSegment, b.endSegment, b.startTime, b.duration])).toEqual([[1, 1, 4, 30]]);
    const noIn = findBreaks(media('#EXTINF:4,', 'a.ts', '#EXT-X-CUE-OUT:30', '#EXT-X-ENDLIST'));
    expect(noIn.breaks.map((b) => [b.startSegment, b.endSegment])).toEqual([[1, 1]]);
    expect(noIn.problems).toEqual([]);
  });

  it('live: an open break has no end; VOD: the end closes it with a problem', () => {
    const live = findBreaks(media('#EXT-X-CUE-OUT', '#EXTINF:4,', 'a.ts'));
    expect(live.breaks[0].endSegment).toBeNull();
    const vod = findBreaks(media('#EXT-X-CUE-OUT', '#EXTINF:4,', 'a.ts', '#EXT-X-ENDLIST'));
    expect(vod.breaks[0].endSegment).toBe(1);
    expect(vod.problems.map((p) => p.code)).toEqual(['CUE_OUT_UNTERMINATED']);
  });

  it('covers a duration within 0.1 s of EXTINF rounding, and not before', () => {
    const segs = (d: string, k: number) => Array.from({ length: k }, (_, i) => [`#EXTINF:${d},`, `s${i}.ts`]).flat();
    expect(findBreaks(media('#EXT-X-CUE-OUT:30', ...segs('5.98', 6))).breaks[0].endSegment).toBe(5);
    expect(findBreaks(media('#EXT-X-CUE-OUT:30', ...segs('5.9', 6))).breaks[0].endSegment).toBe(6);
    expect(findBreaks(media('#EXT-X-CUE-OUT:30', ...segs('5.9', 5))).breaks[0].endSegment).toBeNull();
  });

  it('cue-in without cue-out is a problem, not a throw; ordinals count breaks', () => {
    const { breaks, problems } = findBreaks(media('#EXT-X-CUE-IN', '#EXTINF:4,', 'a.ts', '#EXT-X-CUE-OUT:0', '#EXTINF:4,', 'b.ts', '#EXT-X-CUE-OUT:4', '#EXTINF:4,', 'c.ts', '#EXT-X-CUE-IN', '#EXTINF:4,', 'd.ts'));
    expect(breaks.map((b) => [b.ordinal, b.startSegment, b.endSegment])).toEqual([[0, 1, 1], [1, 2, 3]]);
    expect(problems.map((p) => p.code)).toEqual(['CUE_IN_WITHOUT_OUT']);
  });
});

const seg4 = (name: string) => ['#EXTINF:4,', `${name}.ts`];
const run = (...body: string[]) => {
  const parsed = parseMedia(['#EXTM3U', '#EXT-X-TARGETDURATION:10', ...body].join('\n'));
  const found = findBreaks(parsed.playlist);
  return { ...found, parseProblems: parsed.problems, rows: found.breaks.map((b) => [b.startSegment, b.endSegment, b.duration, b.cueOut.style]) };
};

describe('findBreaks: EXT-X-DATERANGE (protocols.md §6.1)', () => {
  const out = (id: string, extra = '') => `#EXT-X-DATERANGE:ID="${id}",START-DATE="2024-01-01T00:00:00Z"${extra},SCTE35-OUT=${hex(spliceInsert({ eventId: 1, out: true }))}`;
  const back = (id: string) => `#EXT-X-DATERANGE:ID="${id}",SCTE35-IN=${hex(spliceInsert({ eventId: 1, out: false }))}`;

  it('pairs SCTE35-IN with the SCTE35-OUT of the same ID; START-DATE does not move it', () => {
    const { rows, problems } = run(out('a'), ...seg4('a'), ...seg4('b'), back('a'), ...seg4('c'));
    expect(rows).toEqual([[0, 2, null, 'daterange']]);
    expect(problems).toEqual([]);
  });

  it('a SCTE35-IN of another ID does not close the break; the VOD end does', () => {
    const { rows, problems } = run(out('a'), ...seg4('a'), back('b'), ...seg4('b'), '#EXT-X-ENDLIST');
    expect(rows).toEqual([[0, 2, null, 'daterange']]);
    expect(problems.map((p) => p.code)).toEqual(['CUE_IN_UNPAIRED', 'CUE_OUT_UNTERMINATED']);
  });

  it('with both a DURATION and a paired SCTE35-IN, the earliest wins', () => {
    const early = run(out('a', ',DURATION=8'), ...seg4('a'), ...seg4('b'), ...seg4('c'), back('a'), ...seg4('d'));
    expect(early.rows).toEqual([[0, 2, 8, 'daterange']]);
    expect(early.problems.map((p) => p.code)).toEqual(['CUE_IN_AFTER_DURATION']);
    const late = run(out('a', ',PLANNED-DURATION=30'), ...seg4('a'), back('a'), ...seg4('b'));
    expect(late.rows).toEqual([[0, 1, 30, 'daterange']]);
  });

  it('a DATERANGE beside a CUE-OUT / CUE-IN is the same break, counted once', () => {
    const { breaks, problems } = run('#EXT-X-CUE-OUT:8', out('a'), ...seg4('a'), ...seg4('b'), '#EXT-X-CUE-IN', back('a'), ...seg4('c'));
    expect(breaks.map((b) => [b.startSegment, b.endSegment, b.duration, b.cueOut.style, b.scteCue.style])).toEqual([[0, 2, 8, 'cueout', 'daterange']]);
    expect(problems).toEqual([]);
  });

  it('the same SCTE35-OUT repeated on a later segment is not a new break', () => {
    const { rows, problems } = run(out('a'), ...seg4('a'), out('a'), ...seg4('b'), back('a'), ...seg4('c'));
    expect(rows).toEqual([[0, 2, null, 'daterange']]);
    expect(problems).toEqual([]);
  });

  it('a SCTE35-OUT with a broken payload is still a break; the cue carries the error', () => {
    const broken = `#EXT-X-DATERANGE:ID="x",PLANNED-DURATION=8,SCTE35-OUT=${hex(spliceInsert({ eventId: 1, out: true })).slice(0, -2)}00`;
    const { breaks, parseProblems } = run(broken, ...seg4('a'), ...seg4('b'), ...seg4('c'));
    expect(breaks.map((b) => [b.startSegment, b.endSegment, b.duration])).toEqual([[0, 2, 8]]);
    expect(breaks[0].scteCue.scte35).toBeUndefined();
    expect(breaks[0].scteCue.scte35Error).toMatch(/CRC_32/);
    expect(parseProblems.map((p) => [p.code, p.line])).toEqual([['CUE_SCTE35_INVALID', 3]]);
  });
});

describe('findBreaks: SCTE-35 payload cues (SPLICEPOINT, SCTE35, OATCLS)', () => {
  const sp = (s: Parameters<typeof b64>[0]) => `#EXT-X-SPLICEPOINT-SCTE35:${b64(s)}`;

  it('0x34 / 0x35 placement opportunity start and end pair by segmentation_event_id; the duration comes from the section', () => {
    const { rows, problems } = run(sp(timeSignal([seg({ eventId: 10, typeId: 0x34, durationTicks: 90000 * 30 })])), ...seg4('a'), sp(timeSignal([seg({ eventId: 10, typeId: 0x35 })])), ...seg4('b'));
    expect(rows).toEqual([[0, 1, 30, 'splicepoint']]);
    expect(problems).toEqual([]);
    const dur = run(sp(timeSignal([seg({ eventId: 10, typeId: 0x34, durationTicks: 90000 * 8 })])), ...seg4('a'), ...seg4('b'), ...seg4('c'));
    expect(dur.rows).toEqual([[0, 2, 8, 'splicepoint']]);
  });

  it('an end with another segmentation_event_id does not close the break', () => {
    const { rows, problems } = run(sp(timeSignal([seg({ eventId: 10, typeId: 0x34 })])), ...seg4('a'), sp(timeSignal([seg({ eventId: 11, typeId: 0x35 })])), ...seg4('b'));
    expect(rows).toEqual([[0, null, null, 'splicepoint']]);
    expect(problems.map((p) => p.code)).toEqual(['CUE_IN_UNPAIRED']);
  });

  it('the advertisements inside a Break (0x22 … 0x30/0x31 … 0x23) are parts of one break', () => {
    const { rows, problems } = run(
      sp(timeSignal([seg({ eventId: 1, typeId: 0x22, durationTicks: 90000 * 60 }), seg({ eventId: 2, typeId: 0x30 })])), ...seg4('a'),
      sp(timeSignal([seg({ eventId: 2, typeId: 0x31 })])), sp(timeSignal([seg({ eventId: 3, typeId: 0x30 })])), ...seg4('b'),
      sp(timeSignal([seg({ eventId: 3, typeId: 0x31 })])), sp(timeSignal([seg({ eventId: 1, typeId: 0x23 })])), ...seg4('c'),
    );
    expect(rows).toEqual([[0, 2, 60, 'splicepoint']]);
    expect(problems).toEqual([]);
  });

  it('splice_insert out / in pair by splice_event_id; a second out while one is open is nested', () => {
    const ok = run(sp(spliceInsert({ eventId: 5, out: true })), ...seg4('a'), sp(spliceInsert({ eventId: 5, out: false })), ...seg4('b'));
    expect(ok.rows).toEqual([[0, 1, null, 'splicepoint']]);
    const nested = run(sp(spliceInsert({ eventId: 5, out: true })), ...seg4('a'), sp(spliceInsert({ eventId: 6, out: true })), ...seg4('b'));
    expect(nested.rows).toEqual([[0, 1, null, 'splicepoint'], [1, null, null, 'splicepoint']]);
    expect(nested.problems.map((p) => p.code)).toEqual(['CUE_OUT_NESTED']);
  });

  it('EXT-X-SCTE35 CUE-OUT=YES / CONT / CUE-IN=YES', () => {
    const cue = b64(spliceInsert({ eventId: 7, out: true, durationTicks: 90000 * 30 }));
    const { rows, problems } = run(`#EXT-X-SCTE35:CUE="${cue}",CUE-OUT=YES`, ...seg4('a'), `#EXT-X-SCTE35:CUE="${cue}",CUE-OUT=CONT,ELAPSED=4`, ...seg4('b'),
      `#EXT-X-SCTE35:CUE="${b64(spliceInsert({ eventId: 7, out: false }))}",CUE-IN=YES`, ...seg4('c'));
    expect(rows).toEqual([[0, 2, 30, 'scte35']]);
    expect(problems).toEqual([]);
  });

  it('EXT-OATCLS-SCTE35 beside a CUE-OUT supplies its payload; alone it is a cue', () => {
    const oatcls = `#EXT-OATCLS-SCTE35:${b64(spliceInsert({ eventId: 9, out: true, durationTicks: 90000 * 8 }))}`;
    const beside = run(oatcls, '#EXT-X-CUE-OUT', ...seg4('a'), '#EXT-X-CUE-IN', ...seg4('b'));
    expect(beside.breaks.map((b) => [b.startSegment, b.endSegment, b.duration, b.cueOut.style, b.scteCue === b.cueOut])).toEqual([[0, 1, null, 'cueout', true]]);
    expect(beside.breaks[0].cueOut.scte35).toMatchObject({ splice_command: { splice_event_id: 9 } });
    expect(beside.problems).toEqual([]);
    const alone = run(oatcls, ...seg4('a'), ...seg4('b'), ...seg4('c'));
    expect(alone.rows).toEqual([[0, 2, 8, 'oatcls']]);
  });

  it('broken payloads never throw: the tag alone decides, or the cue is dropped with a problem', () => {
    const good = b64(timeSignal([seg({ eventId: 1, typeId: 0x34 })]));
    const { rows, problems, parseProblems } = run(
      `#EXT-X-SPLICEPOINT-SCTE35:${badCrc(good)}`, ...seg4('a'), // dropped
      `#EXT-X-SPLICEPOINT-SCTE35:@@@`, ...seg4('b'), // dropped
      `#EXT-X-SCTE35:CUE="${badCrc(good)}",CUE-OUT=YES,DURATION=4`, ...seg4('c'), // kept by its attributes
      `#EXT-OATCLS-SCTE35:${good.slice(0, 10)}`, '#EXT-X-CUE-IN', ...seg4('d'), // the OATCLS dropped, the CUE-IN ends the break
    );
    expect(rows).toEqual([[2, 3, 4, 'scte35']]);
    expect(problems).toEqual([]);
    expect(parseProblems.map((p) => p.code)).toEqual(['CUE_SCTE35_INVALID', 'CUE_SCTE35_INVALID', 'CUE_SCTE35_INVALID', 'CUE_SCTE35_INVALID']);
  });

  it('cues after the last segment (trailing) start a post-roll', () => {
    const { rows } = run(...seg4('a'), `#EXT-X-SPLICEPOINT-SCTE35:${b64(spliceInsert({ eventId: 1, out: true, durationTicks: 0 }))}`, '#EXT-X-ENDLIST');
    expect(rows).toEqual([[1, 1, 0, 'splicepoint']]);
  });
});
