/**
 * The session openers and the poller against the real engine in Node: the real demo server (origin, sample
 * ADS) over loopback HTTP, the real IndexedDB store (fake-indexeddb). The page's `fetch` is replaced by a
 * function that hands requests to the engine the way the worker does, following redirects like a browser
 * (the network boundary of the page).
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/session/engine';
import { parseConfig } from '../../../src/session/config';
import { createIdbStore } from '../../../sw/idbStore';
import { recordingPorts } from '../session/enginePorts';
import { startDemoServer } from '../../../demo/server/startDemoServer';
import { mediaTailorSessionBody, openBroadpeakSession, openMediaTailorSession, openStreamPackageSession } from '../../../src/client/openSession';
import { createTrackingPoller } from '../../../src/client/createTrackingPoller';
import { readBroadpeakTracking } from '../../../src/client/readBroadpeakTracking';

let server: { url: string; close(): Promise<void> | void };
let engine: Engine;
const PAGE = 'http://page.test';

interface Seen { method: string; url: string; body: string; contentType: string }
let seen: Seen[];

/** fetch as the page sees it through the worker: engine answers, redirects followed, Response.url set. */
const pageFetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
  let url = String(input);
  for (let hop = 0; hop < 5; hop++) {
    const body = typeof init.body === 'string' ? init.body : '';
    const contentType = new Headers(init.headers).get('content-type') ?? '';
    seen.push({ method: init.method ?? 'GET', url, body, contentType });
    const r = await engine.handle({ method: init.method ?? 'GET', url, headers: { 'user-agent': 'vitest', 'content-type': contentType }, body: async () => body });
    if (!r) throw new TypeError(`no route: ${url}`);
    await Promise.allSettled(r.background);
    if (r.response.kind !== 'body') throw new Error(`unexpected proxy answer for ${url}`);
    const { status, headers } = r.response;
    if (status >= 300 && status < 400 && headers.Location && init.redirect !== 'manual') { url = new URL(headers.Location, url).href; init = { redirect: init.redirect }; continue; }
    const res = new Response(r.response.body || null, { status, headers });
    Object.defineProperty(res, 'url', { value: url });
    return res;
  }
  throw new TypeError('too many redirects');
}) as typeof fetch;

beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });
beforeEach(async () => {
  const store = createIdbStore();
  engine = createEngine(recordingPorts(store, { adsRequests: [], delivered: [], logs: [] }), { scope: '/' });
  seen = [];
  await store.putConfig(parseConfig({
    Name: 'demo', VideoContentSourceUrl: `${server.url}/origin`,
    AdDecisionServerUrl: `${server.url}/ads/vast?pod=[player_params.pod]&sid=[session.id]&avail=[avail.index]`,
    SlateAdUrl: `${server.url}/ads/media/slate/master.m3u8`,
  }));
});

describe('mediaTailorSessionBody', () => {
  it('writes MediaTailor\'s keys (§1.1) and origin parameters at the top level; a reserved origin key is an error', () => {
    expect(mediaTailorSessionBody({
      adsParams: { pod: '2' }, manifestParams: { test: '1' }, reportingMode: 'server', overlayAvails: true, streamId: 's1',
      availSuppression: { mode: 'BEHIND_LIVE_EDGE', value: '00:00:30' }, originParams: { origin_access_token: 'tok' },
    })).toEqual({
      origin_access_token: 'tok', adsParams: { pod: '2' }, manifestParams: { test: '1' }, reportingMode: 'server',
      availSuppression: { mode: 'BEHIND_LIVE_EDGE', value: '00:00:30' }, overlayAvails: 'on', streamId: 's1',
    });
    expect(mediaTailorSessionBody({})).toEqual({});
    expect(() => mediaTailorSessionBody({ originParams: { reportingMode: 'x' } })).toThrow(/MediaTailor session key/);
  });
});

