/**
 * Issue 5: the sample ADS lists both a muxed TS ladder and a demuxed fMP4 ladder for every ad; decideAvail
 * keeps the one that fits the session's content, and fails open (NO_VARIANT_MATCH, VAST 403) when none does.
 * Against the real demo server over loopback HTTP, as decideAvailDemo.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentShape } from '../../../src/ads/contentShape';
import { decideAvail, type AvailSlot, type DecideArgs } from '../../../src/ads/decideAvail';
import { loadHlsCreative } from '../../../src/ads/loadHlsCreative';
import { effectiveSettings, parseConfig } from '../../../src/session/config';
import type { SessionRecord } from '../../../src/session/sessionRecord';
import { fetchText } from '../../../sw/fetchText';
import { startDemoServer, type DemoServer } from '../../../demo/server/startDemoServer';

let server: DemoServer;
beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });

const session: SessionRecord = {
  id: '1234', uuid: 'u', account: 'a', configName: 'demo', assetPath: 'live/master.m3u8', format: 'hls', reportingMode: 'client',
  playerParams: {}, manifestParams: {}, originParams: {}, overlayAvails: false, userAgent: 'vitest', referer: '', createdAt: 0, lastSeenAt: 0, playlists: null,
};
const replaced: AvailSlot = { index: 0, breakOrdinal: 0, contentTime: 0, originSegment: 0, replaceCount: 1, replacedDuration: 30, signalledDuration: 30 };
const DEMUXED: ContentShape = { container: 'fmp4', demuxedAudio: true };
const MUXED: ContentShape = { container: 'ts', demuxedAudio: false };

function args(adsQuery: string, contentShape: ContentShape | undefined, slate = 'slate/master.m3u8'): DecideArgs {
  const config = parseConfig({
    Name: 'demo', VideoContentSourceUrl: `${server.url}/origin`, AdDecisionServerUrl: `${server.url}/ads/${adsQuery}`,
    SlateAdUrl: `${server.url}/ads/media/${slate}`,
  });
  const settings = effectiveSettings(config);
  return {
    config, settings, session, slot: replaced, scte: {}, asset: {}, deadline: Date.now() + 8000, contentShape,
    deps: { fetchText, now: () => Date.now(), loadSlate: () => loadHlsCreative(fetchText, config.SlateAdUrl!, 3000).catch(() => null) },
  };
}
const rel = (u: string) => u.replace(server.url, '');

describe('loadHlsCreative reads a demuxed creative', () => {
  it('video variants first (video-only, fmp4, with their EXT-X-MAP), then the audio rendition', async () => {
    const rs = await loadHlsCreative(fetchText, `${server.url}/ads/media/ad6/fmp4/master.m3u8`, 3000);
    expect(rs.map((r) => [rel(r.playlistUrl), r.mediaType ?? null, r.container, !!r.videoOnly, !!r.audioOnly])).toEqual([
      ['/ads/media/ad6/fmp4/360p/index.m3u8', null, 'fmp4', true, false],
      ['/ads/media/ad6/fmp4/180p/index.m3u8', null, 'fmp4', true, false],
      ['/ads/media/ad6/fmp4/audio/index.m3u8', 'AUDIO', 'fmp4', false, true],
    ]);
    expect(rs[2].groupId).toBe('audio');
    for (const r of rs) {
      expect(r.segments).toHaveLength(3);
      expect(rel(r.segments[0].map!.uri)).toBe(rel(r.playlistUrl).replace('index.m3u8', 'init.mp4'));
    }
  });

  it('the muxed TS creative: ts, neither audio- nor video-only', async () => {
    const rs = await loadHlsCreative(fetchText, `${server.url}/ads/media/ad6/master.m3u8`, 3000);
    expect(rs.map((r) => [r.container, r.mediaType, r.videoOnly, r.audioOnly])).toEqual([['ts', undefined, undefined, undefined], ['ts', undefined, undefined, undefined]]);
  });
});

describe('decideAvail chooses the ladder that fits the content', () => {
  it('demuxed fMP4 content gets the fMP4 ladder with its audio rendition', async () => {
    const { avail, errorBeacons } = await decideAvail(args('vast?pod=2&sid=s', DEMUXED));
    expect(avail.failure).toBeNull();
    expect(avail.ads).toHaveLength(2);
    for (const ad of avail.ads) {
      expect(ad.renditions.every((r) => r.container === 'fmp4' && /\/fmp4\//.test(r.playlistUrl))).toBe(true);
      expect(ad.renditions.filter((r) => r.mediaType === 'AUDIO')).toHaveLength(1);
      expect(ad.renditions[0].mediaType).toBeUndefined();
    }
    expect(errorBeacons).toEqual([]);
    // The demo slate is TS only: it does not fit, so the rest of the break plays content rather than broken slate.
    expect(avail.slate).toBeNull();
  });

  it('demuxed content takes a slate whose ladder fits', async () => {
    const { avail } = await decideAvail(args('vast?pod=1&sid=s', DEMUXED, 'slate/fmp4/master.m3u8'));
    expect(avail.slate?.renditions.map((r) => r.mediaType ?? 'video')).toEqual(['video', 'video', 'AUDIO']);
  });

  it('muxed TS content keeps the TS ladder and the TS slate', async () => {
    const { avail } = await decideAvail(args('vast?pod=2&sid=s', MUXED));
    for (const ad of avail.ads) expect(ad.renditions.map((r) => rel(r.playlistUrl))).toEqual([`/ads/media/${ad.vastAdId.split('-').pop()}/360p/index.m3u8`, `/ads/media/${ad.vastAdId.split('-').pop()}/180p/index.m3u8`]);
    expect(avail.slate?.renditions.every((r) => r.container === 'ts')).toBe(true);
  });

  it('no shape given: the best-ranked ladder as before (the TS one)', async () => {
    const { avail } = await decideAvail(args('vast?pod=1&sid=s', undefined));
    expect(avail.ads[0].renditions.every((r) => r.container === 'ts')).toBe(true);
  });

  it('no ladder fits: each ad is skipped with NO_VARIANT_MATCH, its Error URL fires with 403, the break plays content', async () => {
    const { avail, errorBeacons } = await decideAvail(args('vast?pod=2&sid=s', { container: 'ts', demuxedAudio: true }));
    expect(avail.ads).toEqual([]);
    expect(avail.failure).toBe('no ad could be stitched');
    expect(avail.skipped.map((s) => s.reason)).toEqual(['NO_VARIANT_MATCH', 'NO_VARIANT_MATCH']);
    expect(errorBeacons.map((b) => [rel(b.url), b.errorCode])).toEqual([
      ['/beacons/error?ad=s-a0-1-ad6&code=[ERRORCODE]', 403], ['/beacons/error?ad=s-a0-2-ad10&code=[ERRORCODE]', 403],
    ]);
  });
});

describe('skips are recorded in response order, whichever ladder loads first', () => {
  it('the first ad\'s ladder answering last still comes first in skipped and in the Error URLs', async () => {
    const a = args('vast?pod=2&sid=s', { container: 'ts', demuxedAudio: true });
    // The network boundary: the first ad's ladders answer 100 ms after the second's.
    a.deps = { ...a.deps, loadCreative: async (_f, url, t) => { if (url.includes('/ad6/')) await new Promise((r) => setTimeout(r, 100)); return loadHlsCreative(fetchText, url, t); } };
    const { avail, errorBeacons } = await decideAvail(a);
    expect(avail.skipped.map((s) => s.vastAdId)).toEqual(['s-a0-1-ad6', 's-a0-2-ad10']);
    expect(errorBeacons.map((b) => rel(b.url))).toEqual(['/beacons/error?ad=s-a0-1-ad6&code=[ERRORCODE]', '/beacons/error?ad=s-a0-2-ad10&code=[ERRORCODE]']);
  });
});
