import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRoute, urls, extensionOf, withQuery } from '../../../src/session/routes';

describe('parseRoute', () => {
  it('reads every route of the player-facing surface', () => {
    expect(parseRoute('/v1/session/acct/demo/vod/master.m3u8')).toEqual({ kind: 'session', account: 'acct', config: 'demo', asset: 'vod/master.m3u8' });
    expect(parseRoute('/v1/master/acct/demo/a/b/c.m3u8')).toEqual({ kind: 'master', account: 'acct', config: 'demo', asset: 'a/b/c.m3u8' });
    expect(parseRoute('/v1/manifest/acct/demo/abc123/2.m3u8')).toEqual({ kind: 'manifest', account: 'acct', config: 'demo', sessionId: 'abc123', playlist: 2 });
    expect(parseRoute('/v1/tracking/acct/demo/abc123')).toEqual({ kind: 'tracking', account: 'acct', config: 'demo', sessionId: 'abc123' });
    expect(parseRoute('/v1/segment/acct/demo/abc/1/0/1/3.ts')).toEqual({ kind: 'segment', account: 'acct', config: 'demo', sessionId: 'abc', avail: 1, piece: 0, rendition: 1, segment: 3 });
    expect(parseRoute('/v1/segment/acct/demo/abc/1/slate/0/map.mp4')).toMatchObject({ piece: 'slate', segment: 'map' });
  });

  it('leaves everything else alone', () => {
    for (const p of ['/', '/origin/vod/master.m3u8', '/v1/', '/v1/master/acct/demo', '/v1/unknown/a/b/c', '/v2/master/a/b/c.m3u8',
      '/v1/master/acct/demo/x.mpd', '/v1/manifest/acct/demo/sid/x.m3u8', '/v1/segment/acct/demo/sid/1/0/0/../../x',
      '/v1/master/acct/demo/../../etc/passwd.m3u8', '/v1/master/acct/demo/%2e%2e/x.m3u8', '/v1/master/acct/demo/a%2Fb.m3u8',
      '/v1/session/a b/demo/x.m3u8', '/v1/segment/acct/demo/sid/1/0/0/3.ts/extra']) {
      expect(parseRoute(p), p).toBeNull();
    }
  });

  it('honours the worker scope', () => {
    expect(parseRoute('/app/v1/tracking/a/c/s', '/app/')).toMatchObject({ kind: 'tracking' });
    expect(parseRoute('/v1/tracking/a/c/s', '/app/')).toBeNull();
  });

  it('parses back every URL it builds', () => {
    fc.assert(fc.property(
      fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), fc.stringMatching(/^[a-f0-9]{32}$/),
      fc.nat(999), fc.oneof(fc.nat(99), fc.constant('slate' as const)), fc.nat(9), fc.oneof(fc.nat(9999), fc.constant('map' as const)),
      (acct, cfg, sid, avail, piece, r, seg) => {
        const u = urls.segment('/', acct, cfg, sid, avail, piece, r, seg, '.ts');
        expect(parseRoute(u)).toEqual({ kind: 'segment', account: acct, config: cfg, sessionId: sid, avail, piece, rendition: r, segment: seg });
        const m = urls.manifest('/', acct, cfg, sid, avail);
        expect(parseRoute(m)).toEqual({ kind: 'manifest', account: acct, config: cfg, sessionId: sid, playlist: avail });
      }));
  });
});

describe('URL helpers', () => {
  it('adds encoded query parameters', () => {
    expect(withQuery('/a', {})).toBe('/a');
    expect(withQuery('/a', { x: '1 2', 'y&z': 'q=r' })).toBe('/a?x=1%202&y%26z=q%3Dr');
    expect(withQuery('/a?b=1', { c: '2' })).toBe('/a?b=1&c=2');
  });
  it('finds segment extensions', () => {
    expect(extensionOf('http://x/y/seg_001.ts?token=1')).toBe('.ts');
    expect(extensionOf('http://x/y/seg.M4S#f')).toBe('.m4s');
    expect(extensionOf('http://x/y/segment')).toBe('');
  });
});
