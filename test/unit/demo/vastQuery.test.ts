import { describe, expect, it } from 'vitest';
import { loadAdCatalog, type AdCreative } from '../../../demo/server/adCatalog';
import { choosePod, MAX_DELAY_MS, MAX_POD, parseVastQuery } from '../../../demo/server/vastQuery';
import { MEDIA_DIR } from './fixture';

const catalog: AdCreative[] = loadAdCatalog(MEDIA_DIR);
const q = (s: string) => parseVastQuery(new URLSearchParams(s));
const secondsOf = (s: string) => choosePod(q(s), catalog).map((a) => a.creative.seconds);

describe('parseVastQuery', () => {
  it('defaults: 2 ads cycling 6, 10, 15, no limit, no failure, not skippable', () => {
    expect(q('')).toEqual({ pod: 2, durations: [6, 10, 15], availSeconds: 0, fail: null, delayMs: 0, sid: '', avail: '', skipSeconds: null });
  });

  it('ignores unusable values instead of failing', () => {
    expect(q('pod=abc&durations=7,x,&dur=-3&fail=bogus&delay=NaN&skip=-1')).toEqual(q(''));
    expect(q('durations=7,10, 6').durations).toEqual([10, 6]);
  });

  it('clamps pod and delay', () => {
    expect(q('pod=1000').pod).toBe(MAX_POD);
    expect(q('pod=2.9').pod).toBe(2);
    expect(q('delay=99999999').delayMs).toBe(MAX_DELAY_MS);
  });

  it('reduces sid and avail to id-safe characters', () => {
    expect(q('sid=a%26b%3Cc%3E"d&avail=1 2').sid).toBe('a_b_c__d');
    expect(q('sid=a%26b&avail=1 2').avail).toBe('1_2');
    expect(q(`sid=${'z'.repeat(200)}`).sid).toHaveLength(64);
  });

  it('reads each failure mode', () => {
    for (const f of ['500', 'malformed', 'empty', 'timeout'] as const) expect(q(`fail=${f}`).fail).toBe(f);
  });
});

describe('choosePod', () => {
  it('cycles the duration list over the pod', () => {
    expect(secondsOf('pod=7')).toEqual([6, 10, 15, 6, 10, 15, 6]);
    expect(secondsOf('pod=3&durations=10')).toEqual([10, 10, 10]);
  });

  it('keeps whole ads that fit the avail, in order, skipping ones that do not (protocols.md §7)', () => {
    expect(secondsOf('pod=3&dur=30')).toEqual([6, 10]);
    expect(secondsOf('pod=3&dur=31')).toEqual([6, 10, 15]);
    expect(secondsOf('pod=3&durations=15,10,6&dur=21')).toEqual([15, 6]);
    expect(secondsOf('pod=2&dur=5')).toEqual([]);
  });

  it('numbers the kept ads 1..n and builds ids from sid, avail, sequence and length', () => {
    const pod = choosePod(q('pod=3&durations=15,10,6&dur=21&sid=S&avail=9'), catalog);
    expect(pod.map((a) => [a.sequence, a.id])).toEqual([[1, 'S-a9-1-ad15'], [2, 'S-a9-2-ad6']]);
  });
});

describe('loadAdCatalog', () => {
  it('reads resolution, codecs and bitrates from the generated media', () => {
    expect(catalog.map((c) => [c.id, c.seconds])).toEqual([['ad6', 6], ['ad10', 10], ['ad15', 15]]);
    for (const c of catalog) {
      expect([c.width, c.height]).toEqual([640, 360]);
      expect(c.codecs).toMatch(/^avc1\.[0-9A-F]{6},mp4a\.40\.2$/);
      expect(c.hlsKbps).toBeGreaterThan(50);
      expect(c.mp4Kbps).toBeGreaterThan(50);
    }
  });

  it('falls back to plausible values when the media is missing', () => {
    const fallback = loadAdCatalog('/nonexistent-media-dir');
    expect(fallback).toHaveLength(3);
    expect(fallback[0]).toMatchObject({ width: 640, height: 360, hlsKbps: 500, mp4Kbps: 500 });
  });
});
