/**
 * Security (issue 9 item 4): ADS template values are encoded so that no parameter, path segment, fragment or
 * host can be injected (protocols.md §11; src/ads/expandAdsTemplate.ts). Hostile strings — `&`, `=`, `#`, `/`,
 * `?`, `%`, `\`, CR/LF, NUL, dot segments (plain and percent-encoded), absolute URLs, unicode including lone
 * surrogates — go through the template as player params, SCTE-35 and asset values, and through the whole engine
 * as a session's adsParams: the ADS request's host, path segments and other parameters never change, and each
 * value arrives as given (a whole "." or ".." path segment is dropped instead).
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expandAdsTemplate, type AdsTemplateVars } from '../../../src/ads/expandAdsTemplate';
import { createEngine } from '../../../src/session/engine';
import { parseConfig } from '../../../src/session/config';
import { createIdbStore } from '../../../sw/idbStore';
import { recordingPorts } from '../session/enginePorts';
import { startDemoServer } from '../../../demo/server/startDemoServer';

const HOSTILE = ['&', '=', '#', '/', '?', '%', '%25', '%2F', '%26', '\\', '\r\n', '\n', '\0', ' ', '+', '..', '.', '%2e%2e', '@', ':',
  'http://evil.example/', '//evil.example', '&pod=99', '#frag', '?x=1', '[session.id]', 'é', '日本', '\u{1F600}', '\uD800', '\uDFFF', '\u202E', '\uFEFF'];

/** Strings made mostly of hostile pieces, with arbitrary text between them. */
const hostile = fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 6 }).map((xs) => xs.join(''));

/** What encodeURIComponent-then-decode gives back: lone surrogates become U+FFFD (src/vast/encodeUriValue.ts). */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

const vars = (v: { p: string; s: string; a: string }): AdsTemplateVars => ({
  session: { id: 'sid', avail_duration_secs: 30 }, avail: { index: 1 },
  scte: { segmentation_upid: v.s }, playerParams: { p: v.p }, asset: { id: v.a },
});

describe('security: ADS template values cannot inject (protocols.md §11)', () => {
  const template = 'https://ads.example.com/vast/[player_params.p]/tag?p=[player_params.p]&upid=[scte.segmentation_upid]&asset=[asset.id]&fixed=1&[player_params.p]x=2';

  it('property: host, path segments, keys and fixed values never change; every value round-trips', () => {
    fc.assert(fc.property(hostile, hostile, hostile, (p, s, a) => {
      const { url } = expandAdsTemplate(template, vars({ p, s, a }));
      // The expanded URL is one line of URL characters: no raw CR, LF, NUL or space left to split a request.
      expect(url).not.toMatch(/[\r\n\0 ]/);
      const u = new URL(url);
      expect(u.protocol).toBe('https:');
      expect(u.host).toBe('ads.example.com');
      expect(u.username + u.password).toBe('');
      expect(u.hash).toBe('');
      const segs = u.pathname.split('/');
      expect(segs).toHaveLength(4);
      expect([segs[1], segs[3]]).toEqual(['vast', 'tag']);
      // The path value is the value, unless it was a whole dot segment (dropped: expandAdsTemplate.ts header).
      const dotSegment = ['.', '..', '%2e', '.%2e', '%2e.', '%2e%2e'].includes(encodeURIComponent(wellFormed(p)).toLowerCase());
      expect(decodeURIComponent(segs[2])).toBe(dotSegment ? '' : wellFormed(p));
      const entries = [...u.searchParams.entries()];
      expect(entries.map(([k]) => k).slice(0, 4)).toEqual(['p', 'upid', 'asset', 'fixed']);
      expect(entries).toHaveLength(5);
      expect(entries[0][1]).toBe(wellFormed(p));
      expect(entries[1][1]).toBe(wellFormed(s));
      expect(entries[2][1]).toBe(wellFormed(a));
      expect(entries[3][1]).toBe('1');
      expect(entries[4]).toEqual([`${wellFormed(p)}x`, '2']);
    }), { numRuns: 2000 });
  });

  it('property: a variable inside the host cannot move the request to another host or port', () => {
    fc.assert(fc.property(hostile, (p) => {
      const { url } = expandAdsTemplate('https://[player_params.p].ads.example.com:8443/vast?x=1', vars({ p, s: '', a: '' }));
      let u: URL;
      try { u = new URL(url); } catch { return; } // not a URL at all: the ADS request fails, nothing is sent elsewhere
      expect(u.hostname.endsWith('.ads.example.com')).toBe(true);
      expect(u.port).toBe('8443');
      expect(u.username + u.password).toBe('');
      expect(u.pathname).toBe('/vast');
      expect([...u.searchParams.entries()]).toEqual([['x', '1']]);
    }), { numRuns: 2000 });
  });
});

describe('security: hostile adsParams through the engine reach the ADS only as encoded values', () => {
  let server: { url: string; close(): Promise<void> | void };
  beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
  afterAll(async () => { await server.close(); });

  it('property: the ADS request keeps the configuration\'s host, path and parameters', async () => {
    const store = createIdbStore();
    const rec = { adsRequests: [] as string[], delivered: [] as string[], logs: [] as string[] };
    const fetched: string[] = [];
    const base = recordingPorts(store, rec);
    const engine = createEngine({ ...base, fetchText: (url, o) => { fetched.push(url); return base.fetchText(url, o); } }, { scope: '/' });
    // pod=0: the sample ADS answers an empty pod, so each case costs one ADS request per break and no creatives.
    await store.putConfig(parseConfig({
      Name: 'inj', VideoContentSourceUrl: `${server.url}/origin`,
      AdDecisionServerUrl: `${server.url}/ads/vast?pod=0&p=[player_params.p]&q=[player_params.q]&sid=[session.id]&fixed=1`,
    }));
    const host = new URL(server.url).host;
    await fc.assert(fc.asyncProperty(hostile, hostile, async (p, q) => {
      rec.adsRequests.length = 0;
      const r = await engine.handle({
        method: 'POST', url: 'http://localhost/v1/session/acct/inj/vod/master.m3u8', headers: {},
        body: async () => JSON.stringify({ adsParams: { p }, playerParams: { q }, reportingMode: 'server' }),
      });
      if (r?.response.kind !== 'body') throw new Error('no session');
      const { manifestUrl } = JSON.parse(r.response.body) as { manifestUrl: string };
      const master = await engine.handle({ method: 'GET', url: `http://localhost${manifestUrl}`, headers: {}, body: async () => '' });
      await Promise.allSettled(master!.background);
      expect(rec.adsRequests.length).toBeGreaterThan(0);
      for (const a of rec.adsRequests) {
        const u = new URL(a);
        expect(u.host).toBe(host);
        expect(u.pathname).toBe('/ads/vast');
        expect([...u.searchParams.keys()]).toEqual(['pod', 'p', 'q', 'sid', 'fixed']);
        expect(u.searchParams.get('p')).toBe(wellFormed(p));
        expect(u.searchParams.get('q')).toBe(wellFormed(q));
        expect(u.searchParams.get('sid')).toMatch(/^[0-9a-f]{32}$/);
        expect(u.searchParams.get('fixed')).toBe('1');
      }
    }), { numRuns: 25 });
    for (const u of fetched) expect(new URL(u).host).toBe(host);
  });
});
