import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAttribute, formatAttributes, parseAttributes } from '../../../src/hls/attributes';

describe('parseAttributes (RFC 8216 §4.2)', () => {
  it('reads quoted strings with commas, hex, enums, decimals and resolutions', () => {
    expect(parseAttributes('BANDWIDTH=4497000,RESOLUTION=1280x720,CODECS="avc1.77.30, mp4a.40.2",CLOSED-CAPTIONS=NONE,FRAME-RATE=29.970'))
      .toEqual({ BANDWIDTH: '4497000', RESOLUTION: '1280x720', CODECS: 'avc1.77.30, mp4a.40.2', 'CLOSED-CAPTIONS': 'NONE', 'FRAME-RATE': '29.970' });
    expect(parseAttributes('ID="1-804",PLANNED-DURATION=0,SCTE35-OUT=0xFC3020')).toEqual({ ID: '1-804', 'PLANNED-DURATION': '0', 'SCTE35-OUT': '0xFC3020' });
  });

  it('tolerates spaces after commas and around quoted values (videojs, x9k3, grafov fixtures)', () => {
    expect(parseAttributes('AUTOSELECT=YES, DEFAULT=YES,URI="eng/prog_index.m3u8"')).toEqual({ AUTOSELECT: 'YES', DEFAULT: 'YES', URI: 'eng/prog_index.m3u8' });
    expect(parseAttributes('CUE="/DAv=" ,CUE-OUT=YES ')).toEqual({ CUE: '/DAv=', 'CUE-OUT': 'YES' });
    expect(parseAttributes(' CUE="/DAIAA==", ID="123", TIME=123.12')).toEqual({ CUE: '/DAIAA==', ID: '123', TIME: '123.12' });
  });

  it('keeps a name without value and an unterminated quote', () => {
    expect(parseAttributes('4,SpliceType=VOD_DAI')).toEqual({ 4: '', SpliceType: 'VOD_DAI' });
    expect(parseAttributes('URI="abc')).toEqual({ URI: 'abc' });
  });

  it('findAttribute gives the value span without quotes, bounded by `to`', () => {
    const line = '#EXT-X-MEDIA:TYPE=AUDIO,URI="a/b.m3u8",NAME="x"';
    const span = findAttribute(line, 13, 'URI');
    expect(span && line.slice(span.start, span.end)).toBe('a/b.m3u8');
    expect(span?.quoted).toBe(true);
    expect(findAttribute(line, 13, 'NAME', line.indexOf(',NAME'))).toBeNull();
    expect(findAttribute(line, 13, 'LANGUAGE')).toBeNull();
  });

  it('formatAttributes quotes the names asked for', () => {
    expect(formatAttributes({ URI: 'init.mp4', BYTERANGE: '720@0' }, new Set(['URI', 'BYTERANGE']))).toBe('URI="init.mp4",BYTERANGE="720@0"');
    expect(formatAttributes({ METHOD: 'NONE', BANDWIDTH: 100 }, new Set())).toBe('METHOD=NONE,BANDWIDTH=100');
  });

  it('format → parse round-trips (property)', () => {
    const name = fc.stringMatching(/^[A-Z][A-Z0-9-]{0,10}$/);
    const quotedValue = fc.stringMatching(/^[^"\r\n]{0,20}$/);
    const bareValue = fc.stringMatching(/^[A-Za-z0-9.x@-]{1,12}$/);
    const entries = fc.uniqueArray(fc.tuple(name, fc.boolean(), quotedValue, bareValue), { selector: (e) => e[0], maxLength: 6 });
    fc.assert(fc.property(entries, (list) => {
      const attrs: Record<string, string> = {};
      const quoted = new Set<string>();
      for (const [n, q, qv, bv] of list) {
        attrs[n] = q ? qv : bv;
        if (q) quoted.add(n);
      }
      expect(parseAttributes(formatAttributes(attrs, quoted))).toEqual(attrs);
    }));
  });
});
