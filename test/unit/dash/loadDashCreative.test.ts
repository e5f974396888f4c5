/**
 * DASH creatives read into renditions (issue 7 item 2): video per Representation first, then audio, absolute
 * segment URLs with durations, the init segment, PTO = the first segment's time, and the fields contentShape.ts
 * and closestRendition judge by. SegmentList creatives are read too; a creative with nothing addressable is refused.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fittingRenditions } from '../../../src/ads/contentShape';
import { dashCreativeRenditions } from '../../../src/dash/loadDashCreative';
import { dashContentShape } from '../../../src/dash/planDashVod';

const FIX = path.resolve(__dirname, '../../fixtures/dash');
const AD = readFileSync(path.join(FIX, 'ad.mpd'), 'utf8');

describe('dashCreativeRenditions', () => {
  it('reads a SegmentTemplate + SegmentTimeline creative', () => {
    const r = dashCreativeRenditions(AD, 'https://ads.example/ad6/manifest.mpd');
    expect(r.map((x) => [x.dash!.kind, x.width ?? null, x.bandwidth, x.container, x.mediaType ?? null])).toEqual([
      ['video', 640, 400000, 'fmp4', null], ['video', 320, 120000, 'fmp4', null], ['audio', null, 64000, 'fmp4', 'AUDIO'],
    ]);
    expect(r[0].segments.map((s) => [s.uri, s.duration])).toEqual([0, 1, 2].map((n) => [`https://ads.example/ad6/360p/seg_00${n}.m4s`, 2]));
    expect(r[0].segments[0].map).toEqual({ uri: 'https://ads.example/ad6/360p/init.mp4' });
    expect(r[0].dash!.firstTime).toBe(1024);
    expect(r[0].dash!.template!.timeline).toEqual([{ t: 1024, d: 24576, r: 2 }]);
    expect(r[2].segments.map((s) => s.duration)).toEqual([2, 2, 2]);
    // Demuxed fMP4 content takes it; muxed TS content does not (NO_VARIANT_MATCH upstream).
    expect(fittingRenditions({ container: 'fmp4', demuxedAudio: true }, r)).toHaveLength(3);
    expect(fittingRenditions({ container: 'ts', demuxedAudio: false }, r)).toEqual([]);
  });

  it('reads a SegmentList creative, and refuses what is not an MPD or has nothing addressable', () => {
    const list = `<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT4S"><Period>
      <AdaptationSet mimeType="video/mp4"><Representation id="v" bandwidth="1000" width="640" height="360">
        <SegmentList timescale="1000" duration="2000"><Initialization sourceURL="init.mp4"/><SegmentURL media="a.m4s"/><SegmentURL media="b.m4s"/></SegmentList>
      </Representation></AdaptationSet></Period></MPD>`;
    const r = dashCreativeRenditions(list, 'https://ads.example/x/m.mpd');
    expect(r[0].segments.map((s) => [s.uri, s.duration])).toEqual([['https://ads.example/x/a.m4s', 2], ['https://ads.example/x/b.m4s', 2]]);
    expect(r[0].dash!.template).toBeNull();
    expect(() => dashCreativeRenditions('<VAST/>', 'https://ads.example/x.mpd')).toThrow(/not an MPD/);
    expect(() => dashCreativeRenditions('<MPD><Period><AdaptationSet mimeType="text/vtt"/></Period></MPD>', 'https://ads.example/x.mpd')).toThrow(/no video or audio/);
  });

  it('dashContentShape: fMP4 with its own audio AdaptationSet is demuxed', () => {
    expect(dashContentShape(readFileSync(path.join(FIX, 'content.mpd'), 'utf8'))).toEqual({ container: 'fmp4', demuxedAudio: true });
  });
});
