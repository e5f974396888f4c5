/** The nextToken codec and paging (protocols.md §3.2), on the doc's own tokens and on generated ones. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalToken, decodeNextToken, encodeNextToken, parseIsoDurationMs, TOKEN_LIFETIME_MS } from '../../../src/tracking/nextToken';
import { pageTracking } from '../../../src/tracking/pageTracking';
import type { MediaTailorAd, MediaTailorTracking } from '../../../src/tracking/mediaTailorTypes';
import { isoDuration } from '../../../src/tracking/isoDuration';

describe('nextToken codec', () => {
  it('reads the two tokens of the MediaTailor docs', () => {
    const a = decodeNextToken('UFQzOS4zMzlTXzIwMjMtMDctMzFUMTY6NTQ6MDQuODA1Mzk2NTI5Wl8x', Date.parse('2023-08-01T00:00:00Z'));
    expect(a).toEqual({ ok: true, cursor: { positionMs: 39_339, issuedAt: Date.parse('2023-07-31T16:54:04.805Z'), page: 1 } });
    const b = decodeNextToken('UFQ1TTM0Ljk2N1NfMjAyMi0xMS0xOFQwNDozMzo1Mi4yNDUxOTdaXzE%3D', Date.parse('2022-11-18T05:00:00Z'));
    expect(b).toEqual({ ok: true, cursor: { positionMs: 334_967, issuedAt: Date.parse('2022-11-18T04:33:52.245Z'), page: 1 } });
  });

  it('writes the same shape: base64 of duration_timestamp_n, padding as %3D', () => {
    const t = encodeNextToken({ positionMs: 334_967, issuedAt: Date.parse('2022-11-18T04:33:52.245Z'), page: 1 });
    expect(atob(t.replace(/%3D/g, '='))).toBe('PT5M34.967S_2022-11-18T04:33:52.245Z_1');
    expect(t).toMatch(/^[A-Za-z0-9+/]+(%3D)*$/);
  });

  it('round-trips any cursor, however the client re-encodes the padding', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 * 3600_000 }), fc.integer({ min: 0, max: TOKEN_LIFETIME_MS }), fc.integer({ min: 1, max: 1e6 }), (pos, age, page) => {
      const now = Date.parse('2030-01-01T00:00:00Z');
      const c = { positionMs: pos, issuedAt: now - age, page };
      const t = encodeNextToken(c);
      for (const form of [t, t.replace(/%3D/g, '='), t.replace(/%3D/g, '%253D'), t.replace(/\+/g, ' ')]) {
        expect(decodeNextToken(form, now)).toEqual({ ok: true, cursor: c });
        expect(canonicalToken(form)).toBe(t);
      }
    }));
  });

  it('refuses what it did not write, and tokens older than 24 h', () => {
    const now = Date.now();
    for (const bad of ['', '!!!', btoa('hello'), btoa('PT1S_2024-01-01T00:00:00Z_x'), btoa('1S_2024-01-01T00:00:00Z_1'), btoa('PT1S_yesterday_1')]) {
      const d = decodeNextToken(bad, now);
      expect(d.ok, bad).toBe(false);
    }
    const old = decodeNextToken(encodeNextToken({ positionMs: 0, issuedAt: now - TOKEN_LIFETIME_MS - 1, page: 1 }), now);
    expect(old).toEqual({ ok: false, message: expect.stringMatching(/expired/) });
  });

  it('ISO durations', () => {
    expect(parseIsoDurationMs('PT0S')).toBe(0);
    expect(parseIsoDurationMs('PT1H2M3.5S')).toBe(3_723_500);
    expect(parseIsoDurationMs('PT')).toBeNull();
    expect(parseIsoDurationMs(isoDuration(21.592))).toBe(21_592);
  });
});

function adAt(id: string, start: number, duration: number): MediaTailorAd {
  const ev = (eventType: string, t: number) => ({
    beaconUrls: [`https://b/${id}/${eventType}`], duration: 'PT0S', durationInSeconds: 0, eventId: id, eventProgramDateTime: null, eventType,
    startTime: isoDuration(t), startTimeInSeconds: t,
  });
  return {
    adId: id, adParameters: '', adProgramDateTime: null, adSystem: '', adTitle: '', adVerifications: [], companionAds: [], creativeId: '', creativeSequence: '',
    duration: isoDuration(duration), durationInSeconds: duration, extensions: [], icons: [], mediaFiles: { mediaFilesList: [], mezzanine: '' }, skipOffset: null,
    startTime: isoDuration(start), startTimeInSeconds: start, vastAdId: id,
    trackingEvents: [ev('impression', start), ev('start', start), ev('firstQuartile', start + duration / 4), ev('midpoint', start + duration / 2), ev('complete', start + duration)],
  };
}

function response(ads: MediaTailorAd[][]): MediaTailorTracking {
  return {
    avails: ads.map((list, i) => ({
      adBreakTrackingEvents: [], adMarkerDuration: null, ads: list, availId: String(i), availProgramDateTime: null, duration: 'PT0S', durationInSeconds: 0,
      meta: null, nonLinearAdsList: [], startTime: list[0].startTime, startTimeInSeconds: list[0].startTimeInSeconds,
    })),
    dashAvailabilityStartTime: null, hlsAnchorMediaSequenceNumber: null, nextToken: null, nonLinearAvails: [],
  };
}

describe('pageTracking', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');
  const tok = (t: string | null) => { const d = decodeNextToken(t ?? '', now); if (!d.ok) throw new Error(d.message); return { raw: t!, cursor: d.cursor }; };

  it('no beacons, no token: nextToken null', () => {
    expect(pageTracking(response([]), null, now).nextToken).toBeNull();
  });

  it('polling with each returned token yields every beacon exactly once, as the live window grows', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 30 })), { minLength: 1, maxLength: 6 }), (shape) => {
      // Breaks one after another; each poll sees one more break, as at a live edge.
      const breaks: MediaTailorAd[][] = [];
      let t = 5;
      shape.forEach(([n, d], b) => {
        const list = [];
        for (let i = 0; i < n; i++) { list.push(adAt(`${b}-${i}`, t, d)); t += d; }
        breaks.push(list);
        t += 10;
      });
      const seen: string[] = [];
      let token: string | null = null;
      for (let k = 1; k <= breaks.length + 1; k++) {
        const page: MediaTailorTracking = pageTracking(response(breaks.slice(0, Math.min(k, breaks.length))), token === null ? null : tok(token), now);
        for (const a of page.avails) for (const ad of a.ads) {
          expect(ad.trackingEvents.length).toBeGreaterThan(0);
          for (const e of ad.trackingEvents) seen.push(...e.beaconUrls);
        }
        if (k > breaks.length) expect(page.nextToken).toBe(token); // nothing new: the same token
        token = page.nextToken;
      }
      const every = breaks.flat().flatMap((ad) => ad.trackingEvents.flatMap((e) => e.beaconUrls));
      expect(seen.sort()).toEqual(every.sort());
    }));
  });
});
