/** The StreamPackage URL surface (protocols.md §1.3, §2) through the one route parser the worker uses. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRoute } from '../../../src/session/routes';
import { streamPackageUrls } from '../../../src/session/streamPackageRoute';

describe('StreamPackage routes', () => {
  const table: [string, object | null][] = [
    ['/v1/ssai/session/ch1/xxx.m3u8', { kind: 'ssai-session', channel: 'ch1', asset: 'xxx.m3u8' }],
    ['/v1/ssai/session/demo/vod/master.m3u8', { kind: 'ssai-session', channel: 'demo', asset: 'vod/master.m3u8' }],
    ['/v1/ssai/master/demo/main.m3u8', { kind: 'ssai-master', channel: 'demo', file: 'main.m3u8' }],
    ['/v1/ssai/master/demo/other.m3u8', { kind: 'ssai-master', channel: 'demo', file: 'other.m3u8' }],
    ['/v1/ssai/tracking/demo/0123abcd', { kind: 'ssai-tracking', channel: 'demo', sessionId: '0123abcd' }],
    // Not StreamPackage's: left to the network.
    ['/v1/ssai/session/demo/vod/master.mpd', null],
    ['/v1/ssai/session/demo', null],
    ['/v1/ssai/master/demo/a/main.m3u8', null],
    ['/v1/ssai/master/demo/main.mpd', null],
    ['/v1/ssai/tracking/demo', null],
    ['/v1/ssai/tracking/demo/sid/extra', null],
    ['/v1/ssai/tracking/demo/s%20id', null],
    ['/v1/ssai/tracking/de%20mo/sid', null],
    ['/v1/ssai/segment/u/sid/asset/1', null],
    ['/v1/ssai/session/demo/../x.m3u8', null],
    ['/v1/ssai/session/demo/%2e%2e/x.m3u8', null],
    ['/v1/ssai/session/demo/a%2Fb.m3u8', null],
    ['/v1/ssai/unknown/demo/x.m3u8', null],
  ];
  for (const [path, want] of table) {
    it(path, () => { expect(parseRoute(path)).toEqual(want); });
  }

  it('honours the worker scope', () => {
    expect(parseRoute('/app/v1/ssai/tracking/demo/sid', '/app/')).toEqual({ kind: 'ssai-tracking', channel: 'demo', sessionId: 'sid' });
    expect(parseRoute('/v1/ssai/tracking/demo/sid', '/app/')).toBeNull();
  });

  it('parses back the URLs it writes (the query carries session_id)', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9._~-]{1,20}$/).filter((s) => s !== '.' && s !== '..');
    fc.assert(fc.property(token, token, fc.constantFrom('/', '/app/'), (channel, sid, scope) => {
      const m = new URL(streamPackageUrls.master(scope, channel, sid), 'http://x');
      expect(parseRoute(m.pathname, scope)).toEqual({ kind: 'ssai-master', channel, file: 'main.m3u8' });
      expect(m.searchParams.get('session_id')).toBe(sid);
      expect(parseRoute(streamPackageUrls.tracking(scope, channel, sid), scope)).toEqual({ kind: 'ssai-tracking', channel, sessionId: sid });
    }));
  });
});
