import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, isManifest } from '../../../demo/server/contentTypeOf';
import { resolveInside } from '../../../demo/server/sendFile';

const root = path.resolve('/srv/media');

describe('resolveInside', () => {
  it('maps URL paths to files below the root', () => {
    expect(resolveInside(root, '/vod/360p/index.m3u8')).toBe(path.join(root, 'vod/360p/index.m3u8'));
    expect(resolveInside(root, '/a%20b.ts')).toBe(path.join(root, 'a b.ts'));
    expect(resolveInside(root, '/')).toBe(root);
    expect(resolveInside(root, '//double//slash.ts')).toBe(path.join(root, 'double/slash.ts'));
  });

  it.each([
    '/../etc/passwd',
    '/vod/../../etc/passwd',
    '/%2e%2e/etc/passwd',
    '/..%2fetc%2fpasswd',
    '/vod/..%2F..%2Fetc',
    '/..',
    '/a%5c..%5c..%5cb',
    '/a%00b',
    '/%E0%A4%A', // malformed percent-encoding
  ])('refuses %s', (p) => {
    expect(resolveInside(root, p)).toBeNull();
  });
});

describe('contentTypeOf', () => {
  it.each([
    ['a/master.m3u8', 'application/vnd.apple.mpegurl'],
    ['seg_000.ts', 'video/mp2t'],
    ['ad6.mp4', 'video/mp4'],
    ['chunk.m4s', 'video/iso.segment'],
    ['live.mpd', 'application/dash+xml'],
    ['index.html', 'text/html; charset=utf-8'],
    ['x.MJS', 'text/javascript; charset=utf-8'],
    ['app.webmanifest', 'application/manifest+json'],
    ['icon.svg', 'image/svg+xml'],
    ['dir.v2/noext', 'application/octet-stream'],
  ])('%s is %s', (file, type) => {
    expect(contentTypeOf(file)).toBe(type);
  });

  it('marks manifests, which are never cached', () => {
    expect(isManifest('x/index.m3u8')).toBe(true);
    expect(isManifest('vod.mpd')).toBe(true);
    expect(isManifest('seg_001.ts')).toBe(false);
  });
});
