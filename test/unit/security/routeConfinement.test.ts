/**
 * Security (issue 9 item 4): every route serves only what the session's plan holds. The engine runs against
 * the real demo server (origin, sample ADS, ad media) with the real fetch port, recorded: no request may leave
 * for a host other than the demo server's, whatever the path or query says, and no answer may redirect
 * elsewhere. Out-of-range avails, pieces, renditions and segments, other sessions' ids, other configurations'
 * and accounts' names, dot segments (plain and percent-encoded), encoded slashes and absolute URLs smuggled in
 * paths or queries are refused (404/400) or not stitchbox's at all (null: the worker leaves them alone).
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/session/engine';
import type { EngineResult } from '../../../src/session/http';
import type { Ports, Store } from '../../../src/session/ports';
import { parseConfig } from '../../../src/session/config';
import { createIdbStore } from '../../../sw/idbStore';
import { recordingPorts } from '../session/enginePorts';
import { startDemoServer } from '../../../demo/server/startDemoServer';

let server: { url: string; close(): Promise<void> | void };
let store: Store;
let engine: Engine;
/** Every URL the engine's fetch port was asked for, and every URL it handed back for the worker to proxy. */
let fetched: string[];
let proxied: string[];
const rec = { adsRequests: [] as string[], delivered: [] as string[], logs: [] as string[] };

function mkPorts(): Ports {
  const base = recordingPorts(store, rec);
  return { ...base, fetchText: (url, o) => { fetched.push(url); return base.fetchText(url, o); } };
}

async function call(method: string, path: string, body = ''): Promise<EngineResult | null> {
  const r = await engine.handle({ method, url: `http://localhost${path}`, headers: { 'user-agent': 'vitest' }, body: async () => body });
  if (!r) return null;
  await Promise.allSettled(r.background);
  if (r.response.kind === 'proxy') proxied.push(r.response.url);
  return r;
}

async function ok(path: string): Promise<string> {
  const r = await call('GET', path);
  if (!r || r.response.kind !== 'body' || r.response.status !== 200) throw new Error(`GET ${path}: ${JSON.stringify(r?.response)}`);
  return r.response.body;
}

/** Status of an answer; null when the engine does not own the path; 'proxy' when it proxies. */
async function statusOf(path: string, method = 'GET'): Promise<number | 'proxy' | null> {
  const r = await call(method, path);
  if (!r) return null;
  if (r.response.kind === 'proxy') return 'proxy';
  // Never a redirect to anywhere but the request's own origin.
  if (r.response.status >= 300 && r.response.status < 400) {
    const loc = new URL(r.response.headers['Location'] ?? '', `http://localhost${path}`);
    expect(loc.host, `redirect of ${path}`).toBe('localhost');
  }
  return r.response.status;
}

const refused = (s: number | 'proxy' | null) => s === null || s === 400 || s === 404;

beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });
beforeEach(async () => {
  store = createIdbStore();
  fetched = []; proxied = [];
  rec.adsRequests = []; rec.delivered = []; rec.logs = [];
  engine = createEngine(mkPorts(), { scope: '/' });
  for (const Name of ['demo', 'other']) {
    await store.putConfig(parseConfig({
      Name, VideoContentSourceUrl: `${server.url}/origin`,
      AdDecisionServerUrl: `${server.url}/ads/vast?pod=[player_params.pod]&sid=[session.id]&avail=[avail.index]&x=[player_params.x]`,
      SlateAdUrl: `${server.url}/ads/media/slate/master.m3u8`,
    }));
  }
});

/** Every request the engine made, and every URL it would proxy, went to the demo server. */
function expectOnlyDemoHost() {
  const host = new URL(server.url).host;
  for (const u of [...fetched, ...proxied]) expect(new URL(u).host, u).toBe(host);
}

/** A VOD session with server-side reporting, its media playlists read: the plan and every ad segment URL. */
async function vodSession(account = 'acct', config = 'demo') {
  const r = await call('POST', `/v1/session/${account}/${config}/vod/master.m3u8`, JSON.stringify({ adsParams: { pod: '1' }, reportingMode: 'server' }));
  if (!r || r.response.kind !== 'body') throw new Error('no session');
  const s = JSON.parse(r.response.body) as { manifestUrl: string; trackingUrl: string };
  const sid = /aws\.sessionId=([0-9a-f]+)/.exec(s.manifestUrl)![1];
  const master = await ok(s.manifestUrl);
  // Variants are plain lines, renditions (audio, subtitles) URI attributes.
  const media = [...master.matchAll(/(?:^|URI=")(\/v1\/manifest\/[^"\n]+)/gm)].map((m) => m[1]);
  const playlists = await Promise.all(media.map(ok));
  const segments = playlists.flatMap((p) => p.split('\n').filter((l) => l.startsWith('/v1/segment/')));
  return { sid, ...s, media, segments };
}

