import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expandMacros, vastTimecode, type MacroContext } from '../../../src/vast/expandMacros';

const fixed = (v: number) => () => v;

describe('expandMacros (VAST 4.1 §6.1)', () => {
  it('[CACHEBUSTING]: 8 digits, zero-padded, the same number throughout one URL', () => {
    expect(expandMacros('http://t/?cb=[CACHEBUSTING]', { random: fixed(0.00001234) })).toBe('http://t/?cb=00001234');
    expect(expandMacros('http://t/?a=[CACHEBUSTING]&b=[CACHEBUSTING]', { random: fixed(0.5) })).toBe('http://t/?a=50000000&b=50000000');
    // A random source that returns 1 must not make 9 digits.
    expect(expandMacros('[CACHEBUSTING]', { random: fixed(1) })).toBe('99999999');
    expect(expandMacros('[CACHEBUSTING]', {})).toMatch(/^\d{8}$/);
  });

  it('%%CACHEBUSTER%% (legacy) shares the number with [CACHEBUSTING]', () => {
    expect(expandMacros('http://t/?a=%%CACHEBUSTER%%&b=[CACHEBUSTING]', { random: fixed(0.25) })).toBe('http://t/?a=25000000&b=25000000');
  });

  it('[TIMESTAMP]: ISO 8601 with milliseconds and offset, URL-encoded', () => {
    const t = Date.UTC(2016, 0, 17, 8, 15, 7, 127);
    expect(expandMacros('ts=[TIMESTAMP]', { timestamp: t })).toBe(`ts=${encodeURIComponent('2016-01-17T08:15:07.127+00:00')}`);
    expect(expandMacros('ts=[TIMESTAMP]', { timestamp: t })).toBe('ts=2016-01-17T08%3A15%3A07.127%2B00%3A00');
  });

  it('[ERRORCODE] and the numeric macros', () => {
    const ctx: MacroContext = { errorCode: 403, breakPosition: 2, adCount: 3, podSequence: 1, limitAdTracking: true };
    expect(expandMacros('e=[ERRORCODE]&bp=[BREAKPOSITION]&n=[ADCOUNT]&ps=[PODSEQUENCE]&lat=[LIMITADTRACKING]', ctx)).toBe('e=403&bp=2&n=3&ps=1&lat=1');
    expect(expandMacros('lat=[LIMITADTRACKING]', { limitAdTracking: false })).toBe('lat=0');
  });

  it('playheads as HH:MM:SS.mmm, URL-encoded', () => {
    const ctx: MacroContext = { contentPlayhead: 3723.5, mediaPlayhead: 61.25, adPlayhead: 7.001 };
    expect(expandMacros('c=[CONTENTPLAYHEAD]&m=[MEDIAPLAYHEAD]&a=[ADPLAYHEAD]', ctx)).toBe('c=01%3A02%3A03.500&m=00%3A01%3A01.250&a=00%3A00%3A07.001');
    // MEDIAPLAYHEAD replaced CONTENTPLAYHEAD (VAST 4.1): either name is filled from whichever the caller has.
    expect(expandMacros('[MEDIAPLAYHEAD]', { contentPlayhead: 1 })).toBe('00%3A00%3A01.000');
    expect(vastTimecode(0)).toBe('00:00:00.000');
  });

  it('string macros, URL-encoded so a value cannot add parameters', () => {
    const ctx: MacroContext = {
      assetUri: 'https://cdn/ad.m3u8?x=1&y=2', universalAdId: 'ad-id.org 8465', deviceUa: 'Mozilla/5.0 (X11)', pageUrl: 'https://p.example/a?b=c',
      domain: 'p.example', gdprConsent: 'CO&x=1',
    };
    const out = expandMacros('u=[ASSETURI]&id=[UNIVERSALADID]&ua=[DEVICEUA]&p=[PAGEURL]&d=[DOMAIN]&g=[GDPRCONSENT]', ctx);
    expect(out).toBe(`u=${encodeURIComponent(ctx.assetUri!)}&id=ad-id.org%208465&ua=Mozilla%2F5.0%20(X11)&p=${encodeURIComponent(ctx.pageUrl!)}&d=p.example&g=CO%26x%3D1`);
    expect(new URLSearchParams(out).get('g')).toBe('CO&x=1');
  });

  it('a known macro without a value: -1 when numeric or a time, "" when a string', () => {
    expect(expandMacros('e=[ERRORCODE]&a=[ADPLAYHEAD]&t=[TIMESTAMP]&n=[ADCOUNT]&l=[LIMITADTRACKING]', {})).toBe('e=-1&a=-1&t=-1&n=-1&l=-1');
    expect(expandMacros('u=[ASSETURI]&p=[PAGEURL]&g=[GDPRCONSENT]', {})).toBe('u=&p=&g=');
  });

  it('leaves unknown macros and other brackets untouched', () => {
    expect(expandMacros('http://[::1]/x?r=[RANDOM]&r2=[random]&e=[ERRORCODE]', { errorCode: 900 })).toBe('http://[::1]/x?r=[RANDOM]&r2=[random]&e=900');
    expect(expandMacros('a=[[CACHEBUSTING]]&b=[unclosed', { random: fixed(0) })).toBe('a=[00000000]&b=[unclosed');
    expect(expandMacros('no macros here', {})).toBe('no macros here');
    expect(expandMacros('[toString]&[__proto__]', {})).toBe('[toString]&[__proto__]');
  });

  it('never throws on a lone surrogate (encodeURIComponent would)', () => {
    expect(expandMacros('p=[PAGEURL]', { pageUrl: 'a\uD800b' })).toBe('p=a%EF%BF%BDb');
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (v) => {
      expect(expandMacros('d=[DOMAIN]', { domain: v })).not.toContain('[DOMAIN]');
    }));
  });

  it('a second pass changes nothing (replaced values never look like macros)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (page, consent) => {
      const once = expandMacros('p=[PAGEURL]&g=[GDPRCONSENT]&e=[ERRORCODE]', { pageUrl: page, gdprConsent: consent, errorCode: 1 });
      expect(expandMacros(once, { pageUrl: 'X', gdprConsent: 'Y', errorCode: 2 })).toBe(once);
      const q = new URLSearchParams(once);
      expect([...q.keys()]).toEqual(['p', 'g', 'e']);
      expect(q.get('p')).toBe(page);
    }));
  });
});
