/**
 * The read-only decisions route (`GET /v1/decisions/...`, describeDecisions.ts) against the real demo server,
 * the real IndexedDB store on fake-indexeddb and the real fetch port: it lists what the session's plan holds
 * (the same ads as its tracking JSON, the ADS latency, failures), never asks the ADS itself, never shows the ADS
 * request URL, and answers only the session's own configuration.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/session/engine';
import type { EngineResult } from '../../../src/session/http';
import type { Store } from '../../../src/session/ports';
import { parseConfig } from '../../../src/session/config';
import type { SessionDecisions } from '../../../src/session/describeDecisions';
import { decisionsOfPlan } from '../../../src/session/describeDecisions';
import type { MediaTailorTracking } from '../../../src/tracking/mediaTailorTypes';
import { createIdbStore } from '../../../sw/idbStore';
import { recordingPorts } from './enginePorts';
import { startDemoServer } from '../../../demo/server/startDemoServer';

let server: { url: string; close(): Promise<void> | void };
let store: Store;
let engine: Engine;
let adsRequests: string[];

async function call(method: string, path: string, body = ''): Promise<EngineResult> {
  const r = await engine.handle({ method, url: `http://localhost${path}`, headers: { 'user-agent': 'vitest' }, body: async () => body });
  if (!r) throw new Error(`not handled: ${path}`);
  await Promise.allSettled(r.background);
  return r;
}
const bodyOf = (r: EngineResult) => { if (r.response.kind !== 'body') throw new Error('expected a body'); return r.response.body; };
const statusOf = (r: EngineResult) => (r.response.kind === 'body' ? r.response.status : 0);

async function open(ads: string, name = 'plain') {
  await store.putConfig(parseConfig({ Name: name, VideoContentSourceUrl: `${server.url}/origin`, AdDecisionServerUrl: `${server.url}/ads/${ads}` }));
  const r = await call('POST', `/v1/session/acct/${name}/content/master.m3u8`, '{}');
  expect(statusOf(r)).toBe(200);
  const s = JSON.parse(bodyOf(r)) as { manifestUrl: string; trackingUrl: string };
  return { ...s, decisionsUrl: s.trackingUrl.replace('/v1/tracking/', '/v1/decisions/') };
}

async function decisions(url: string): Promise<SessionDecisions> {
  const r = await call('GET', url);
  expect(statusOf(r), bodyOf(r)).toBe(200);
  return JSON.parse(bodyOf(r)) as SessionDecisions;
}

beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });
beforeEach(() => {
  store = createIdbStore();
  adsRequests = [];
  engine = createEngine(recordingPorts(store, { get adsRequests() { return adsRequests; }, delivered: [], logs: [] }), { scope: '/' });
});

describe('GET /v1/decisions/{account}/{config}/{sessionId}', () => {
  it('before the plan: no breaks and no ADS request; after: each break with the ads of the tracking JSON and the ADS latency', async () => {
    const s = await open('vast?pod=2&durations=6,10&skip=5');
    expect(await decisions(s.decisionsUrl)).toEqual({ live: false, breaks: [] });
    expect(adsRequests).toEqual([]);

    const tracking = JSON.parse(bodyOf(await call('GET', s.trackingUrl))) as MediaTailorTracking;
    const requests = adsRequests.length;
    expect(requests).toBeGreaterThan(0);
    const d = await decisions(s.decisionsUrl);
    expect(adsRequests.length).toBe(requests);
    expect(d.live).toBe(false);
    expect(d.breaks.map((b) => b.startTime)).toEqual(tracking.avails.map((a) => a.startTimeInSeconds));
    for (const [i, b] of d.breaks.entries()) {
      expect(b.state).toBe('ready');
      expect(b.failure).toBeNull();
      expect(b.ads.map((a) => a.vastAdId)).toEqual(tracking.avails[i].ads.map((a) => a.vastAdId));
      expect(b.ads.map((a) => a.skipOffset)).toEqual(tracking.avails[i].ads.map((a) => a.skipOffset));
      expect(b.ads.every((a) => a.skipOffset === '00:00:05.000')).toBe(true);
      expect(typeof b.adsLatencyMs).toBe('number');
      expect(b.adsLatencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(JSON.stringify(d)).not.toContain('/ads/vast');
  });

  it('an ADS that fails: each break says why it plays content', async () => {
    const s = await open('vast?fail=500');
    await call('GET', s.trackingUrl);
    const d = await decisions(s.decisionsUrl);
    expect(d.breaks.length).toBeGreaterThan(0);
    for (const b of d.breaks) {
      expect(b.state).toBe('failed');
      expect(b.ads).toEqual([]);
      expect(b.failure).toMatch(/500/);
    }
  });

  it('only under the session\'s own configuration; GET only', async () => {
    const s = await open('vast?pod=1');
    await open('vast?pod=1', 'other');
    expect(statusOf(await call('GET', s.decisionsUrl.replace('/plain/', '/other/')))).toBe(404);
    expect(statusOf(await call('POST', s.decisionsUrl))).toBe(405);
  });
});

describe('decisionsOfPlan', () => {
  it('copies skipped ads with their reasons and the slate; no ADS request URL', () => {
    const d = decisionsOfPlan({
      kind: 'hls-vod', decidedAt: 0,
      timeline: [{ availIndex: 3, startTime: 42, firstSequence: 7, ads: [], programDateTime: null }],
      avails: [{
        index: 3, breakOrdinal: 0, contentTime: 30, originSegment: 5, replaceCount: 2, signalledDuration: 20, ads: [],
        slate: { renditions: [], duration: 20 }, skipped: [{ vastAdId: 'x', creativeId: 'c', reason: 'AVAIL_DURATION_EXCEEDED', message: '30 s > 20 s' }],
        failure: null, adsRequestUrl: 'https://ads.test/?key=secret', adsLatencyMs: 12,
      }],
    });
    expect(d.breaks).toEqual([{
      index: 3, state: 'ready', preRoll: false, startTime: 42, signalledDuration: 20, ads: [], slateSeconds: 20,
      skipped: [{ vastAdId: 'x', creativeId: 'c', reason: 'AVAIL_DURATION_EXCEEDED', message: '30 s > 20 s' }], failure: null, adsLatencyMs: 12,
    }]);
  });
});
