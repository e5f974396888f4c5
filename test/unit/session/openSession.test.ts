import { describe, expect, it } from 'vitest';
import { initFromBody, initFromQuery, newSessionId, newUuid, createSessionRecord } from '../../../src/session/openSession';
import { StitchboxError } from '../../../src/errors';
import { randomBytes } from 'node:crypto';

const rnd = (n: number) => new Uint8Array(randomBytes(n));

describe('session initialisation', () => {
  it('accepts an empty body (Shaka sends none) as client-side reporting', () => {
    expect(initFromBody('')).toEqual({ playerParams: {}, manifestParams: {}, originParams: {}, reportingMode: 'client', overlayAvails: false });
  });

  it('reads adsParams, playerParams, manifestParams, reportingMode and forwards other keys to the origin', () => {
    const init = initFromBody(JSON.stringify({
      adsParams: { deviceType: 'ipad', n: 3 }, playerParams: { x: 'y' }, manifestParams: { test: '123' }, reportingMode: 'server',
      availSuppression: { mode: 'OFF' }, overlayAvails: 'on', origin_access_token: 'abc', streamId: 's1',
    }));
    expect(init.playerParams).toEqual({ deviceType: 'ipad', n: '3', x: 'y' });
    expect(init.manifestParams).toEqual({ test: '123' });
    expect(init.originParams).toEqual({ origin_access_token: 'abc' });
    expect(init.reportingMode).toBe('server');
    expect(init.overlayAvails).toBe(true);
  });

  it('rejects bodies that are not a JSON object, and bad reportingMode, with a clear error', () => {
    for (const bad of ['{', '[1]', '"x"', '{"reportingMode":"both"}', '{"adsParams":"x"}']) {
      expect(() => initFromBody(bad), bad).toThrow(StitchboxError);
    }
    expect(() => initFromBody('{')).toThrow(/not JSON/);
  });

  it('reads the query form of explicit GET and implicit initialisation', () => {
    const init = initFromQuery(new URLSearchParams('ads.pod=2&playerParams.k=v&manifestParams.m=1&manifest.n=2&aws.sessionId=x&token=t&aws.reportingMode=client'), 'server');
    expect(init).toMatchObject({ playerParams: { pod: '2', k: 'v' }, manifestParams: { m: '1', n: '2' }, originParams: { token: 't' }, reportingMode: 'client' });
    expect(initFromQuery(new URLSearchParams(''), 'server').reportingMode).toBe('server');
  });

  it('reads availSuppression from the body and aws.availSuppression* from the query (protocols.md §8)', () => {
    expect(initFromBody(JSON.stringify({ availSuppression: { mode: 'BEHIND_LIVE_EDGE', value: '00:00:30', fillPolicy: 'PARTIAL_AVAIL' } })).availSuppression)
      .toEqual({ mode: 'BEHIND_LIVE_EDGE', valueSeconds: 30, fillPolicy: 'PARTIAL_AVAIL' });
    expect(initFromBody(JSON.stringify({ availSuppression: { mode: 'AFTER_LIVE_EDGE', value: '01:02:03' } })).availSuppression)
      .toEqual({ mode: 'AFTER_LIVE_EDGE', valueSeconds: 3723, fillPolicy: 'FULL_AVAIL_ONLY' });
    const q = initFromQuery(new URLSearchParams('aws.availSuppressionMode=BEHIND_LIVE_EDGE&aws.availSuppressionValue=00:01:00&x=1'), 'server');
    expect(q.availSuppression).toEqual({ mode: 'BEHIND_LIVE_EDGE', valueSeconds: 60, fillPolicy: 'FULL_AVAIL_ONLY' });
    // Not forwarded to the origin.
    expect(q.originParams).toEqual({ x: '1' });
    expect(initFromBody('{}').availSuppression).toBeUndefined();
  });

  it('rejects a bad availSuppression mode, value or fill policy', () => {
    for (const bad of [{ mode: 'SOMETIMES' }, { mode: 'BEHIND_LIVE_EDGE', value: '30' }, { mode: 'BEHIND_LIVE_EDGE', value: '00:00:30', fillPolicy: 'ALL' }, 'on']) {
      expect(() => initFromBody(JSON.stringify({ availSuppression: bad }))).toThrow(StitchboxError);
    }
    expect(() => initFromQuery(new URLSearchParams('aws.availSuppressionMode=BEHIND_LIVE_EDGE&aws.availSuppressionValue=1:2'), 'server')).toThrow(/HH:MM:SS/);
  });

  it('makes unguessable ids: 128 random bits, v4 UUIDs', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => newSessionId(rnd)));
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(newUuid(rnd)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Ids come from the random source, not from a counter or the clock.
    const fixed = () => new Uint8Array(16).fill(0xab);
    expect(newSessionId(fixed)).toBe('ab'.repeat(16));
  });

  it('builds a record with the format from the asset', () => {
    const s = createSessionRecord({ init: initFromBody(''), account: 'a', configName: 'c', assetPath: 'x/y.mpd', randomBytes: rnd, now: 5, userAgent: 'UA', referer: '' });
    expect(s).toMatchObject({ format: 'dash', reportingMode: 'client', createdAt: 5, playlists: null });
  });
});
