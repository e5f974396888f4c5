import { describe, expect, it } from 'vitest';
import { readCue, readCueTag } from '../../../src/hls/readCueTag';

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
    ['#EXT-X-CUE-OUT:DURATION=366,ID=16777323,CUE="/DAlAAAENOOQAP/wFAUBAABrf+//N25XDf4B9p/gAAEBAQAAxKni9A=="', 366],
    ['#EXT-X-CUE-OUT:ID=7', null],
  ])('%s → out, duration %s', (line, duration) => {
    expect(readCue(line)).toEqual({ cue: { kind: 'out', duration, tag: line }, problem: null });
  });

  it.each(['#EXT-X-CUE-OUT:INVALID', '#EXT-X-CUE-OUT:PT32S', '#EXT-X-CUE-OUT:DURATION=-5'])('%s → out without duration, and a problem', (line) => {
    const r = readCue(line);
    expect(r?.cue).toEqual({ kind: 'out', duration: null, tag: line });
    expect(r?.problem?.code).toBe('BAD_CUE');
  });

  it.each([
    ['#EXT-X-CUE-OUT-CONT', null, null],
    ['#EXT-X-CUE-OUT-CONT:2/120', 2, 120],
    ['#EXT-X-CUE-OUT-CONT:14.001/120.0', 14.001, 120],
    ['#EXT-X-CUE-OUT-CONT:10/4, SpliceType=VOD_DAI,Action=REPLACE', 10, 4],
    ['#EXT-X-CUE-OUT-CONT: 8.308/30', 8.308, 30],
    ['#EXT-X-CUE-OUT-CONT:ElapsedTime=7.960,Duration=50,SCTE35=/DAlAAAAAAAAAP/wFAUAAAABf+//wpiQkv4ARKogAAEBAQAAQ6sodg==', 7.96, 50],
  ])('%s → continue %s/%s', (line, elapsed, duration) => {
    expect(readCueTag(line)).toEqual({ kind: 'continue', elapsed, duration, tag: line });
  });

  it.each(['#EXT-X-CUE-IN', '#EXT-X-CUE-IN:ID=16777323', '#EXT-X-CUE-IN:4,SpliceType=VOD_DAI'])('%s → in', (line) => {
    expect(readCueTag(line)).toEqual({ kind: 'in', tag: line });
  });

  it('reads Adobe Primetime EXT-X-CUE (Azure Media Services legacy) as out / continue / in', () => {
    const azure = '#EXT-X-CUE:ID="1026",TYPE="scte35",DURATION=30.000000,TIME=1544716520.022760,CUE="/DAlAAAAAAAAAP/wFAUAAAQCf+//KRjAfP4AKTLgAAAAAAAAVYsh2w=="';
    expect(readCueTag(azure)).toEqual({ kind: 'out', duration: 30, tag: azure });
    expect(readCueTag('#EXT-X-CUE:TYPE=SpliceOut,ID=1,TIME=266.198')).toMatchObject({ kind: 'out', duration: null });
    expect(readCueTag('#EXT-X-CUE:DURATION="201.467",ID="0",TYPE="SpliceOut",TIME="414.171"')).toMatchObject({ kind: 'out', duration: 201.467 });
    expect(readCueTag('#EXT-X-CUE:TYPE=SpliceInsert,ID=a1,TIME=10.5')).toMatchObject({ kind: 'out', duration: 0 });
    expect(readCueTag('#EXT-X-CUE:ID="1026",TYPE="scte35",DURATION=30,ELAPSED=6,TIME=1')).toMatchObject({ kind: 'continue', elapsed: 6, duration: 30 });
    expect(readCueTag('#EXT-X-CUE:TYPE=SpliceIn,ID=1,TIME=300')).toMatchObject({ kind: 'in' });
    expect(readCueTag('#EXT-X-CUE-CONT:ID=1,AVAIL-DUR-ELAPSED=5.8')).toMatchObject({ kind: 'continue', elapsed: 5.8 });
  });

  it('is not fooled by other tags', () => {
    for (const line of ['#EXT-X-CUE-SPAN:TIMEFROMSIGNAL=PT10S,ID=16777323', '#EXT-X-CUEOUT:30', '#EXTINF:10,', '#EXT-OATCLS-SCTE35:/DA=', '#EXT-X-DATERANGE:ID="1"']) {
      expect(readCueTag(line)).toBeNull();
    }
  });
});
