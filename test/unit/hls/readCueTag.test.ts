import { describe, expect, it } from 'vitest';
import { readCue, readCueTag } from '../../../src/hls/readCueTag';
import { b64, badCrc, hex, seg, spliceInsert, spliceNull, timeSignal } from '../../fixtures/breaks/sections';

describe('readCueTag (protocols.md §6.1)', () => {
  it.each([
    ['#EXT-X-CUE-OUT', null],
    ['#EXT-X-CUE-OUT:30', 30],
    ['#EXT-X-CUE-OUT:30.000', 30],
    ['#EXT-X-CUE-OUT:0', 0],
    ['#EXT-X-CUE-OUT:DURATION=120', 120],
    ['#EXT-X-CUE-OUT:DURATION="120"', 120],
    ['#EXT-X-CUE-OUT:DURATION=15.120000000000001', 15.120000000000001],
    ['#EXT-X-CUE-OUT:4,SpliceType=VOD_DAI,Action=REPLACE, PAID=example.com/2024073010700,Acds=BA', 4],
  ])('%s → out, duration %s', (line, duration) => {
    expect(readCue(line)).toEqual({ cue: { kind: 'out', style: 'cueout', duration, tag: line }, problem: null });
  });

  it('keeps an ID attribute and decodes an Envivio CUE= payload onto the cue', () => {
    expect(readCue('#EXT-X-CUE-OUT:ID=7')).toEqual({ cue: { kind: 'out', style: 'cueout', duration: null, id: '7', tag: '#EXT-X-CUE-OUT:ID=7' }, problem: null });
    const envivio = '#EXT-X-CUE-OUT:DURATION=366,ID=16777323,CUE="/DAlAAAENOOQAP/wFAUBAABrf+//N25XDf4B9p/gAAEBAQAAxKni9A=="';
    const r = readCue(envivio);
    expect(r?.problem).toBeNull();
    expect(r?.cue).toMatchObject({ kind: 'out', style: 'cueout', duration: 366, id: '16777323', tag: envivio });
    expect(r?.cue?.scte35).toMatchObject({ splice_command_type: 5, splice_command: { splice_event_id: 16777323, out_of_network_indicator: true } });
  });

  it.each(['#EXT-X-CUE-OUT:INVALID', '#EXT-X-CUE-OUT:PT32S', '#EXT-X-CUE-OUT:DURATION=-5'])('%s → out without duration, and a problem', (line) => {
    const r = readCue(line);
    expect(r?.cue).toEqual({ kind: 'out', style: 'cueout', duration: null, tag: line });
    expect(r?.problem?.code).toBe('BAD_CUE');
  });

  it.each([
    ['#EXT-X-CUE-OUT-CONT', null, null],
    ['#EXT-X-CUE-OUT-CONT:2/120', 2, 120],
    ['#EXT-X-CUE-OUT-CONT:14.001/120.0', 14.001, 120],
    ['#EXT-X-CUE-OUT-CONT:10/4, SpliceType=VOD_DAI,Action=REPLACE', 10, 4],
    ['#EXT-X-CUE-OUT-CONT: 8.308/30', 8.308, 30],
  ])('%s → continue %s/%s', (line, elapsed, duration) => {
    expect(readCueTag(line)).toEqual({ kind: 'continue', style: 'cueout', elapsed, duration, tag: line });
  });

  it('reads the Elemental CUE-OUT-CONT and attaches its SCTE35= section', () => {
    const line = '#EXT-X-CUE-OUT-CONT:ElapsedTime=7.960,Duration=50,SCTE35=/DAlAAAAAAAAAP/wFAUAAAABf+//wpiQkv4ARKogAAEBAQAAQ6sodg==';
    const cue = readCueTag(line);
    expect(cue).toMatchObject({ kind: 'continue', style: 'cueout', elapsed: 7.96, duration: 50, tag: line });
    expect(cue?.scte35).toMatchObject({ splice_command_type: 5, splice_command: { splice_event_id: 1, break_duration: { duration: 4500000 } } });
  });

  it('a CUE= payload that does not decode leaves the cue as its tag says, with a problem', () => {
    const line = `#EXT-X-CUE-OUT:DURATION=30,CUE="${badCrc(b64(spliceInsert({ eventId: 1, out: true })))}"`;
    const r = readCue(line);
    expect(r?.cue).toMatchObject({ kind: 'out', duration: 30, style: 'cueout' });
    expect(r?.cue?.scte35).toBeUndefined();
    expect(r?.cue?.scte35Error).toMatch(/CRC_32 mismatch/);
    expect(r?.problem?.code).toBe('CUE_SCTE35_INVALID');
  });

  it.each(['#EXT-X-CUE-IN', '#EXT-X-CUE-IN:4,SpliceType=VOD_DAI'])('%s → in', (line) => {
    expect(readCueTag(line)).toEqual({ kind: 'in', style: 'cueout', tag: line });
  });

  it('#EXT-X-CUE-IN:ID=.. → in with its ID', () => {
    expect(readCueTag('#EXT-X-CUE-IN:ID=16777323')).toEqual({ kind: 'in', style: 'cueout', id: '16777323', tag: '#EXT-X-CUE-IN:ID=16777323' });
  });

  it('reads Adobe Primetime EXT-X-CUE (Azure Media Services legacy) as out / continue / in', () => {
    const azure = '#EXT-X-CUE:ID="1026",TYPE="scte35",DURATION=30.000000,TIME=1544716520.022760,CUE="/DAlAAAAAAAAAP/wFAUAAAQCf+//KRjAfP4AKTLgAAAAAAAAVYsh2w=="';
    expect(readCueTag(azure)).toMatchObject({ kind: 'out', style: 'adobe', duration: 30, id: '1026', tag: azure, scte35: { splice_command: { splice_event_id: 1026 } } });
    expect(readCueTag('#EXT-X-CUE:TYPE=SpliceOut,ID=1,TIME=266.198')).toMatchObject({ kind: 'out', duration: null });
    expect(readCueTag('#EXT-X-CUE:DURATION="201.467",ID="0",TYPE="SpliceOut",TIME="414.171"')).toMatchObject({ kind: 'out', duration: 201.467 });
    expect(readCueTag('#EXT-X-CUE:TYPE=SpliceInsert,ID=a1,TIME=10.5')).toMatchObject({ kind: 'out', duration: 0 });
    expect(readCueTag('#EXT-X-CUE:ID="1026",TYPE="scte35",DURATION=30,ELAPSED=6,TIME=1')).toMatchObject({ kind: 'continue', elapsed: 6, duration: 30 });
    expect(readCueTag('#EXT-X-CUE:TYPE=SpliceIn,ID=1,TIME=300')).toMatchObject({ kind: 'in', style: 'adobe' });
    expect(readCueTag('#EXT-X-CUE-CONT:ID=1,AVAIL-DUR-ELAPSED=5.8')).toMatchObject({ kind: 'continue', style: 'adobe', elapsed: 5.8 });
  });

  it('is not fooled by other tags', () => {
    for (const line of ['#EXT-X-CUE-SPAN:TIMEFROMSIGNAL=PT10S,ID=16777323', '#EXT-X-CUEOUT:30', '#EXTINF:10,', '#EXT-X-DATERANGE:ID="1"',
      '#EXT-X-DATERANGE:ID="ad3",START-DATE="2016-06-13T11:15:00Z",DURATION=20,X-AD-URL="http://ads.example.com/beacon3"', '#EXT-X-SPLICE:x', '#EXT-OATCLS:x', '#EXT-X-PROGRAM-DATE-TIME:2020-01-01T00:00:00Z']) {
      expect(readCue(line)).toBeNull();
    }
  });
});

