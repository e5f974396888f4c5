import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUriResolver, removeDotSegments, resolveUri } from '../../../src/hls/resolveUri';

const whatwg = (base: string, ref: string) => new URL(ref, base).href;

describe('resolveUri', () => {
  const fixedBase = 'https://cdn.example.com/live/channel/index.m3u8?token=abc#frag';
  it.each([
    ['seg-1.ts', 'https://cdn.example.com/live/channel/seg-1.ts'],
    ['./seg-1.ts', 'https://cdn.example.com/live/channel/seg-1.ts'],
    ['../other/seg.ts', 'https://cdn.example.com/live/other/seg.ts'],
    ['../../../../up.ts', 'https://cdn.example.com/up.ts'],
    ['/root/seg.ts?x=1', 'https://cdn.example.com/root/seg.ts?x=1'],
    ['//other.example.net/a/./b/../c.ts', 'https://other.example.net/a/c.ts'],
    ['?only=query', 'https://cdn.example.com/live/channel/index.m3u8?only=query'],
    ['#f2', 'https://cdn.example.com/live/channel/index.m3u8?token=abc#f2'],
    ['', 'https://cdn.example.com/live/channel/index.m3u8?token=abc'],
    ['http://abs.example/x/y.ts', 'http://abs.example/x/y.ts'],
    ['HTTPS://Abs.Example', 'https://abs.example/'],
    ['skd://00066304-0081-fbda', 'skd://00066304-0081-fbda'],
    ['1woxvooiidb(11186147_ISMUSP)-video=241929-1.ts', 'https://cdn.example.com/live/channel/1woxvooiidb(11186147_ISMUSP)-video=241929-1.ts'],
    ['a/b/..', 'https://cdn.example.com/live/channel/a/'],
    ['seg.ts?p=../x', 'https://cdn.example.com/live/channel/seg.ts?p=../x'],
  ])('%s', (ref, expected) => {
    expect(resolveUri(fixedBase, ref)).toBe(expected);
    expect(whatwg(fixedBase, ref)).toBe(expected);
  });

  it('normalises the base like WHATWG: host case, default port, dot segments', () => {
    expect(resolveUri('HTTPS://CDN.Example.com:443/a/./b/../c/x.m3u8', 'y.ts')).toBe(whatwg('HTTPS://CDN.Example.com:443/a/./b/../c/x.m3u8', 'y.ts'));
    expect(resolveUri('http://host:8080', 'y.ts')).toBe('http://host:8080/y.ts');
  });

  it('removeDotSegments follows RFC 3986 §5.2.4', () => {
    expect(removeDotSegments('/a/b/c/./../../g')).toBe('/a/g');
    expect(removeDotSegments('/a//b/../c')).toBe('/a//c');
    expect(removeDotSegments('/..')).toBe('/');
  });

  // The shapes playlists use, from characters WHATWG does not percent-encode.
  const segment = fc.oneof(
    { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9_~!$&'()*+,;=@:-][A-Za-z0-9._~!$&'()*+,;=@:-]{0,11}$/) },
    { weight: 1, arbitrary: fc.constantFrom('.', '..', '') },
  );
  // The first segment is never empty: `//x` would be an authority, not a path.
  const path = fc.tuple(segment.filter((s) => s !== ''), fc.array(segment, { maxLength: 5 })).map(([first, rest]) => [first, ...rest].join('/'));
  const query = fc.option(fc.stringMatching(/^\?[A-Za-z0-9._~=&/-]{1,12}$/), { nil: '' });
  const fragment = fc.option(fc.stringMatching(/^#[A-Za-z0-9._-]{0,8}$/), { nil: '' });
  const host = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z]{2,5}){1,2}$/).filter((h) => !/(^|\.)xn--/.test(h)); // punycode labels must decode
  const scheme = fc.constantFrom('http:', 'https:');
  const base = fc.tuple(scheme, host, fc.option(fc.constantFrom(':8080', ':443', ':80'), { nil: '' }), path, query, fragment)
    .map(([s, h, port, p, q, f]) => `${s}//${h}${port}/${p}${q}${f}`);
  const ref = fc.oneof(
    fc.tuple(path, query, fragment).map(([p, q, f]) => {
      // A relative path whose first segment has ':' would read as a scheme (RFC 3986 §4.2); playlists do not write those.
      const safe = p.split('/')[0].includes(':') ? `./${p}` : p;
      return safe + q + f;
    }),
    fc.tuple(path, query).map(([p, q]) => `/${p}${q}`),
    fc.tuple(host, path, query).map(([h, p, q]) => `//${h}/${p}${q}`),
    fc.tuple(scheme, host, path, query).map(([s, h, p, q]) => `${s}//${h}/${p}${q}`),
    query.filter((q) => q !== ''),
    fragment,
  );

  it('agrees with new URL(ref, base).href (property)', () => {
    fc.assert(fc.property(base, ref, (b, r) => {
      expect(resolveUri(b, r)).toBe(whatwg(b, r));
    }), { numRuns: 3000 });
  });

  it('a resolver bound to one base gives the same answers as resolveUri', () => {
    fc.assert(fc.property(base, fc.array(ref, { maxLength: 5 }), (b, refs) => {
      const resolve = createUriResolver(b);
      for (const r of refs) expect(resolve(r)).toBe(resolveUri(b, r));
    }));
  });
});
