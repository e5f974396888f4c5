/**
 * Wrapper resolution against a local HTTP server (the real fetch port of the worker, sw/fetchText.ts):
 * corpus chains, generated chains of 1..8 levels, loops, timeouts and the decision budget, empty and
 * broken answers, pods with fallbacks, and the Error URLs to fire with their codes (VAST 4.2 §2.3.6.3).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchText } from '../../../sw/fetchText';
import { resolveVast, type ResolveVastOptions } from '../../../src/vast/resolveWrappers';
import { inlineAd, startWrapperServer, wrapperXml, type WrapperServer } from './wrapperServer';

let server: WrapperServer;
beforeAll(async () => { server = await startWrapperServer(); });
afterAll(async () => { await server.close(); });
beforeEach(() => { server.requests.length = 0; });

const opts = (over: Partial<ResolveVastOptions> = {}): ResolveVastOptions => ({ fetchText, now: () => Date.now(), deadline: Date.now() + 10_000, ...over });
const errs = (r: { errors: { url: string; code: number }[] }) => r.errors.map((e) => [e.url.replace(server.url, ''), e.code]);

describe('resolveVast: the corpus wrapper chain (dailymotion wrapper-a → wrapper-b → sample.xml)', () => {
  it('follows relative VASTAdTagURIs and merges every wrapper into the InLine ad', async () => {
    const r = await resolveVast({ url: `${server.url}/corpus/dailymotion-vast-client-js/wrapper-a.xml` }, opts());
    expect(r.rootFailure).toBeNull();
    expect(r.failures).toEqual([]);
    // wrapper-a holds two stand-alone wrappers, asked in parallel: 4321 → wrapper-b.xml → sample.xml, 2032 → vpaid.xml.
    expect([...server.requests].sort()).toEqual(['wrapper-a.xml', 'wrapper-b.xml', 'sample.xml', 'vpaid.xml'].map((f) => `/corpus/dailymotion-vast-client-js/${f}`).sort());
    expect(r.ads.map((a) => [a.rootAdId, a.ad.id])).toEqual([['4321', 'ad_id_0002'], ['2032', 'VPAID']]);
    // wrapper-b has no allowMultipleAds (default false): the first stand-alone ad of sample.xml.
    const { ad, wrapperUrls, rootAdId } = r.ads[0];
    expect(rootAdId).toBe('4321');
    expect(wrapperUrls.map((u) => u.replace(server.url, ''))).toEqual(['/corpus/dailymotion-vast-client-js/wrapper-b.xml', '/corpus/dailymotion-vast-client-js/sample.xml']);
    expect(ad.id).toBe('ad_id_0002');
    expect(ad.impressions).toEqual([
      'http://example.com/wrapperA-impression', 'http://example.com/wrapperB-impression1', 'http://example.com/wrapperB-impression2', 'http://example.com/impression1',
    ]);
    expect(ad.errors).toEqual(['http://example.com/wrapperA-error', 'http://example.com/wrapperB-error']);
    const linear = ad.creatives[0].linear!;
    expect(linear.tracking.filter((t) => t.event === 'start').map((t) => t.url)).toEqual([
      'http://example.com/wrapperB-linear-start', 'http://example.com/wrapperA-linear-start1', 'http://example.com/wrapperA-linear-start2',
    ]);
    expect(linear.tracking.filter((t) => t.event === 'progress').map((t) => t.offset)).toEqual(['00:00:30', '60%', '00:00:30', '60%', '90%']);
    expect(linear.clickTracking).toEqual([
      'http://example.com/linear-clicktracking', 'http://example.com/wrapperB-linear-clicktracking',
      'http://example.com/wrapperA-linear-clicktracking1', 'http://example.com/wrapperA-linear-clicktracking2', 'http://example.com/wrapperA-linear-clicktracking3',
    ]);
    expect(linear.customClick).toEqual(['http://example.com/wrapperA-linear-customclick']);
    // ad_id_0002 has no ClickThrough; wrapper-b's is used (VAST 2 style).
    expect(linear.clickThrough).toBe('http://example.com/wrapperB-linear-clickthrough');
    // The wrappers' companions with a resource are offered as an extra companion creative.
    const companions = ad.creatives.flatMap((c) => c.companionAds?.companions ?? []);
    expect(companions.map((c) => c.iframeResources[0])).toEqual(['http://www.example.com/wrapperB-companion2-example.php', 'http://www.example.com/wrapperA-companion2-example.php']);
  });

  it('a wrapper to a missing document: 301 to the wrapper Error URL', async () => {
    const r = await resolveVast({ url: `${server.url}/corpus/dailymotion-vast-client-js/wrapper-unavailable-url.xml` }, opts());
    expect(r.ads).toEqual([]);
    expect(r.failures).toEqual([{ rootAdId: '', code: 301, message: expect.stringContaining('HTTP 404'), timedOut: false }]);
    expect(r.errors.map((e) => [e.url, e.code])).toEqual([['http://example.com/wrapper-invalid-xmlfile_wrapper-error', 301]]);
  });

  it('a wrapper to an empty answer: 303 to the wrapper and to the empty document', async () => {
    const r = await resolveVast({ url: `${server.url}/corpus/dailymotion-vast-client-js/wrapper-empty.xml` }, opts());
    expect(r.ads).toEqual([]);
    expect(r.errors.map((e) => [e.url, e.code])).toEqual([['http://example.com/wrapper-empty_wrapper-error', 303], ['http://example.com/empty-no-ad', 303]]);
  });

  it('a wrapper to a document that is not XML: 100', async () => {
    const r = await resolveVast({ text: wrapperXml(server.url, 'w', '/corpus/dailymotion-vast-client-js/invalid-xmlfile.xml'), url: server.url }, opts());
    expect(errs(r)).toEqual([['/err?ad=w&code=[ERRORCODE]', 100]]);
  });

  it('the legacy VASTAdTagURL form is followed too', async () => {
    const r = await resolveVast({ url: `${server.url}/corpus/dailymotion-vast-client-js/wrapper-legacy.xml` }, opts());
    expect(r.ads.map((a) => a.ad.kind)).toEqual(['inline']);
    expect(server.requests[1]).toBe('/corpus/dailymotion-vast-client-js/inline-linear.xml');
  });
});

describe('resolveVast: chain depth (at most 7 wrappers, MediaTailor)', () => {
  for (let n = 1; n <= 8; n++) {
    it(`${n} wrapper${n > 1 ? 's' : ''} ${n <= 7 ? 'reach the InLine ad' : 'are one too many: 302 to every wrapper'}`, async () => {
      const r = await resolveVast({ url: `${server.url}/chain/${n}/1` }, opts());
      if (n <= 7) {
        expect(r.failures).toEqual([]);
        expect(r.ads).toHaveLength(1);
        const ad = r.ads[0].ad;
        expect(ad.id).toBe(`inline${n}`);
        expect(r.ads[0].rootAdId).toBe(`w1of${n}`);
        // Outermost wrapper first, the InLine ad's own last.
        expect(ad.impressions.map((u) => u.replace(server.url, ''))).toEqual([...Array.from({ length: n }, (_, k) => `/imp?ad=w${k + 1}of${n}`), `/imp?ad=inline${n}`]);
        expect(ad.errors).toHaveLength(n + 1);
        expect(ad.creatives[0].linear!.tracking.filter((t) => t.event === 'start')).toHaveLength(n + 1);
        expect(ad.creatives[0].linear!.clickTracking).toHaveLength(n);
        expect(server.requests).toHaveLength(n + 1);
      } else {
        expect(r.ads).toEqual([]);
        expect(r.failures.map((f) => f.code)).toEqual([302]);
        expect(errs(r)).toEqual(Array.from({ length: 8 }, (_, k) => [`/err?ad=w${k + 1}of8&code=[ERRORCODE]`, 302]));
        // The 8th wrapper's URI is never asked.
        expect(server.requests).toHaveLength(8);
      }
    });
  }

  it('maxDepth is configurable', async () => {
    const r = await resolveVast({ url: `${server.url}/chain/3/1` }, opts({ maxDepth: 2 }));
    expect(r.failures.map((f) => f.code)).toEqual([302]);
  });
});

describe('resolveVast: loops, timeouts, budget, broken answers', () => {
  it('a loop is cut when a chain asks a URL twice: 302', async () => {
    const r = await resolveVast({ url: `${server.url}/loop/a` }, opts());
    expect(r.ads).toEqual([]);
    expect(r.failures).toEqual([{ rootAdId: 'loop-a', code: 302, message: expect.stringContaining('loop'), timedOut: false }]);
    expect(errs(r)).toEqual([['/err?ad=loop-a&code=[ERRORCODE]', 302], ['/err?ad=loop-b&code=[ERRORCODE]', 302]]);
    expect(server.requests).toEqual(['/loop/a', '/loop/b']);
  });

  it('macros in a VASTAdTagURI are filled on the wire; a loop behind a cache-buster is still a loop', async () => {
    const r = await resolveVast({ text: wrapperXml(server.url, 'w', '/chain/0/1?cb=[CACHEBUSTING]&ts=[TIMESTAMP]'), url: server.url }, opts());
    expect(r.ads.map((a) => a.ad.id)).toEqual(['inline0']);
    expect(server.requests[0]).toMatch(/^\/chain\/0\/1\?cb=\d{8}&ts=\d{4}-\d\d-\d\dT/);
    server.requests.length = 0;
    const loop = await resolveVast({ text: wrapperXml(server.url, 'w', '/self?cb=[CACHEBUSTING]'), url: server.url }, opts());
    expect(loop.failures.map((f) => f.code)).toEqual([302]);
    expect(server.requests).toHaveLength(1);
  });

  it('a wrapper URI that does not answer in time: 301, without waiting for it', async () => {
    const t0 = Date.now();
    const r = await resolveVast({ text: wrapperXml(server.url, 'w', `${server.url}/slow?ms=2000`) }, opts({ requestTimeoutMs: 150 }));
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(r.failures.map((f) => [f.code, f.timedOut])).toEqual([[301, true]]);
    expect(errs(r)).toEqual([['/err?ad=w&code=[ERRORCODE]', 301]]);
  });

  it('the decision budget bounds the whole chain, whatever the per-request timeout', async () => {
    const t0 = Date.now();
    const hop = encodeURIComponent(`/slow?ms=150&to=${encodeURIComponent('/slow?ms=150&to=/slow?ms=150')}`);
    const r = await resolveVast({ url: `${server.url}/slow?ms=150&to=${hop}` }, opts({ requestTimeoutMs: 3000, deadline: Date.now() + 400 }));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(r.ads).toEqual([]);
    expect(r.failures.map((f) => f.code)).toEqual([301]);
  });

  it('a budget already spent asks nothing', async () => {
    const r = await resolveVast({ text: wrapperXml(server.url, 'w', '/inline') , url: server.url }, opts({ deadline: Date.now() - 1 }));
    expect(server.requests).toEqual([]);
    expect(r.failures).toEqual([{ rootAdId: 'w', code: 301, message: expect.stringContaining('budget'), timedOut: true }]);
  });

  it('HTTP errors are 301 (URI unavailable); VAST 1.0 answers 102', async () => {
    const r500 = await resolveVast({ text: wrapperXml(server.url, 'w', '/status/500'), url: server.url }, opts());
    expect(r500.failures.map((f) => [f.code, f.timedOut])).toEqual([[301, false]]);
    const old = await resolveVast({ text: wrapperXml(server.url, 'w', '/corpus/dailymotion-vast-client-js/outdated-vast.xml'), url: server.url }, opts());
    expect(old.failures.map((f) => f.code)).toEqual([102]);
  });

  it('a wrapper without a VASTAdTagURI: 300', async () => {
    const r = await resolveVast({ text: '<VAST version="4.2"><Ad id="w"><Wrapper><Error>http://e/[ERRORCODE]</Error></Wrapper></Ad></VAST>' }, opts());
    expect(r.errors.map((e) => [e.url, e.code])).toEqual([['http://e/[ERRORCODE]', 300]]);
  });

  it('followAdditionalWrappers="false" stops at the next wrapper: 302', async () => {
    const r = await resolveVast({ text: wrapperXml(server.url, 'w0', '/chain/1/1', ' followAdditionalWrappers="false"'), url: server.url }, opts());
    expect(r.failures.map((f) => f.code)).toEqual([302]);
    expect(errs(r)).toEqual([['/err?ad=w0&code=[ERRORCODE]', 302], ['/err?ad=w1of1&code=[ERRORCODE]', 302]]);
    const ok = await resolveVast({ text: wrapperXml(server.url, 'w0', '/chain/0/1', ' followAdditionalWrappers="false"'), url: server.url }, opts());
    expect(ok.ads.map((a) => a.ad.id)).toEqual(['inline0']);
  });

  it('a root document that cannot be had is a root failure, not an ad failure', async () => {
    const r = await resolveVast({ url: `${server.url}/status/503` }, opts());
    expect(r.rootFailure).toMatchObject({ kind: 'http', vastErrorCode: 301 });
    const t = await resolveVast({ url: `${server.url}/slow?ms=2000` }, opts({ requestTimeoutMs: 100 }));
    expect(t.rootFailure).toMatchObject({ kind: 'timeout' });
    const p = await resolveVast({ text: 'nope' }, opts());
    expect(p.rootFailure).toMatchObject({ kind: 'parse', vastErrorCode: 100 });
  });
});

describe('resolveVast: pods, allowMultipleAds, fallbackOnNoAd', () => {
  const pod = (...ads: string[]) => `<VAST version="4.2">${ads.join('')}</VAST>`;
  const wrapperAd = (id: string, seq: number | null, next: string, attrs = '') =>
    wrapperXml(server.url, id, next, attrs).replace(/^<VAST version="4.2">/, '').replace(/<\/VAST>$/, '').replace(`<Ad id="${id}">`, `<Ad id="${id}"${seq === null ? '' : ` sequence="${seq}"`}>`);

  it('a pod resolves ad by ad, in sequence order, wrappers in parallel', async () => {
    const doc = pod(wrapperAd('w2', 2, '/chain/1/1'), inlineAd(server.url, 'p1', 1), wrapperAd('w3', 3, '/chain/2/1'));
    const r = await resolveVast({ text: doc, url: server.url }, opts());
    expect(r.ads.map((a) => [a.ad.id, a.ad.sequence, a.rootAdId])).toEqual([['p1', 1, 'p1'], ['inline1', 2, 'w2'], ['inline2', 3, 'w3']]);
  });

  it('allowMultipleAds="true" takes the whole pod of the answer at the wrapper\'s place; the default takes one ad', async () => {
    const many = await resolveVast({ text: pod(wrapperAd('w', 1, '/inline?ads=3&seq=1', ' allowMultipleAds="true"'), inlineAd(server.url, 'p2', 2)), url: server.url }, opts());
    expect(many.ads.map((a) => a.ad.id)).toEqual(['i1', 'i2', 'i3', 'p2']);
    const one = await resolveVast({ text: pod(wrapperAd('w', 1, '/inline?ads=3&seq=1'), inlineAd(server.url, 'p2', 2)), url: server.url }, opts());
    expect(one.ads.map((a) => a.ad.id)).toEqual(['i1', 'p2']);
    expect(one.problems.map((p) => p.code)).toContain('VAST_WRAPPER_SINGLE_AD');
    // The first stand-alone ad is preferred; VAST 2 answers keep all their ads.
    const standalone = await resolveVast({ text: wrapperXml(server.url, 'w', '/inline?ads=2'), url: server.url }, opts());
    expect(standalone.ads.map((a) => a.ad.id)).toEqual(['i1']);
    const v2 = await resolveVast({ text: wrapperXml(server.url, 'w', '/inline?ads=2&v=2.0'), url: server.url }, opts());
    expect(v2.ads.map((a) => a.ad.id)).toEqual(['i1', 'i2']);
  });

  it('a pod wrapper that ends in no ad is replaced by a stand-alone ad of the response, unless fallbackOnNoAd="false"', async () => {
    const doc = (attrs: string) => pod(wrapperAd('w1', 1, '/empty', attrs), inlineAd(server.url, 'p2', 2), inlineAd(server.url, 's1', null), inlineAd(server.url, 's2', null));
    const fb = await resolveVast({ text: doc(''), url: server.url }, opts());
    expect(fb.ads.map((a) => [a.ad.id, a.ad.sequence])).toEqual([['s1', 1], ['p2', 2]]);
    expect(errs(fb)).toEqual([['/err?ad=w1&code=[ERRORCODE]', 303], ['/err?ad=empty-doc&code=[ERRORCODE]', 303]]);
    const none = await resolveVast({ text: doc(' fallbackOnNoAd="false"'), url: server.url }, opts());
    expect(none.ads.map((a) => a.ad.id)).toEqual(['p2']);
  });

  it('stand-alone ads of a response without a pod are all resolved, in document order', async () => {
    const r = await resolveVast({ text: pod(inlineAd(server.url, 'a', null), wrapperAd('w', null, '/chain/0/1'), inlineAd(server.url, 'b', null)), url: server.url }, opts());
    expect(r.ads.map((a) => a.ad.id)).toEqual(['a', 'inline0', 'b']);
  });

  it('an already parsed document is accepted as is', async () => {
    const r = await resolveVast({ vast: { version: '4.2', ads: [], errors: ['http://e'] } }, opts());
    expect(r).toMatchObject({ ads: [], rootErrors: ['http://e'], rootFailure: null });
  });
});
