import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findBreaks } from '../../../src/hls/findBreaks';
import { parseMedia } from '../../../src/hls/parseMedia';
import { readCue, type Cue } from '../../../src/hls/readCueTag';
import { hlsCueAttach } from '../../../src/scte35/hlsCueAttach';
import { hlsCueSignal, isContainerStart, isInnerSignal } from '../../../src/scte35/hlsCueSignal';
import type { SpliceInfoSection } from '../../../src/scte35/types';
import { corpusText } from '../hls/corpus';
import { b64, hex, seg, spliceInsert, spliceNull, timeSignal } from '../../fixtures/breaks/sections';

describe('hlsCueSignal: what a section says about a break (SCTE 35 2023 §9.7.3, §9.7.4, Table 23)', () => {
  it('splice_insert: out / in by out_of_network_indicator, its event id and break_duration; cancelled = none', () => {
    expect(hlsCueSignal(spliceInsert({ eventId: 4, out: true, durationTicks: 900 }))).toMatchObject({ kind: 'out', eventId: 4, durationTicks: 900 });
    expect(hlsCueSignal(spliceInsert({ eventId: 4, out: false }))).toMatchObject({ kind: 'in', eventId: 4, durationTicks: null });
    const cancelled = { ...spliceInsert({ eventId: 4, out: true }), splice_command: { splice_event_id: 4, splice_event_cancel_indicator: true } } as SpliceInfoSection;
    expect(hlsCueSignal(cancelled).kind).toBe('none');
  });

  it('time_signal: a start descriptor wins over an end, an end over others; cancelled descriptors do not count', () => {
    expect(hlsCueSignal(timeSignal([seg({ eventId: 1, typeId: 0x35 }), seg({ eventId: 2, typeId: 0x34, durationTicks: 10 })]))).toMatchObject({ kind: 'out', eventId: 2, durationTicks: 10 });
    expect(hlsCueSignal(timeSignal([seg({ eventId: 1, typeId: 0x10 }), seg({ eventId: 3, typeId: 0x23 })]))).toMatchObject({ kind: 'in', eventId: 3 });
    expect(hlsCueSignal(timeSignal([seg({ eventId: 1, typeId: 0x10 })]))).toMatchObject({ kind: 'none', eventId: 1 });
    expect(hlsCueSignal(timeSignal([seg({ eventId: 1, typeId: 0x34, cancel: true })])).kind).toBe('unknown');
    expect(hlsCueSignal(timeSignal([])).kind).toBe('unknown');
    expect(hlsCueSignal(spliceNull()).kind).toBe('unknown');
  });

  it('the caller picks the type set (DASH accepts fewer starts)', () => {
    const overlay = timeSignal([seg({ eventId: 1, typeId: 0x38 })]);
    expect(hlsCueSignal(overlay).kind).toBe('out');
    expect(hlsCueSignal(overlay, new Set([0x22, 0x30, 0x32, 0x34, 0x36]), new Set([0x23])).kind).toBe('none');
  });

  it('containers and their parts', () => {
    expect([0x22, 0x44, 0x46, 0x30, 0x34, null].map(isContainerStart)).toEqual([true, true, true, false, false, false]);
    expect([isInnerSignal('out', 0x30), isInnerSignal('out', 0x3a), isInnerSignal('in', 0x35), isInnerSignal('out', 0x31), isInnerSignal('in', 0x23), isInnerSignal('out', null)]).toEqual([true, true, true, false, false, false]);
  });
});