describe('readCueTag: EXT-X-DATERANGE SCTE35-OUT / -IN / -CMD (RFC 8216 §4.3.2.7.1, protocols.md §6.1)', () => {
  const out = hex(spliceInsert({ eventId: 0x6fffffff, out: true, durationTicks: 90000 * 60 }));
  const back = hex(spliceInsert({ eventId: 0x6fffffff, out: false }));

  it('SCTE35-OUT is a cue-out with its ID; DURATION wins over PLANNED-DURATION over the decoded break_duration', () => {
    const both = `#EXT-X-DATERANGE:ID="splice-1",START-DATE="2014-03-05T11:15:00Z",DURATION=59.993,PLANNED-DURATION=58,SCTE35-OUT=${out}`;
    expect(readCue(both)).toMatchObject({ cue: { kind: 'out', style: 'daterange', id: 'splice-1', duration: 59.993, tag: both }, problem: null });
    expect(readCueTag(`#EXT-X-DATERANGE:ID="a",PLANNED-DURATION=58,SCTE35-OUT=${out}`)).toMatchObject({ duration: 58 });
    const decoded = readCueTag(`#EXT-X-DATERANGE:ID="a",START-DATE="2014-03-05T11:15:00Z",SCTE35-OUT=${out}`);
    expect(decoded).toMatchObject({ kind: 'out', duration: 60, scte35: { splice_command: { splice_event_id: 0x6fffffff } } });
  });

  it('SCTE35-IN is a cue-in with its ID', () => {
    expect(readCueTag(`#EXT-X-DATERANGE:ID="splice-1",DURATION=59.993,SCTE35-IN=${back}`)).toMatchObject({ kind: 'in', style: 'daterange', id: 'splice-1' });
  });

  it('a SCTE35-OUT / -IN whose payload does not decode is still a cue, with the error and a problem', () => {
    // The RFC 8216 §8.10 example carries a placeholder section (CRC 00000000).
    const rfc = '#EXT-X-DATERANGE:ID="splice-6FFFFFF0",START-DATE="2014-03-05T11:15:00Z",PLANNED-DURATION=59.993,SCTE35-OUT=0xFC002F0000000000FF000014056FFFFFF000E011622DCAFF000052636200000000000A0008029896F50000008700000000';
    const r = readCue(rfc);
    expect(r?.cue).toMatchObject({ kind: 'out', id: 'splice-6FFFFFF0', duration: 59.993 });
    expect(r?.cue?.scte35Error).toMatch(/truncated/);
    expect(r?.problem?.code).toBe('CUE_SCTE35_INVALID');
    const badHex = readCue('#EXT-X-DATERANGE:ID="2",SCTE35-IN=0xfc302a00000000000000fff00f05000002967f4fffe2b670d800010000000a000');
    expect(badHex?.cue).toMatchObject({ kind: 'in', id: '2' });
    expect(badHex?.problem?.code).toBe('CUE_SCTE35_INVALID');
    // Base64 where hexadecimal is due is not guessed at.
    expect(readCue(`#EXT-X-DATERANGE:ID="3",SCTE35-OUT=${b64(spliceInsert({ eventId: 1, out: true }))}`)?.problem?.code).toBe('CUE_SCTE35_INVALID');
  });

  it('an empty SCTE35-IN value is a cue-in without payload and without a problem', () => {
    expect(readCue('#EXT-X-DATERANGE:ID="splice-6FFFFFF0",DURATION=59.993,SCTE35-IN=')).toEqual({
      cue: { kind: 'in', style: 'daterange', id: 'splice-6FFFFFF0', tag: '#EXT-X-DATERANGE:ID="splice-6FFFFFF0",DURATION=59.993,SCTE35-IN=' }, problem: null,
    });
  });

  it('a SCTE35-OUT that decodes to a program or chapter start is not an ad break (no cue, no problem)', () => {
    const program = hex(timeSignal([seg({ eventId: 2, typeId: 0x10, durationTicks: 90000 * 2713 })]));
    expect(readCue(`#EXT-X-DATERANGE:ID="2-0x10",PLANNED-DURATION=2713.000,SCTE35-OUT=${program}`)).toEqual({ cue: null, problem: null });
  });

  it('SCTE35-CMD is classified by its decoded command; undecodable, it is dropped with a problem', () => {
    const start = hex(timeSignal([seg({ eventId: 9, typeId: 0x34, durationTicks: 90000 * 30 })]));
    expect(readCueTag(`#EXT-X-DATERANGE:ID="c1",SCTE35-CMD=${start}`)).toMatchObject({ kind: 'out', id: 'c1', duration: 30, style: 'daterange' });
    const end = hex(timeSignal([seg({ eventId: 9, typeId: 0x35 })]));
    expect(readCueTag(`#EXT-X-DATERANGE:ID="c1",SCTE35-CMD=${end}`)).toMatchObject({ kind: 'in', id: 'c1' });
    expect(readCue(`#EXT-X-DATERANGE:ID="hb",SCTE35-CMD=${hex(spliceNull())}`)).toEqual({ cue: null, problem: null });
    // globocom DATERANGE_ENDDATE_SCTECMD_PLAYLIST: an invalid value.
    const r = readCue('#EXT-X-DATERANGE:ID="test_id",START-DATE="2020-03-11T10:51:00Z",CLASS="test_class",END-DATE="2020-03-11T10:52:00Z",DURATION=60,SCTE35-CMD=0xFCINVALIDSECTION');
    expect(r?.cue).toBeNull();
    expect(r?.problem?.code).toBe('CUE_SCTE35_INVALID');
  });

  it('a DURATION that is not a number is a problem; PLANNED-DURATION is used instead', () => {
    const r = readCue(`#EXT-X-DATERANGE:ID="a",DURATION=PT30S,PLANNED-DURATION=30,SCTE35-OUT=${out}`);
    expect(r?.cue).toMatchObject({ kind: 'out', duration: 30 });
    expect(r?.problem?.code).toBe('BAD_CUE');
  });
});

