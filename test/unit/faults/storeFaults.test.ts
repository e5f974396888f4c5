/**
 * Fault injection at the engine (issue 9 item 3): IndexedDB full mid-session (every write rejects with
 * QuotaExceededError, reads still work, as in Chromium over its quota). The engine fails open (invariant 6):
 * media playlists and ad segments are still served, and the beacons it cannot record in the once-ledger are not
 * fired (without the ledger a refetch would fire them again: never doubled); a session whose plan could not be
 * stored plays content without ads.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/session/engine';
import { parseConfig } from '../../../src/session/config';
import type { Store } from '../../../src/session/ports';
import { createIdbStore } from '../../../sw/idbStore';
import { recordingPorts } from '../session/enginePorts';
import { startDemoServer } from '../../../demo/server/startDemoServer';

let server: { url: string; close(): Promise<void> | void };
beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });

const WRITES = ['putConfig', 'putSession', 'putPlan', 'enqueueBeacons', 'claimOnce', 'putLiveTimeline', 'deleteSession', 'putPrefetch', 'putPrefetchSchedule'] as const;

/** The real store, whose writes reject while `full.on` is set, or whose writes named in `full.only` do. */
function fillableStore(): { store: Store; full: { on: boolean; only?: string } } {
  const real = createIdbStore();
  const full: { on: boolean; only?: string } = { on: false };
  const store = { ...real } as Store;
  for (const w of WRITES) {
    const f = real[w] as (...a: unknown[]) => Promise<unknown>;
    (store as unknown as Record<string, unknown>)[w] = (...a: unknown[]) => (full.on || full.only === w ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : f.apply(real, a));
  }
  return { store, full };
}

async function setup() {
  const { store, full } = fillableStore();
  const rec = { adsRequests: [] as string[], delivered: [] as string[], logs: [] as string[] };
  const clock = { skew: 0 };
  const engine = createEngine({ ...recordingPorts(store, rec), now: () => Date.now() + clock.skew }, { scope: '/' });
  await store.putConfig(parseConfig({
    Name: 'demo', VideoContentSourceUrl: `${server.url}/origin`, AdDecisionServerUrl: `${server.url}/ads/vast?pod=1&sid=[session.id]&avail=[avail.index]`,
  }));
  const call = async (path: string, method = 'GET', body = '') => {
    const r = await engine.handle({ method, url: `http://localhost${path}`, headers: {}, body: async () => body });
    if (!r) throw new Error(`${path}: not handled`);
    await Promise.allSettled(r.background);
    return r.response;
  };
  const open = async () => {
    const r = await call('/v1/session/a/demo/vod/master.m3u8', 'POST', JSON.stringify({ reportingMode: 'server' }));
    if (r.kind !== 'body') throw new Error('no session');
    return JSON.parse(r.body) as { manifestUrl: string };
  };
  return { call, open, full, rec, clock };
}

const bodyOf = (r: { kind: string; body?: string }) => (r.kind === 'body' ? r.body! : '');

describe('fault injection: IndexedDB full', () => {
  it('after the plan is stored: playlists and ad segments are still served; unrecordable beacons are not fired', async () => {
    const { call, open, full, rec, clock } = await setup();
    const s = await open();
    const master = await call(s.manifestUrl);
    const media = bodyOf(master).split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
    expect(bodyOf(await call(media))).toContain('/v1/segment/');
    full.on = true;
    // Two minutes on: the engine wants to write the session's lastSeenAt again (engine.ts SEEN_WRITE_MS), and cannot.
    clock.skew = 120_000;
    const later = await call(media);
    expect(later).toMatchObject({ kind: 'body', status: 200 });
    const segs = bodyOf(later).split('\n').filter((l) => l.startsWith('/v1/segment/') && l.includes('.ts'));
    expect(segs.length).toBeGreaterThan(0);
    for (const seg of segs) expect((await call(seg)).kind, seg).toBe('proxy');
    expect(rec.delivered).toEqual([]);
    expect(rec.logs.some((l) => l.startsWith('error: beacons not recorded, not fired'))).toBe(true);
    expect(rec.logs.some((l) => l.startsWith('warn: session write failed'))).toBe(true);
    // Space again: the same segments now record and fire their beacons, once.
    full.on = false;
    for (const seg of segs) await call(seg);
    const first = rec.delivered.length;
    expect(first).toBeGreaterThan(0);
    for (const seg of segs) await call(seg);
    expect(rec.delivered.length).toBe(first);
  });

  it('when the plan cannot be stored: the session plays content without ads', async () => {
    const { call, open, full } = await setup();
    full.only = 'putPlan';
    const s = await open();
    const media = bodyOf(await call(s.manifestUrl)).split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
    const r = await call(media);
    expect(r).toMatchObject({ kind: 'body', status: 200 });
    const text = bodyOf(r);
    expect(text).toContain('#EXT-X-ENDLIST');
    expect(text.split('\n').filter((l) => l.startsWith('#EXTINF')).length).toBeGreaterThan(10);
    expect(text).not.toContain('/v1/segment/');
  });

  it('the multivariant playlist of a stored session is still served; a new implicit session gets the origin\'s playlists (content without ads)', async () => {
    const { call, open, full } = await setup();
    const s = await open();
    full.on = true;
    const again = await call(s.manifestUrl);
    expect(again).toMatchObject({ kind: 'body', status: 200 });
    expect(bodyOf(again)).toContain('/v1/manifest/');
    const implicit = await call('/v1/master/a/demo/vod/master.m3u8');
    expect(implicit).toMatchObject({ kind: 'body', status: 200 });
    const uris = bodyOf(implicit).split('\n').filter((l) => l && !l.startsWith('#'));
    expect(uris.length).toBeGreaterThan(0);
    for (const u of uris) expect(u).toMatch(new RegExp(`^${server.url}/origin/vod/`));
    expect(bodyOf(implicit)).not.toContain('/v1/');
    // Those playlists are the origin's: they play.
    for (const u of uris) expect((await fetch(u)).status).toBe(200);
  });
});
