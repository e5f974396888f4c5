/**
 * The demo tool's pure parts (no DOM): the picker's query round trip, the editor's reading of its text, and
 * which overlays a tracking answer gives when.
 */
import { describe, expect, it } from 'vitest';
import { choiceOf, queryOf } from '../../../demo/streamPicker';
import { readConfigText } from '../../../demo/configEditor';
import { overlaysOf } from '../../../demo/overlayAds';
import { firstMediaPlaylist } from '../../../demo/manifestPanel';
import type { MediaTailorAvail, MediaTailorNonLinearAd } from '../../../src/tracking/mediaTailorTypes';

describe('stream picker query', () => {
  it('writes what the page reads, keeps parameters it does not own, drops defaults', () => {
    const current = new URLSearchParams('hls.liveSyncDurationCount=8&origin.speed=4&ads.pod=9&ads.durations=6');
    const q = queryOf({ stream: 'hls-live', cue: 'daterange', variant: 'demuxed', mode: 'client', dialect: 'mediatailor', config: 'demo', pod: '2', skip: '5', companion: true, overlay: true }, current);
    expect(Object.fromEntries(q)).toEqual({
      'hls.liveSyncDurationCount': '8', 'origin.speed': '4', 'ads.durations': '6', stream: 'live/master.m3u8', 'origin.cue': 'daterange',
      'origin.variant': 'demuxed', mode: 'client', 'ads.pod': '2', 'ads.skip': '5', 'ads.companion': '1', 'ads.nonlinear': '1', overlays: 'on',
    });
    expect(choiceOf(q)).toEqual({ stream: 'hls-live', cue: 'daterange', variant: 'demuxed', mode: 'client', dialect: 'mediatailor', config: 'demo', pod: '2', skip: '5', companion: true, overlay: true });
    const vod = queryOf({ ...choiceOf(new URLSearchParams()), config: 'mine', dialect: 'streampackage' }, new URLSearchParams('origin.cue=oatcls'));
    expect(vod.toString()).toBe('dialect=streampackage&config=mine');
  });
});

describe('configuration editor text', () => {
  it('a JSON object passes; empty, broken or non-object JSON says what is wrong', () => {
    expect(readConfigText('{"Name":"x"}')).toEqual({ value: { Name: 'x' } });
    expect(readConfigText('  ')).toEqual({ error: expect.stringMatching(/empty/) });
    expect(readConfigText('{"Name": ')).toEqual({ error: expect.stringMatching(/^Not JSON: /) });
    expect(readConfigText('[1]')).toEqual({ error: expect.stringMatching(/must be an object/) });
  });
});

describe('overlaysOf', () => {
  const nl = (over: Partial<MediaTailorNonLinearAd>): MediaTailorNonLinearAd => ({
    adId: 'n', adParameters: null, adSystem: '', adTitle: 'o', apiFramework: null, clickThrough: null, clickTracking: null, clickTrackingId: null,
    creativeAdId: '', creativeId: '', creativeSequence: '', duration: null, durationInSeconds: 0, expandedHeight: null, expandedWidth: null, height: null,
    htmlResource: null, iFrameResource: null, maintainAspectRatio: true, minSuggestedDuration: null, scalable: true, staticResource: 'https://x/o.png',
    staticResourceCreativeType: null, width: null, ...over,
  });
  const avail = (id: string, start: number, list: MediaTailorNonLinearAd[]) => ({
    availId: id, startTimeInSeconds: start, nonLinearAdsList: [{ extensions: [], nonLinearAdList: list, trackingEvents: [] }],
  }) as unknown as MediaTailorAvail;

  it('overlay breaks and linear breaks, each for its duration, else minSuggestedDuration, else 10 s; no resource, no overlay', () => {
    const o = overlaysOf({
      nonLinearAvails: [avail('ov', 10, [nl({ minSuggestedDuration: '00:00:07' })])],
      avails: [avail('lin', 30, [nl({ durationInSeconds: 4 }), nl({ staticResource: null })]), avail('lin2', 0, [nl({})])],
    });
    expect(o.map((x) => [x.key, x.start, x.end])).toEqual([['linear:lin2:0:0', 0, 10], ['overlay:ov:0:0', 10, 17], ['linear:lin:0:0', 30, 34]]);
  });
});

describe('firstMediaPlaylist', () => {
  it('the first variant, resolved; null for a media playlist', () => {
    expect(firstMediaPlaylist('#EXTM3U\n#EXT-X-MEDIA:TYPE=SUBTITLES,URI="s.m3u8"\n#EXT-X-STREAM-INF:BANDWIDTH=1\n\nlo/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=2\nhi.m3u8\n', 'http://o/vod/master.m3u8')).toBe('http://o/vod/lo/index.m3u8');
    expect(firstMediaPlaylist('#EXTM3U\n#EXTINF:2,\na.ts\n', 'http://o/x.m3u8')).toBeNull();
  });
});