describe('readCueTag: EXT-X-SPLICEPOINT-SCTE35, EXT-OATCLS-SCTE35, EXT-X-SCTE35', () => {
  it.each([
    // [segmentation_type_id, kind]: break and placement-opportunity starts and ends (SCTE 35 2023 Table 23).
    ...[0x22, 0x30, 0x32, 0x34, 0x36, 0x38, 0x3a, 0x44, 0x46].map((t) => [t.toString(16), t, 'out'] as const),
    ...[0x23, 0x31, 0x33, 0x35, 0x37, 0x39, 0x3b, 0x45, 0x47].map((t) => [t.toString(16), t, 'in'] as const),
  ])('SPLICEPOINT time_signal with segmentation_type_id 0x%s', (_name, typeId, kind) => {
    const cue = readCueTag(`#EXT-X-SPLICEPOINT-SCTE35:${b64(timeSignal([seg({ eventId: 77, typeId, durationTicks: kind === 'out' ? 2700000 : undefined })]))}`);
    expect(cue).toMatchObject({ kind, style: 'splicepoint', id: '77' });
    if (cue?.kind === 'out') expect(cue.duration).toBe(30);
  });

  it.each([0x00, 0x01, 0x10, 0x11, 0x20, 0x21, 0x40, 0x50].map((t) => [t.toString(16), t] as const))('SPLICEPOINT time_signal with segmentation_type_id 0x%s is not an ad break', (_name, typeId) => {
    expect(readCue(`#EXT-X-SPLICEPOINT-SCTE35:${b64(timeSignal([seg({ eventId: 1, typeId })]))}`)).toEqual({ cue: null, problem: null });
  });

  it('splice_insert: out_of_network_indicator 1 = out with break_duration, 0 = in; the event id pairs them', () => {
    expect(readCueTag(`#EXT-X-SPLICEPOINT-SCTE35:${b64(spliceInsert({ eventId: 662, out: true, durationTicks: 21780000 }))}`)).toMatchObject({ kind: 'out', id: '662', duration: 242 });
    expect(readCueTag(`#EXT-X-SPLICEPOINT-SCTE35:${b64(spliceInsert({ eventId: 662, out: false }))}`)).toMatchObject({ kind: 'in', id: '662' });
    expect(readCueTag(`#EXT-X-SPLICEPOINT-SCTE35:${b64(spliceInsert({ eventId: 5, out: true }))}`)).toMatchObject({ kind: 'out', duration: null });
  });

  it('a broken SPLICEPOINT / OATCLS payload drops the tag with a problem, never throws', () => {
    const good = b64(timeSignal([seg({ eventId: 1, typeId: 0x34 })]));
    for (const payload of [badCrc(good), good.slice(0, 20), '!!!not base64', '', '/DA=']) {
      for (const tag of ['#EXT-X-SPLICEPOINT-SCTE35:', '#EXT-OATCLS-SCTE35:']) {
        const r = readCue(tag + payload);
        expect(r?.cue).toBeNull();
        expect(r?.problem?.code).toBe('CUE_SCTE35_INVALID');
      }
    }
  });

  it('EXT-OATCLS-SCTE35 alone reads like SPLICEPOINT (style oatcls)', () => {
    expect(readCueTag('#EXT-OATCLS-SCTE35:/DAnAAAAAAAAAP/wBQb+AA27oAARAg9DVUVJAAAAAX+HCQA0AAE0xUZn')).toMatchObject({ kind: 'out', style: 'oatcls', id: '1' });
    expect(readCueTag('#EXT-OATCLS-SCTE35:/DAnAAAAAAAAAP/wBQb+ADbugAARAg9DVUVJAAAAAX+HCQA1AAA3v5+Q')).toMatchObject({ kind: 'in', style: 'oatcls', id: '1' });
  });

  it('EXT-X-SCTE35 (x9k3): CUE-OUT=YES / CONT and CUE-IN=YES decide, the CUE payload attaches', () => {
    const o = readCueTag('#EXT-X-SCTE35:CUE="/DAvAAAAAAAAAP/wFAUAAAKWf+//4WoauH4BTFYgAAEAAAAKAAhDVUVJAAAAAOv1oqc=" ,CUE-OUT=YES ');
    expect(o).toMatchObject({ kind: 'out', style: 'scte35', duration: 242, id: '662' });
    expect(readCueTag('#EXT-X-SCTE35:CUE="/DAvAAAAAAAAAP/wFAUAAAKWf+//4WoauH4BTFYgAAEAAAAKAAhDVUVJAAAAAOv1oqc=" ,CUE-OUT=CONT')).toMatchObject({ kind: 'continue', style: 'scte35' });
    expect(readCueTag('#EXT-X-SCTE35:CUE="/DAqAAAAAAAAAP/wDwUAAAKWf0//4rZw2AABAAAACgAIQ1VFSQAAAAAtegE5" ,CUE-IN=YES ')).toMatchObject({ kind: 'in', id: '662' });
    expect(readCueTag('#EXT-X-SCTE35:CUE="x",CUE-OUT=YES,DURATION=30,ID="b7"')).toMatchObject({ kind: 'out', duration: 30, id: 'b7' });
  });

  it('EXT-X-SCTE35 / EXT-SCTE35 without CUE-OUT or CUE-IN: the section decides; undecodable, dropped with a problem', () => {
    expect(readCueTag(`#EXT-X-SCTE35:CUE="${b64(spliceInsert({ eventId: 3, out: true, durationTicks: 900000 }))}"`)).toMatchObject({ kind: 'out', duration: 10, id: '3' });
    const grafov = readCue('#EXT-SCTE35: CUE="/DAIAAAAAAAAAAAQAAZ/I0VniQAQAgBDVUVJQAAAAH+cAAAAAA==", ID="123", TIME=123.12');
    expect(grafov?.cue).toBeNull();
    expect(grafov?.problem?.code).toBe('CUE_SCTE35_INVALID');
    expect(readCue('#EXT-X-SCTE35:ID=1')?.problem?.code).toBe('CUE_SCTE35_INVALID');
  });
});
