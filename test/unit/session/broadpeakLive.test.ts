/**
 * The broadpeak.io Session Tracking JSON for a live session (protocols.md §16): pods in wall-clock ms from the
 * origin's PROGRAM-DATE-TIME, growing at the live edge while their break runs, listed over the whole window
 * and gone once their segments have left it. Real engine, real demo live simulator over loopback HTTP, real
 * IndexedDB store; the clock (Date only) is moved by the test so the simulator's window moves step by step.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEngine, type Engine } from '../../../src/session/engine';
import type { Store } from '../../../src/session/ports';
import { parseConfig } from '../../../src/session/config';
import type { BroadpeakTracking } from '../../../src/tracking/buildBroadpeakTracking';
import { createIdbStore } from '../../../sw/idbStore';
import { recordingPorts, type Recorded } from './enginePorts';
import { startDemoServer } from '../../../demo/server/startDemoServer';

let server: { url: string; close(): Promise<void> | void };
let store: Store;
let rec: Recorded;
let engine: Engine;
/** Epoch ms of the simulator's stream time 0 (its `t0`), a whole second so the PDTs are exact. */
const T0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;

async function get(path: string): Promise<{ status: number; body: string; headers: Record<string, string> }> {
  const r = await engine.handle({ method: 'GET', url: path.startsWith('http') ? path : `http://localhost${path}`, headers: {}, body: async () => '' });
  if (!r || r.response.kind !== 'body') throw new Error(`unexpected answer for ${path}`);
  await Promise.allSettled(r.background);
  return { status: r.response.status, body: r.response.body, headers: r.response.headers };
}

/** Move the clock to stream time `s` seconds. */
const at = (s: number) => vi.setSystemTime(T0 + s * 1000);

beforeEach(async () => {
  // The simulator reads the clock it sees when it is created: the fake one (Date only; timers stay real).
  vi.useFakeTimers({ toFake: ['Date'] });
  at(0);
  server = await startDemoServer({ port: 0 });
  store = createIdbStore();
  rec = { adsRequests: [], delivered: [], logs: [] };
  engine = createEngine(recordingPorts(store, rec), { scope: '/' });
  await store.putConfig(parseConfig({
    Name: 'live', VideoContentSourceUrl: `${server.url}/origin`,
    AdDecisionServerUrl: `${server.url}/ads/vast?pod=[player_params.pod]&durations=6&avail=[avail.index]`,
    SlateAdUrl: `${server.url}/ads/media/slate/master.m3u8`,
  }));
});
afterEach(async () => { await server.close(); vi.useRealTimers(); });

/** Open a session at stream time `s` through the 307; the simulator's breaks are 16 s long at 10, 40, 70, 100 ... s. */
async function open(s: number): Promise<string> {
  at(s);
  const r = await get(`/v1/bpk/live/live/master.m3u8?t0=${T0}&ads.pod=2`);
  expect(r.status).toBe(307);
  return r.headers.Location;
}

async function bkml(location: string, v = '1.0'): Promise<BroadpeakTracking> {
  const r = await get(`${location}&bk-ml=${v}`);
  expect(r.status).toBe(200);
  return JSON.parse(r.body) as BroadpeakTracking;
}

describe('broadpeak.io: Session Tracking API, live (protocols.md §16)', () => {
  it('a pod grows at the live edge, stays while in the window, and goes when its segments have left it', async () => {
    const location = await open(66);
    const master = await get(location);
    const variant = master.body.split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
    const refresh = async (s: number) => { at(s); expect((await get(variant)).status).toBe(200); };
    await refresh(66);
    // Breaks of the first window (at 10 s and 40 s) were never served as content, so they may be stitched; the
    // break at 70 s has not begun.
    const before = await bkml(location);
    expect(before.adpods.every((p) => p.starttime_ms < T0 + 66_000)).toBe(true);
    const pod70 = (t: BroadpeakTracking) => t.adpods.find((p) => p.starttime_ms === T0 + 70_000);
    expect(pod70(before)).toBeUndefined();

    // 72 s: the break at 70 s has begun; the first ad's first segment is listed, the second ad not yet.
    await refresh(68); await refresh(70); await refresh(72);
    let t = await bkml(location);
    const pod = pod70(t)!;
    // Pods are in time order, the newest last; the earlier ones are still listed.
    expect(t.adpods[t.adpods.length - 1]).toBe(pod);
    for (const p of before.adpods) expect(t.adpods.map((x) => x.id)).toContain(p.id);
    expect(pod.ads.map((a) => [a.starttime_ms, a.duration_ms])).toEqual([[T0 + 70_000, 6000]]);
    expect(pod.starttime_ms).toBe(T0 + 70_000);
    expect(pod.ads[0].trackers.find((x) => x.event === 'midpoint')!.starttime_ms).toBe(T0 + 73_000);
    // The live refresh delay is the simulator's target duration (2 s segments).
    expect(t.refresh_delay_ms).toBe(2000);

    // 78 s: the second ad's first segment is listed: the pod has grown.
    for (let s = 74; s <= 78; s += 2) await refresh(s);
    t = await bkml(location);
    expect(pod70(t)!.id).toBe(pod.id);
    expect(pod70(t)!.ads.map((a) => [a.adid === 'SLATE', a.starttime_ms, a.duration_ms])).toEqual([[false, T0 + 70_000, 6000], [false, T0 + 76_000, 6000]]);

    // 88 s: the break (16 s) has ended; the 12 s of ads were followed by 4 s of slate.
    for (let s = 80; s <= 88; s += 2) await refresh(s);
    t = await bkml(location);
    const ended = pod70(t)!;
    expect(ended.ads.map((a) => [a.adid === 'SLATE', a.starttime_ms, a.duration_ms])).toEqual([
      [false, T0 + 70_000, 6000], [false, T0 + 76_000, 6000], [true, T0 + 82_000, 4000],
    ]);
    expect(ended.duration_ms).toBe(16_000);
    // One ADS request per break, however often the JSON and the playlists were asked for.
    const avails = rec.adsRequests.map((u) => new URL(u).searchParams.get('avail'));
    expect(new Set(avails).size).toBe(avails.length);

    // A restarted worker answers the same.
    engine = createEngine(recordingPorts(store, rec), { scope: '/' });
    expect(await bkml(location)).toEqual(t);

    // The whole DVR window (60 s): still listed at 140 s (window 80..140 s holds its last segments) ...
    for (let s = 90; s <= 140; s += 10) await refresh(s);
    const asked = rec.adsRequests.length;
    const late = await bkml(location);
    expect(rec.adsRequests.length).toBe(asked);
    expect(late.adpods.map((p) => p.id)).toContain(pod.id);
    // ... and gone once all of them have left the window.
    await refresh(150);
    expect((await bkml(location)).adpods.map((p) => p.id)).not.toContain(pod.id);
  });

  it('bk-ml=2.0 before any manifest starts a live session; its breaks are only asked for when they appear', async () => {
    const location = await open(60);
    const first = await bkml(location, '2.0');
    expect(first.adpods).toEqual([]);
    expect(rec.adsRequests).toEqual([]);
    const master = await get(location);
    expect(master.body).toContain('#EXT-X-STREAM-INF');
  });
});