describe('openMediaTailorSession', () => {
  it('POSTs the body and returns absolute URLs resolved against the session URL; the poller reads all three breaks', async () => {
    const s = await openMediaTailorSession(`${PAGE}/v1/session/acct/demo/vod/master.m3u8`, { adsParams: { pod: '2' }, manifestParams: { test: '1' }, fetch: pageFetch });
    expect(s.manifestUrl).toMatch(/^http:\/\/page\.test\/v1\/master\/acct\/demo\/vod\/master\.m3u8\?aws\.sessionId=[0-9a-f]{32}&test=1$/);
    expect(s.trackingUrl).toMatch(/^http:\/\/page\.test\/v1\/tracking\/acct\/demo\/[0-9a-f]{32}\?test=1$/);
    expect(seen[0]).toMatchObject({ method: 'POST', contentType: 'application/json' });
    expect(JSON.parse(seen[0].body)).toEqual({ adsParams: { pod: '2' }, manifestParams: { test: '1' } });

    const poller = createTrackingPoller({ trackingUrl: s.trackingUrl, fetch: pageFetch });
    expect(await poller.poll()).toBe(true);
    expect(poller.state().avails.map((a) => a.ads.length)).toEqual([2, 2, 2]);
    // Polling again sends the server's nextToken (§3.2), which it accepts (no 400 and token-less retry),
    // and answers only later beacons: the merged state keeps every avail.
    expect(poller.state().nextToken).toBeTruthy();
    const before = seen.length;
    expect(await poller.poll()).toBe(true);
    expect(seen.slice(before).map((x) => new URL(x.url).searchParams.has('nextToken'))).toEqual([true]);
    expect(poller.state().avails.map((a) => a.ads.length)).toEqual([2, 2, 2]);
  });

  it('a session error is a clear rejection with the server\'s status', async () => {
    await expect(openMediaTailorSession(`${PAGE}/v1/session/acct/nope/vod/master.m3u8`, { fetch: pageFetch })).rejects.toThrow(/HTTP 404/);
  });
});

describe('openStreamPackageSession', () => {
  it('returns the session_id master and the /v1/ssai/tracking URL, absolute; the poller merges its incremental answers', async () => {
    const s = await openStreamPackageSession(`${PAGE}/v1/ssai/session/demo/vod/master.m3u8`, { adsParams: { pod: '1' }, fetch: pageFetch });
    expect(s.manifestUrl).toMatch(/^http:\/\/page\.test\/v1\/ssai\/master\/demo\/main\.m3u8\?session_id=[0-9a-f]{32}$/);
    expect(s.trackingUrl).toMatch(/^http:\/\/page\.test\/v1\/ssai\/tracking\/demo\/[0-9a-f]{32}$/);
    // Tracking lists only ads actually inserted (§17): serve the media playlists first.
    const master = await (await pageFetch(s.manifestUrl)).text();
    for (const line of master.split('\n').filter((l) => l && !l.startsWith('#'))) await (await pageFetch(new URL(line, s.manifestUrl).href)).text();
    const poller = createTrackingPoller({ trackingUrl: s.trackingUrl, fetch: pageFetch });
    expect(await poller.poll()).toBe(true);
    const first = poller.state().avails.flatMap((a) => a.ads.map((x) => x.adId));
    expect(first.length).toBeGreaterThan(0);
    // A second poll returns nothing new (never resent): the merged state still has every ad.
    expect(await poller.poll()).toBe(true);
    expect(poller.state().avails.flatMap((a) => a.ads.map((x) => x.adId))).toEqual(first);
  });
});

describe('openBroadpeakSession', () => {
  it('bk-ml=1.0: follows the 307 to the session URL; tracking is that URL with bk-ml=1.0', async () => {
    const s = await openBroadpeakSession(`${PAGE}/v1/bpk/demo/vod/master.m3u8?ads.pod=1`, { fetch: pageFetch });
    const m = new URL(s.manifestUrl);
    expect(m.pathname).toBe('/v1/bpk/demo/vod/master.m3u8');
    expect(m.searchParams.get('bpkio_sessionid')).toMatch(/^[0-9a-f]{32}$/);
    expect(m.searchParams.has('bk-ml')).toBe(false);
    const t = new URL(s.trackingUrl);
    expect(t.searchParams.get('bk-ml')).toBe('1.0');
    expect(t.searchParams.get('bpkio_sessionid')).toBe(m.searchParams.get('bpkio_sessionid'));
    expect(seen[0].url).not.toContain('bk-ml');
  });

  it('bk-ml=2.0: the first request already asks for the metadata; the manifest URL has no bk-ml', async () => {
    const s = await openBroadpeakSession(`${PAGE}/v1/bpk/demo/vod/master.m3u8?ads.pod=1`, { metadata: '2.0', fetch: pageFetch });
    expect(new URL(seen[0].url).searchParams.get('bk-ml')).toBe('2.0');
    expect(new URL(s.manifestUrl).searchParams.has('bk-ml')).toBe(false);
    expect(new URL(s.trackingUrl).searchParams.get('bk-ml')).toBe('2.0');
    const meta = await (await pageFetch(s.trackingUrl)).json() as { adpods: { id: string; ads: { adid: string }[] }[] };
    const pods = meta.adpods.map((p) => [p.id, p.ads.filter((a) => a.adid !== 'SLATE').length]).filter(([, n]) => n);
    expect(pods.length).toBe(3);
    // The poller reads it through readBroadpeakTracking: the same pods, as avails.
    const poller = createTrackingPoller({ trackingUrl: s.trackingUrl, fetch: pageFetch, read: readBroadpeakTracking });
    expect(await poller.poll()).toBe(true);
    expect(poller.state().avails.map((a) => [a.availId, a.ads.length])).toEqual(pods);
  });
});
