import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expandAdsTemplate, type AdsTemplateVars } from '../../../src/ads/expandAdsTemplate';

const vars = (over: Partial<AdsTemplateVars> = {}): AdsTemplateVars => ({
  session: { id: 42, uuid: 'u-1', avail_duration_ms: 30000, avail_duration_secs: 30, user_agent: 'Mozilla/5.0 (X11; Linux)', referer: '' },
  avail: { index: 2, random: 1234567890 },
  scte: { event_id: 1207959695, segmentation_type_id: 52, 'segmentation_upid.assetId': 'asset 9' },
  playerParams: { Gender: 'f', deviceType: 'ctv' },
  asset: { CAID: '12345', Genre: 'news & weather' },
  ...over,
});

describe('expandAdsTemplate (protocols.md §11)', () => {
  it('fills every namespace', () => {
    const t = 'https://ads.example.com/vast?sid=[session.id]&uuid=[session.uuid]&dur=[session.avail_duration_secs]&ua=[session.user_agent]'
      + '&i=[avail.index]&r=[avail.random]&ev=[scte.event_id]&st=[scte.segmentation_type_id]&aid=[scte.segmentation_upid.assetId]'
      + '&g=[player_params.gender]&caid=[asset.CAID]&genre=[asset.Genre]';
    const { url, problems } = expandAdsTemplate(t, vars());
    expect(problems).toEqual([]);
    const q = new URL(url).searchParams;
    expect(Object.fromEntries(q)).toEqual({
      sid: '42', uuid: 'u-1', dur: '30', ua: 'Mozilla/5.0 (X11; Linux)', i: '2', r: '1234567890', ev: '1207959695', st: '52',
      aid: 'asset 9', g: 'f', caid: '12345', genre: 'news & weather',
    });
  });

  it('player params are case-insensitive (adsParams inner keys: §1.1)', () => {
    expect(expandAdsTemplate('x=[player_params.DEVICETYPE]&y=[player_params.gender]', vars()).url).toBe('x=ctv&y=f');
  });

  it('variables can be concatenated, used in paths and as query keys', () => {
    const { url } = expandAdsTemplate('https://ads.example.com/[player_params.deviceType]/[session.id][avail.index]/vast?[player_params.gender]=1', vars());
    expect(url).toBe('https://ads.example.com/ctv/422/vast?f=1');
  });

  it('an unknown or missing variable becomes "" and is reported', () => {
    const { url, problems } = expandAdsTemplate('https://a/v?x=[session.nope]&y=[player_params.missing]&z=[scte.avail_num]', vars());
    expect(url).toBe('https://a/v?x=&y=&z=');
    expect(problems.map((p) => p.code)).toEqual(Array(3).fill('WARNING_URL_VARIABLE_SUBSTITUTION_FAILED'));
  });

  it('leaves other brackets alone (IPv6 hosts, VAST macros for the ADS)', () => {
    const { url, problems } = expandAdsTemplate('http://[::1]:8080/vast?cb=[CACHEBUSTING]&x=[foo.bar]&s=[session.id]', vars());
    expect(url).toBe('http://[::1]:8080/vast?cb=[CACHEBUSTING]&x=[foo.bar]&s=42');
    expect(problems).toEqual([]);
  });

  it('a value cannot inject a query parameter or a path segment', () => {
    const evil = 'a&b=c/../x';
    const { url } = expandAdsTemplate('https://ads.example.com/v/[player_params.p]/vast?q=[player_params.p]&k=1', vars({ playerParams: { p: evil } }));
    const u = new URL(url);
    expect(u.pathname).toBe('/v/a%26b%3Dc%2F..%2Fx/vast');
    expect([...u.searchParams.keys()]).toEqual(['q', 'k']);
    expect(u.searchParams.get('q')).toBe(evil);
  });

  it('a value that would be a whole "." or ".." path segment is dropped', () => {
    const { url, problems } = expandAdsTemplate('https://ads.example.com/a/[player_params.p]/vast?q=[player_params.p]', vars({ playerParams: { p: '..' } }));
    expect(url).toBe('https://ads.example.com/a//vast?q=..');
    expect(new URL(url).pathname).toBe('/a//vast');
    expect(problems.map((p) => p.code)).toEqual(['ADS_TEMPLATE_UNSAFE_VALUE']);
  });

  it('property: whatever the values, the path keeps its segments and the query keeps its keys', () => {
    const template = 'https://ads.example.com/v/[player_params.a]/x[asset.b]/vast?p=[player_params.a]&[session.uuid]=1&s=[scte.event_id]#[avail.index]';
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string(), fc.string(), (a, b, uuid, ev) => {
      const { url } = expandAdsTemplate(template, vars({ playerParams: { a }, asset: { b }, session: { uuid }, scte: { event_id: ev } }));
      const u = new URL(url);
      expect(u.host).toBe('ads.example.com');
      const segs = u.pathname.split('/');
      expect(segs).toHaveLength(5);
      expect(segs[1]).toBe('v');
      expect(segs[3].startsWith('x')).toBe(true);
      expect(segs[4]).toBe('vast');
      const keys = [...u.searchParams.keys()];
      expect(keys).toHaveLength(3);
      expect(keys[0]).toBe('p');
      expect(keys[2]).toBe('s');
      expect([...u.searchParams.entries()][2]).toEqual(['s', ev]);
      // By position: a uuid of 'p' or 's' repeats a key, so look the pair up by its place, not its name.
      expect([...u.searchParams.entries()][1][1]).toBe('1');
    }));
  });

  it('warns when the template is longer than MediaTailor allows', () => {
    const { problems } = expandAdsTemplate(`https://a/?x=${'y'.repeat(25_001)}`, vars());
    expect(problems.map((p) => p.code)).toEqual(['ADS_TEMPLATE_TOO_LONG']);
  });

  it('returns a template without variables unchanged', () => {
    expect(expandAdsTemplate('https://a/vast?x=1', vars())).toEqual({ url: 'https://a/vast?x=1', problems: [] });
  });
});