describe('parseMedia: which cue lines stay, which the model holds', () => {
  it('EXT-X-DATERANGE, SPLICEPOINT, SCTE35 and OATCLS lines stay in tagLines; EXT-X-CUE-* lines do not; every cue is a signal', () => {
    const dr = `#EXT-X-DATERANGE:ID="a",SCTE35-OUT=${hex(spliceInsert({ eventId: 1, out: true }))}`;
    const sp = `#EXT-X-SPLICEPOINT-SCTE35:${b64(spliceInsert({ eventId: 2, out: true }))}`;
    const { playlist } = parseMedia(['#EXTM3U', '#EXT-X-TARGETDURATION:4', dr, '#EXT-X-CUE-OUT:4', sp, '#EXTINF:4,', 'a.ts'].join('\n'));
    const s = playlist.segments[0];
    expect(s.tagLines).toEqual([dr, sp]);
    expect(s.cues.map((c) => c.tag)).toEqual(['#EXT-X-CUE-OUT:4']);
    expect(s.signals.map((c) => c.style)).toEqual(['daterange', 'cueout', 'splicepoint']);
    expect(s.signals[1]).toBe(s.cues[0]);
  });

  it('a cue tag ends the header, whichever family (threefive: OATCLS right after the header tags)', () => {
    const { playlist } = parseMedia(corpusText('threefive/simple-scte35.m3u8'));
    expect(playlist.headerLines.some((l) => l.startsWith('#EXT-OATCLS'))).toBe(false);
    expect(playlist.segments[0].tagLines[0]).toMatch(/^#EXT-OATCLS-SCTE35:/);
    expect(playlist.segments[0].signals.map((c) => [c.style, c.kind])).toEqual([['cueout', 'out']]);
  });

  it('a dropped cue tag (undecodable OATCLS) is kept as a line, recorded as a problem, not a signal', () => {
    const { playlist, problems } = parseMedia(['#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXTINF:4,', 'a.ts', '#EXT-OATCLS-SCTE35:####', '#EXTINF:4,', 'b.ts'].join('\n'));
    expect(playlist.segments[1].tagLines).toEqual(['#EXT-OATCLS-SCTE35:####']);
    expect(playlist.segments[1].signals).toEqual([]);
    expect(problems.map((p) => [p.code, p.line])).toEqual([['CUE_SCTE35_INVALID', 5]]);
  });

  it('trailing cues: owned ones in trailingCues, every one in trailingSignals, kept lines in trailingLines', () => {
    const dr = `#EXT-X-DATERANGE:ID="z",SCTE35-IN=${hex(spliceInsert({ eventId: 1, out: false }))}`;
    const { playlist } = parseMedia(['#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXTINF:4,', 'a.ts', '#EXT-X-CUE-IN', dr, '#EXT-X-ENDLIST'].join('\n'));
    expect(playlist.trailingCues.map((c) => c.tag)).toEqual(['#EXT-X-CUE-IN']);
    expect(playlist.trailingSignals.map((c) => c.style)).toEqual(['cueout', 'daterange']);
    expect(playlist.trailingLines).toEqual([dr]);
  });
});

describe('hlsCueAttach: EXT-OATCLS-SCTE35 beside an EXT-X-CUE-* tag', () => {
  const cue = (line: string) => readCue(line)!.cue!;
  const oatOut = `#EXT-OATCLS-SCTE35:${b64(spliceInsert({ eventId: 3, out: true }))}`;
  const oatIn = `#EXT-OATCLS-SCTE35:${b64(spliceInsert({ eventId: 3, out: false }))}`;

  it('goes to the cue of the same kind, and is not listed again', () => {
    const block: Cue[] = [cue(oatOut), cue('#EXT-X-CUE-OUT:30')];
    const out = hlsCueAttach(block);
    expect(out.map((c) => c.style)).toEqual(['cueout']);
    expect(out[0].scte35).toBe(block[0].scte35);
    const inBlock = hlsCueAttach([cue(oatIn), cue('#EXT-X-CUE-IN')]);
    expect(inBlock.map((c) => [c.style, c.kind, c.scte35 !== undefined])).toEqual([['cueout', 'in', true]]);
  });

  it('does not replace a payload the cue already has; is still not counted', () => {
    const own = cue('#EXT-X-CUE-OUT:DURATION=30,CUE="/DAlAAAENOOQAP/wFAUBAABrf+//N25XDf4B9p/gAAEBAQAAxKni9A=="');
    const before = own.scte35;
    expect(hlsCueAttach([cue(oatOut), own])).toEqual([own]);
    expect(own.scte35).toBe(before);
  });

  it('stands alone without an EXT-X-CUE-* tag in its block; other styles are left alone', () => {
    const alone = [cue(oatOut)];
    expect(hlsCueAttach(alone)).toBe(alone);
    const mixed = [cue(oatOut), cue(`#EXT-X-SPLICEPOINT-SCTE35:${b64(spliceInsert({ eventId: 4, out: true }))}`)];
    expect(hlsCueAttach(mixed)).toBe(mixed);
  });
});

describe('cue tags never throw (fail open, DESIGN.md invariant 6)', () => {
  const prefixes = ['#EXT-X-CUE-OUT:', '#EXT-X-CUE-OUT-CONT:', '#EXT-X-CUE-IN:', '#EXT-X-CUE:', '#EXT-X-DATERANGE:ID="x",SCTE35-OUT=', '#EXT-X-DATERANGE:SCTE35-IN=0x',
    '#EXT-X-DATERANGE:ID="y",SCTE35-CMD=0xFC', '#EXT-X-SPLICEPOINT-SCTE35:', '#EXT-OATCLS-SCTE35:/DA', '#EXT-X-SCTE35:CUE="', '#EXT-SCTE35:', '#EXT-X-CUE-OUT-CONT:SCTE35='];
  const validPayload = b64(timeSignal([seg({ eventId: 1, typeId: 0x34 })]));

  it('readCue on any value after a cue tag name returns a reading, never throws', () => {
    fc.assert(fc.property(fc.constantFrom(...prefixes), fc.string({ maxLength: 80 }), (prefix, rest) => {
      expect(readCue(prefix + rest)).not.toBeNull();
    }), { numRuns: 3000 });
  });

  it('payload bytes flipped at random: a reading, the cue kept or dropped with a problem', () => {
    fc.assert(fc.property(fc.nat(validPayload.length - 3), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'), (at, ch) => {
      const payload = validPayload.slice(0, at) + ch + validPayload.slice(at + 1);
      const r = readCue(`#EXT-X-SPLICEPOINT-SCTE35:${payload}`)!;
      if (r.cue === null) expect(r.problem === null || r.problem.code === 'CUE_SCTE35_INVALID').toBe(true);
      else expect(r.cue.scte35).toBeDefined();
    }), { numRuns: 2000 });
  });

  it('playlists of random cue tags: parseMedia and findBreaks hold their shape', () => {
    const tag = fc.oneof(
      fc.constantFrom('#EXT-X-CUE-OUT', '#EXT-X-CUE-OUT:8', '#EXT-X-CUE-OUT:0', '#EXT-X-CUE-IN', '#EXT-X-CUE-OUT-CONT:4/8', `#EXT-OATCLS-SCTE35:${validPayload}`,
        `#EXT-X-SPLICEPOINT-SCTE35:${validPayload}`, `#EXT-X-SPLICEPOINT-SCTE35:${b64(timeSignal([seg({ eventId: 1, typeId: 0x35 })]))}`,
        `#EXT-X-DATERANGE:ID="a",PLANNED-DURATION=8,SCTE35-OUT=${hex(spliceInsert({ eventId: 1, out: true }))}`, `#EXT-X-DATERANGE:ID="a",SCTE35-IN=0x`),
      fc.string({ maxLength: 20 }).map((s) => `#EXT-X-SCTE35:CUE="${s}",CUE-OUT=YES`),
    );
    const block = fc.tuple(fc.array(tag, { maxLength: 3 }), fc.constantFrom('4', '4.004', '0'));
    fc.assert(fc.property(fc.array(block, { maxLength: 25 }), fc.array(tag, { maxLength: 2 }), fc.boolean(), (blocks, trailing, vod) => {
      const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:4'];
      blocks.forEach(([tags, d], i) => lines.push(...tags, `#EXTINF:${d},`, `s${i}.ts`));
      lines.push(...trailing);
      if (vod) lines.push('#EXT-X-ENDLIST');
      const { playlist } = parseMedia(lines.join('\n'));
      const { breaks } = findBreaks(playlist);
      const n = playlist.segments.length;
      breaks.forEach((b, i) => {
        expect(b.ordinal).toBe(i);
        expect(b.startSegment).toBeLessThanOrEqual(n);
        if (b.endSegment !== null) expect(b.endSegment).toBeGreaterThanOrEqual(b.startSegment);
        if (vod) expect(b.endSegment).not.toBeNull();
        if (i > 0) expect(b.startSegment).toBeGreaterThan(breaks[i - 1].startSegment);
      });
    }), { numRuns: 1500 });
  });
});
