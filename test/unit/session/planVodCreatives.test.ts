/**
 * A VOD plan loads each ad creative's playlists once, however many avails pick the creative (planVod.ts
 * loadCreative), and every avail still gets the whole ladder as its own copy. Against the real demo server
 * (its VOD has three breaks, the sample ADS answers the same pod for each) and the real store on fake-indexeddb.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/session/engine';
import type { EngineResult } from '../../../src/session/http';
import { parseConfig } from '../../../src/session/config';
import { loadHlsCreative } from '../../../src/ads/loadHlsCreative';
import { createIdbStore } from '../../../sw/idbStore';
import { fetchText } from '../../../sw/fetchText';
import { recordingPorts } from './enginePorts';
import { startDemoServer } from '../../../demo/server/startDemoServer';

let server: { url: string; close(): Promise<void> | void };
beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });

describe('VOD plan: creatives loaded once per plan', () => {
  it('fetches every ad playlist URL once for three breaks of the same pod; each avail has the full ladder, not shared', async () => {
    const store = createIdbStore();
    const ports = recordingPorts(store, { adsRequests: [], delivered: [], logs: [] });
    const fetched: string[] = [];
    const inner = ports.fetchText;
    ports.fetchText = (url, o) => { fetched.push(url); return inner(url, o); };
    const engine = createEngine(ports, { scope: '/' });
    await store.putConfig(parseConfig({
      Name: 'demo', VideoContentSourceUrl: `${server.url}/origin`,
      AdDecisionServerUrl: `${server.url}/ads/vast?pod=2&sid=[session.id]&avail=[avail.index]`,
    }));
    const call = async (method: string, path: string, body = ''): Promise<string> => {
      const r: EngineResult | null = await engine.handle({ method, url: `http://localhost${path}`, headers: {}, body: async () => body });
      if (!r || r.response.kind !== 'body') throw new Error(`no body for ${path}`);
      await Promise.allSettled(r.background);
      return r.response.body;
    };
    const { manifestUrl } = JSON.parse(await call('POST', '/v1/session/acct/demo/vod/master.m3u8', JSON.stringify({ reportingMode: 'server' }))) as { manifestUrl: string };
    await call('GET', manifestUrl);
    const sessionId = new URL(manifestUrl, 'http://x').searchParams.get('aws.sessionId')!;
    const plan = (await store.getPlan(sessionId))!;

    // Three breaks, each with the pod's two ads: the same creatives in every avail.
    expect(plan.avails.length).toBe(3);
    for (const a of plan.avails) expect(a.ads.length).toBe(2);
    const adMedia = fetched.filter((u) => u.includes('/ads/media/'));
    expect(adMedia.length).toBeGreaterThan(0);
    expect(new Set(adMedia).size).toBe(adMedia.length);

    // Each ad's renditions are the creative's whole ladder as loadHlsCreative reads it on its own.
    for (const a of plan.avails) {
      for (const ad of a.ads) {
        const creative = ad.renditions[0].playlistUrl.replace(/\/[^/]+\/index\.m3u8$/, '/master.m3u8');
        expect(ad.renditions).toEqual(await loadHlsCreative(fetchText, creative, 5000));
      }
    }
    expect(plan.avails[1].ads[0].renditions).toEqual(plan.avails[0].ads[0].renditions);
  });

  it('shares nothing between avails in the plan the engine builds in memory (first media playlist served from it)', async () => {
    const store = createIdbStore();
    const ports = recordingPorts(store, { adsRequests: [], delivered: [], logs: [] });
    const engine = createEngine(ports, { scope: '/' });
    await store.putConfig(parseConfig({
      Name: 'demo', VideoContentSourceUrl: `${server.url}/origin`,
      AdDecisionServerUrl: `${server.url}/ads/vast?pod=2&sid=[session.id]&avail=[avail.index]`,
    }));
    // Keep the plan object the engine hands to the store (before any structured clone).
    let written: import('../../../src/session/plan').SessionPlan | null = null;
    const put = store.putPlan.bind(store);
    store.putPlan = async (id, p) => { written = p; return put(id, p); };
    const r = await engine.handle({ method: 'POST', url: 'http://localhost/v1/session/acct/demo/vod/master.m3u8', headers: {}, body: async () => '{}' });
    const { manifestUrl } = JSON.parse((r!.response as { body: string }).body) as { manifestUrl: string };
    const m = await engine.handle({ method: 'GET', url: `http://localhost${manifestUrl}`, headers: {}, body: async () => '' });
    await Promise.allSettled(m!.background);
    const plan = written as unknown as import('../../../src/session/plan').SessionPlan;
    expect(plan.avails.length).toBe(3);
    const r0 = plan.avails[0].ads[0].renditions;
    const r1 = plan.avails[1].ads[0].renditions;
    expect(r1).toEqual(r0);
    expect(r1).not.toBe(r0);
    expect(r1[0].segments).not.toBe(r0[0].segments);
    r0[0].segments.pop();
    expect(r1[0].segments.length).toBe(r0[0].segments.length + 1);
  });
});
