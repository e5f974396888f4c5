/**
 * Live tracking JSON (protocols.md §4, §5.1, §5.2; DESIGN invariant 4): times are sums of EXTINF as served to
 * the session from its first served segment, ids are stitched media sequence numbers.
 */
import { describe, expect, it } from 'vitest';
import { parseMedia } from '../../../src/hls/parseMedia';
import type { MediaTailorTracking } from '../../../src/tracking/mediaTailorTypes';
import { buildOrigin, liveWorld, type LiveWorld, type OriginBreak } from './liveHarness';

const fours = (n: number) => Array.from({ length: n }, () => 4);

async function trackingOf(world: LiveWorld): Promise<MediaTailorTracking> {
  const [s] = await world.store.listSessions();
  const res = await world.get(`/v1/tracking/acct/live/${s.id}`);
  expect(res.status).toBe(200);
  return JSON.parse(res.text) as MediaTailorTracking;
}

/** Serve `steps` refreshes of v0; return the stitched segments by msn and the first served msn. */
async function play(world: LiveWorld, v0: string, steps: number, onStep?: (i: number) => Promise<void>) {
  const byMsn = new Map<number, { uri: string; duration: number; pdt: string | null }>();
  let firstMsn: number | null = null;
  for (let i = 0; i < steps; i++) {
    world.edge++;
    const { playlist } = parseMedia((await world.get(v0)).text);
    firstMsn ??= playlist.mediaSequence;
    playlist.segments.forEach((s, k) => byMsn.set(playlist.mediaSequence + k, { uri: s.uri, duration: s.duration, pdt: s.programDateTime }));
    await onStep?.(i);
    await world.clock.advance(4000);
  }
  /** Stitched time of msn: the sum of EXTINF served from the first served segment (§5.1). */
  const timeOf = (msn: number) => { let t = 0; for (let m = firstMsn!; m < msn; m++) t += byMsn.get(m)!.duration; return t; };
  return { byMsn, timeOf };
}

describe('live tracking JSON', () => {
  it('lists a decided break with times on the served timeline and msn ids', async () => {
    const brk: OriginBreak = { start: 10, len: 5, withDuration: true, earlyBy: 0 };
    const world = liveWorld({ origin: buildOrigin(fours(40), [brk]), windowSize: 6, pods: [[[4, 4], [4, 4, 4]]], adsLatency: () => 10 });
    const [v0] = await world.open();
    const { byMsn, timeOf } = await play(world, v0, 12);
    const { avails } = await trackingOf(world);
    expect(avails).toHaveLength(1);
    const [a] = avails;
    const adMsns = [...byMsn.entries()].filter(([, s]) => s.uri.includes('/v1/segment/')).map(([m]) => m).sort((x, y) => x - y);
    expect(a.availId).toBe(String(adMsns[0]));
    expect(a.ads.map((x) => x.adId)).toEqual([String(adMsns[0]), String(adMsns[2])]);
    expect(a.ads.map((x) => x.startTimeInSeconds)).toEqual([timeOf(adMsns[0]), timeOf(adMsns[2])]);
    expect(a.ads.map((x) => x.durationInSeconds)).toEqual([8, 12]);
    expect(a.startTimeInSeconds).toBe(timeOf(adMsns[0]));
    // complete falls on the ad's last segment.
    expect(a.ads[1].trackingEvents.find((e) => e.eventType === 'complete')!.eventId).toBe(String(adMsns[4]));
  });

  it('nothing before the first ad segment is written; the avail leaves once its segments left the window', async () => {
    const world = liveWorld({ origin: buildOrigin(fours(60), [{ start: 10, len: 2, withDuration: true, earlyBy: 0 }]), windowSize: 4, pods: [[[4, 4]]], adsLatency: () => 10 });
    const [v0] = await world.open();
    const counts: number[] = [];
    await play(world, v0, 20, async () => { counts.push((await trackingOf(world)).avails.length); });
    // edge 4..23: the ad's segments (msn 10, 11) are written from edge 10 and leave the 4-segment window at edge 15.
    expect(counts.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(counts.slice(6, 11)).toEqual([1, 1, 1, 1, 1]);
    expect(counts.slice(11)).toEqual(Array(9).fill(0));
  });

  it('an ad cut by an early cue-in lasts what was listed; an ad never listed is left out', async () => {
    // Signalled 40 s, cue-in after 12 s: ad 1 (10 s of 2 s segments) plays whole, ad 2 is cut after one segment.
    const world = liveWorld({ origin: buildOrigin(fours(40), [{ start: 10, len: 3, withDuration: true, earlyBy: 28 }]), windowSize: 6, pods: [[[2, 2, 2, 2, 2], [2, 2, 2, 2, 2], [2, 2]]], adsLatency: () => 10 });
    const [v0] = await world.open();
    const { timeOf } = await play(world, v0, 12);
    const [a] = (await trackingOf(world)).avails;
    expect(a.ads.map((x) => x.durationInSeconds)).toEqual([10, 2]);
    expect(a.ads[1].startTimeInSeconds).toBe(timeOf(Number(a.ads[1].adId)));
  });

  it('availProgramDateTime is the PDT of the first ad segment as served', async () => {
    const world = liveWorld({ origin: buildOrigin(fours(40), [{ start: 10, len: 2, withDuration: true, earlyBy: 0 }]), windowSize: 6, pods: [[[4, 4]]], adsLatency: () => 10, pdt: true });
    const [v0] = await world.open();
    const { byMsn } = await play(world, v0, 10);
    const [a] = (await trackingOf(world)).avails;
    expect(a.availProgramDateTime).toBe(new Date(Date.UTC(2024, 0, 1) + 10 * 4000).toISOString());
    expect(a.ads[0].adProgramDateTime).toBe(a.availProgramDateTime);
    expect(byMsn.get(Number(a.availId))!.uri).toContain('/v1/segment/');
  });

  it('an empty tracking JSON before any media playlist was served', async () => {
    const world = liveWorld({ origin: buildOrigin(fours(40), []), windowSize: 6, pods: [[[4]]], adsLatency: () => 10 });
    await world.open();
    const t = await trackingOf(world);
    expect(t.avails).toEqual([]);
    expect(t.nonLinearAvails).toEqual([]);
  });
});