describe('security: /v1/segment serves only the session plan\'s segments', () => {
  it('a segment of the plan is proxied from the plan\'s own URL; its neighbours out of range are 404', async () => {
    const s = await vodSession();
    expect(s.segments.length).toBeGreaterThan(0);
    const ts = s.segments.find((u) => u.endsWith('.ts'))!;
    expect(await statusOf(ts)).toBe('proxy');
    const m = /^\/v1\/segment\/acct\/demo\/([0-9a-f]{32})\/(\d+)\/(\d+|slate)\/(\d+)\/(\d+)(\.\w+)/.exec(ts)!;
    const [, sid, a, p, r, n, ext] = m;
    const path = (aa: string, pp: string, rr: string, nn: string, e = ext) => `/v1/segment/acct/demo/${sid}/${aa}/${pp}/${rr}/${nn}${e}`;
    expect(await statusOf(path(a, p, r, n))).toBe('proxy');
    // Out of range, one index at a time.
    expect(await statusOf(path('9999', p, r, n))).toBe(404);
    expect(await statusOf(path(a, '9999', r, n))).toBe(404);
    expect(await statusOf(path(a, p, '999', n))).toBe(404);
    expect(await statusOf(path(a, p, r, '999999'))).toBe(404);
    // The plan has no slate here (pod=1 ads fit: only ads), and .ts segments have no init segment.
    expect(refused(await statusOf(path(a, 'slate', r, n)))).toBe(true);
    expect(refused(await statusOf(path(a, p, r, 'map')))).toBe(true);
    // Too many digits, negative or non-numeric indexes are not stitchbox's routes at all.
    for (const bad of [path('-1', p, r, n), path(a, '1e3', r, n), path(a, p, r, '0x1'), path('99999', p, r, n), path(a, p, r, n, '.ts.ts')]) {
      expect(refused(await statusOf(bad)), bad).toBe(true);
    }
    expectOnlyDemoHost();
  });

  it('another session\'s id, an unknown id, another configuration\'s or account\'s name: 404', async () => {
    const a = await vodSession();
    const b = await vodSession('acct', 'other');
    const seg = a.segments.find((u) => u.endsWith('.ts'))!;
    const tail = seg.split('/').slice(6).join('/');
    // The same ad segment path under another (existing) session of another configuration.
    expect(await statusOf(`/v1/segment/acct/demo/${b.sid}/${tail}`)).toBe(404);
    expect(await statusOf(`/v1/segment/acct/other/${a.sid}/${tail}`)).toBe(404);
    expect(await statusOf(`/v1/segment/acct/nosuchconfig/${a.sid}/${tail}`)).toBe(404);
    expect(await statusOf(`/v1/segment/acct/demo/${'0'.repeat(32)}/${tail}`)).toBe(404);
    expect(await statusOf(`/v1/segment/acct/demo/${a.sid.slice(0, 31)}/${tail}`)).toBe(404);
    // A session answers only under the account it was opened with.
    expect(await statusOf(`/v1/segment/someone-else/demo/${a.sid}/${tail}`)).toBe(404);
    for (const route of ['tracking', 'decisions']) {
      expect(await statusOf(`/v1/${route}/acct/other/${a.sid}`)).toBe(404);
      expect(await statusOf(`/v1/${route}/someone-else/demo/${a.sid}`)).toBe(404);
      expect(await statusOf(`/v1/${route}/acct/demo/${'f'.repeat(32)}`)).toBe(404);
    }
    const manifestTail = a.media[0].split('/').slice(5).join('/');
    expect(await statusOf(`/v1/manifest/acct/other/${manifestTail}`)).toBe(404);
    expect(await statusOf(`/v1/manifest/someone-else/demo/${manifestTail}`)).toBe(404);
    expect(await statusOf(`/v1/manifest/acct/demo/${a.sid}/9999.m3u8`)).toBe(404);
    expect(await statusOf(`/v1/master/acct/other/vod/master.m3u8?aws.sessionId=${a.sid}`)).toBe(404);
    expect(await statusOf(`/v1/master/someone-else/demo/vod/master.m3u8?aws.sessionId=${a.sid}`)).toBe(404);
    expectOnlyDemoHost();
  });

  it('the .vtt stand-in answers only for segments of the plan in a session with a subtitle playlist', async () => {
    const s = await vodSession();
    const vtt = s.segments.find((u) => u.endsWith('.vtt'));
    expect(vtt, 'the demo VOD has a subtitle rendition').toBeDefined();
    expect(await statusOf(vtt!)).toBe(200);
    const parts = vtt!.split('/');
    const at = (i: number, v: string) => { const c = [...parts]; c[i] = v; return c.join('/'); };
    // /v1/segment/{account}/{config}/{sid}/{avail}/{piece}/{rendition}/{n}.vtt
    expect(await statusOf(at(6, '9999'))).toBe(404);
    expect(await statusOf(at(7, '9999'))).toBe(404);
    expect(await statusOf(at(8, '999'))).toBe(404);
    expect(await statusOf(at(9, '999999.vtt'))).toBe(404);
    expect(await statusOf(at(9, 'map.vtt'))).toBe(404);
    expect(await statusOf(at(5, 'f'.repeat(32)))).toBe(404);
    expect(await statusOf(at(4, 'other'))).toBe(404);
    expectOnlyDemoHost();
  });

  it('dot segments, encoded slashes and absolute URLs in the path are never followed', async () => {
    const s = await vodSession();
    const seg = s.segments.find((u) => u.endsWith('.ts'))!;
    const prefix = seg.split('/').slice(0, 7).join('/');
    const hostile = [
      `${prefix}/../../../etc/passwd`, `${prefix}/%2e%2e/%2e%2e/x.ts`, `${prefix}/0/0/0/%2e%2e%2f%2e%2e%2fx.ts`, `${prefix}/0/0/0/..%2Fx.ts`,
      `${prefix}/0/0/0/http%3A%2F%2Fevil.example%2Fx.ts`, `${prefix}/0/0/0/https:%2F%2Fevil.example%2Fx.ts`, `${prefix}/0/0/0//evil.example/x.ts`,
      `${prefix}/0/0/0/%5C%5Cevil.example%5Cx.ts`, `${prefix}/0/0/0/0.ts/..`, `${prefix}//0/0/0.ts`, `${prefix}/0/0/0/%00.ts`,
      `/v1/segment/acct/demo/..%2F..%2F/0/0/0/0.ts`, `/v1/segment/acct/%2e%2e/${s.sid}/0/0/0/0.ts`,
      `/v1/master/acct/demo/..%2F..%2Fsecret.m3u8`, `/v1/master/acct/demo/%2e%2e/%2e%2e/secret.m3u8`, `/v1/master/acct/demo/../secret.m3u8`,
      `/v1/master/acct/demo/http%3A%2F%2Fevil.example%2Fmaster.m3u8`, `/v1/master/acct/demo//evil.example/master.m3u8`,
      `/v1/master/acct/demo/%2F%2Fevil.example%2Fmaster.m3u8`, `/v1/session/acct/demo/%2e%2e%2f%2e%2e%2fx.m3u8`,
      `/v1/manifest/acct/demo/${s.sid}/..%2F0.m3u8`, `/v1/tracking/acct/demo/..%2F${s.sid}`, `/v1/decisions/acct/demo/%2e%2e`,
      `/v1/dashsegment/acct/demo/${s.sid}/a/p/0/..%2F..%2Fx.m4s`, `/v1/dashsegment/acct/demo/${s.sid}/a/p/0/http%3A%2F%2Fevil.example%2Fx.m4s`,
      `/v1/dash/acct/demo/%2e%2e/x.mpd`,
    ];
    for (const p of hostile) expect(refused(await statusOf(p)), p).toBe(true);
    // The ones that still look like an asset path (no dot segment, no slash inside a segment) reach only the origin.
    for (const p of ['/v1/master/acct/demo/@evil.example/master.m3u8', '/v1/master/acct/demo/evil.example:80/master.m3u8']) {
      const st = await statusOf(p);
      expect(st === 502 || st === 404, `${p}: ${st}`).toBe(true);
    }
    expectOnlyDemoHost();
  });

  it('absolute URLs smuggled in queries change nothing: the origin, ADS and ad media hosts stay the configuration\'s', async () => {
    const q = 'url=http://evil.example/x.m3u8&redirect=https://attacker.test/&aws.sessionId=&manifestParams.u=http://evil.example/';
    // Implicit session with hostile origin params and player params (ads.*): only the ADS query carries them, encoded.
    const master = await ok(`/v1/master/acct/demo/vod/master.m3u8?${q}&ads.x=${encodeURIComponent('http://evil.example/&pod=99#')}`);
    const media = master.split('\n').filter((l) => l.startsWith('/v1/manifest/'));
    const texts = await Promise.all(media.map(ok));
    const segs = texts.flatMap((t) => t.split('\n').filter((l) => l.startsWith('/v1/segment/')));
    for (const seg of segs) {
      const st = await statusOf(`${seg}${seg.includes('?') ? '&' : '?'}url=http://evil.example/x.ts&upstream=http%3A%2F%2Fattacker.test%2F`);
      expect(st === 'proxy' || st === 200, seg).toBe(true);
    }
    expect(rec.adsRequests.length).toBeGreaterThan(0);
    for (const a of rec.adsRequests) expect(new URL(a).searchParams.get('x')).toBe('http://evil.example/&pod=99#');
    // Every URL of every stitched playlist is the engine's own route or the demo server's.
    for (const t of [master, ...texts]) {
      for (const line of t.split('\n')) {
        if (!line || line.startsWith('#')) continue;
        expect(line.startsWith('/v1/') || new URL(line).origin === server.url, line).toBe(true);
      }
    }
    // Tracking and decisions with hostile queries: no fetch elsewhere either.
    const sid = /aws\.sessionId=([0-9a-f]+)/.exec(media[0])?.[1] ?? media[0].split('/')[5];
    expect(await statusOf(`/v1/tracking/acct/demo/${sid}?url=http://evil.example/`)).toBe(200);
    expect(await statusOf(`/v1/decisions/acct/demo/${sid}?url=http://evil.example/`)).toBe(200);
    expectOnlyDemoHost();
  });

  it('broadpeak.io\'s 307 goes back to the request\'s own origin and path, whatever the query holds', async () => {
    const r = await call('GET', '/v1/bpk/demo/vod/master.m3u8?next=http://evil.example/&bpkio_redirect=https://attacker.test/');
    expect(r?.response.kind).toBe('body');
    if (r?.response.kind !== 'body') return;
    expect(r.response.status).toBe(307);
    const loc = new URL(r.response.headers['Location']);
    expect(loc.origin).toBe('http://localhost');
    expect(loc.pathname).toBe('/v1/bpk/demo/vod/master.m3u8');
    expect(loc.searchParams.get('bpkio_sessionid')).toMatch(/^[0-9a-f]{32}$/);
    expectOnlyDemoHost();
  });

  it('StreamPackage routes answer only under the channel the session was opened on', async () => {
    const r = await call('POST', '/v1/ssai/session/demo/vod/master.m3u8', JSON.stringify({ adsParams: { pod: '1' } }));
    if (!r || r.response.kind !== 'body') throw new Error('no StreamPackage session');
    expect(r.response.status).toBe(200);
    const { manifestUrl, trackingUrl } = JSON.parse(r.response.body) as { manifestUrl: string; trackingUrl: string };
    expect(await statusOf(manifestUrl)).toBe(200);
    expect(await statusOf(manifestUrl.replace('/master/demo/', '/master/other/'))).toBe(404);
    expect(await statusOf(trackingUrl.replace('/tracking/demo/', '/tracking/other/'))).toBe(404);
    expect(await statusOf(manifestUrl.replace(/session_id=[0-9a-f]+/, `session_id=${'a'.repeat(32)}`))).toBe(404);
    expectOnlyDemoHost();
  });

  it('a plan segment whose URL is not http(s) is never proxied', async () => {
    const s = await vodSession();
    const seg = s.segments.find((u) => u.endsWith('.ts'))!;
    const [, a, p, r, n] = /\/(\d+)\/(\d+)\/(\d+)\/(\d+)\.ts/.exec(seg)!.map(Number);
    const plan = (await store.getPlan(s.sid))!;
    for (const bad of ['data:video/mp2t;base64,AAAA', 'file:///etc/passwd', 'javascript:alert(1)', 'blob:http://localhost/x']) {
      plan.avails[a].ads[p].renditions[r].segments[n].uri = bad;
      await store.putPlan(s.sid, plan);
      expect(await statusOf(seg), bad).toBe(404);
    }
    expect(proxied).toEqual([]);
  });
});
