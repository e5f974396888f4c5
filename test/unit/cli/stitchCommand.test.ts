/**
 * `stitchbox stitch` over files written to a temp dir from the demo media (demo/media/vod, an ad VAST from
 * demo/server/vastBuilder.ts whose MediaFiles are file: URLs into the demo's ad media), and over the demo server's
 * URLs (its origin, sample ADS and DASH origin). Expected segment counts are read from the input files.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main';
import { startDemoServer, type DemoServer } from '../../../demo/server/startDemoServer';
import { buildVast } from '../../../demo/server/vastBuilder';
import { choosePod, parseVastQuery } from '../../../demo/server/vastQuery';
import { loadAdCatalog } from '../../../demo/server/adCatalog';

const MEDIA = fileURLToPath(new URL('../../../demo/media', import.meta.url));
const corpus = (rel: string) => fileURLToPath(new URL(`../../../../shared/corpus/vast/${rel}`, import.meta.url));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
  return { code, out, err };
}

let dir: string;
let server: DemoServer;
const file = (...p: string[]) => path.join(dir, ...p);
/** The ad ids of the pod in the VAST file, in order (ad6 then ad10 for pod=2). */
let podAds: string[];

beforeAll(async () => {
  server = await startDemoServer({ port: 0 });
  dir = mkdtempSync(path.join(tmpdir(), 'stitchbox-stitch-'));
  for (const p of ['master.m3u8', '360p/index.m3u8', '180p/index.m3u8', 'subs/index.m3u8']) {
    mkdirSync(path.dirname(file('vod', p)), { recursive: true });
    writeFileSync(file('vod', p), readFileSync(path.join(MEDIA, 'vod', p)));
  }
  // The VAST's MediaFiles are <origin>/ads/media/<ad>/master.m3u8: with origin = the temp dir, a link to the demo's ad media.
  mkdirSync(file('ads'));
  symlinkSync(path.join(MEDIA, 'ads'), file('ads', 'media'));
  const pod = choosePod(parseVastQuery(new URLSearchParams('pod=2&sid=t')), loadAdCatalog(MEDIA));
  podAds = pod.map((a) => a.creative.id);
  writeFileSync(file('ad.xml'), buildVast(pod, { origin: pathToFileURL(dir).href, skipSeconds: null }));
  writeFileSync(file('malformed.xml'), '<VAST version="4.2"><Ad><InLine>');
  writeFileSync(file('notes.m3u8'), 'hello\n');
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** URI lines of a media playlist. */
const uris = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
const breaksOf = (rendition: string) => readFileSync(file('vod', rendition, 'index.m3u8'), 'utf8').match(/#EXT-X-CUE-OUT/g)!.length;
const adSegments = (ad: string, rendition: string) => uris(readFileSync(path.join(MEDIA, 'ads', ad, rendition, 'index.m3u8'), 'utf8')).length;
const contentUris = (rendition: string) => uris(readFileSync(file('vod', rendition, 'index.m3u8'), 'utf8'));

/** The two playlists of a multivariant preview, split at the command's comment line. */
function split(out: string): { multivariant: string; comment: string; media: string } {
  const at = out.indexOf('\n# stitchbox: ');
  const end = out.indexOf('\n', at + 1);
  return { multivariant: out.slice(0, at + 1), comment: out.slice(at + 1, end), media: out.slice(end + 1) };
}

describe('stitchbox stitch <file> --ads <file>', () => {
  it('prints the stitched multivariant playlist and variant 0, each break holding the pod at the ads\' own file: URLs', async () => {
    const r = await run('stitch', file('vod', 'master.m3u8'), '--ads', file('ad.xml'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const { multivariant, comment, media } = split(r.out);
    expect(multivariant.match(/#EXT-X-STREAM-INF/g)).toHaveLength(2);
    expect(comment).toContain(`stitched from ${pathToFileURL(file('vod', '360p', 'index.m3u8')).href}`);
    expect(media.startsWith('#EXTM3U\n')).toBe(true);
    expect(media).toContain('#EXT-X-ENDLIST');
    expect(media).not.toContain('/v1/segment/');
    expect(media).not.toContain('#EXT-X-CUE-OUT');
    const lines = uris(media);
    const ads = lines.filter((u) => u.startsWith(pathToFileURL(file('ads', 'media')).href));
    const perBreak = podAds.reduce((n, ad) => n + adSegments(ad, '360p'), 0);
    expect(perBreak).toBeGreaterThan(0);
    expect(ads).toHaveLength(breaksOf('360p') * perBreak);
    expect(ads.every((u) => /\/ads\/media\/ad\d+\/360p\/seg_\d+\.ts$/.test(u))).toBe(true);
    // The first break is a pre-roll: the pod's ads in order, then the content as the origin names it (resolved).
    expect(lines[0]).toBe(pathToFileURL(path.join(dir, 'ads', 'media', podAds[0], '360p', 'seg_000.ts')).href);
    const content = lines.filter((u) => !ads.includes(u));
    expect(content).toEqual(contentUris('360p').map((u) => new URL(u, pathToFileURL(file('vod', '360p', 'index.m3u8'))).href));
  });

  it('--variant 1 stitches the second variant with the ads\' matching rendition', async () => {
    const r = await run('stitch', file('vod', 'master.m3u8'), '--ads', file('ad.xml'), '--variant', '1');
    expect(r.code).toBe(0);
    const { comment, media } = split(r.out);
    expect(comment).toContain('/180p/index.m3u8');
    const ads = uris(media).filter((u) => u.includes('/ads/media/'));
    expect(ads).toHaveLength(breaksOf('180p') * podAds.reduce((n, ad) => n + adSegments(ad, '180p'), 0));
    expect(ads.every((u) => u.includes('/180p/'))).toBe(true);
  });

  it('a media playlist prints as its stitched self only', async () => {
    const r = await run('stitch', file('vod', '360p', 'index.m3u8'), `--ads=${file('ad.xml')}`);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out.match(/#EXTM3U/g)).toHaveLength(1);
    expect(r.out).not.toContain('#EXT-X-STREAM-INF');
    expect(uris(r.out).filter((u) => u.includes('/ads/media/')).length).toBe(breaksOf('360p') * podAds.reduce((n, ad) => n + adSegments(ad, '360p'), 0));
  });

  it('--out writes a playable directory: master.m3u8 naming <i>.m3u8, every playlist stitched, the WebVTT stand-in', async () => {
    const out = file('out');
    const r = await run('stitch', file('vod', 'master.m3u8'), '--ads', file('ad.xml'), '--out', out);
    expect(r).toMatchObject({ code: 0, err: '' });
    const listed = r.out.trim().split('\n');
    expect(listed[0]).toBe(path.join(out, 'master.m3u8'));
    const master = readFileSync(path.join(out, 'master.m3u8'), 'utf8');
    expect(master).not.toContain('/v1/');
    const named = [...master.matchAll(/(?:^|URI=")(\d+)\.m3u8/gm)].map((m) => Number(m[1])).sort();
    expect(named).toEqual([0, 1, 2]);
    for (const i of named) {
      expect(listed).toContain(path.join(out, `${i}.m3u8`));
      expect(readFileSync(path.join(out, `${i}.m3u8`), 'utf8')).not.toContain('/v1/');
    }
    // The subtitle playlist (the master's first URI) carries the stand-in where the ads play.
    expect(readFileSync(path.join(out, '0.m3u8'), 'utf8')).toContain('\nstand-in.vtt\n');
    expect(readFileSync(path.join(out, 'stand-in.vtt'), 'utf8').startsWith('WEBVTT')).toBe(true);
  });
});

describe('stitchbox stitch: fail open on ad problems (the playlist prints, the reason on stderr, exit 1)', () => {
  const contentOnly = (out: string) => {
    const { media } = split(out);
    expect(media).toContain('#EXT-X-ENDLIST');
    expect(uris(media)).toEqual(contentUris('360p').map((u) => new URL(u, pathToFileURL(file('vod', '360p', 'index.m3u8'))).href));
  };

  it('a VAST without a streaming HLS MediaFile: every break plays content, each named', async () => {
    const r = await run('stitch', file('vod', 'master.m3u8'), '--ads', corpus('iab-vast-samples/VAST_4.2/Inline_Linear_Tag-test.xml'));
    expect(r.code).toBe(1);
    contentOnly(r.out);
    const warnings = r.err.split('\n').filter((l) => l.startsWith('stitchbox: stitch: warning: '));
    expect(warnings).toHaveLength(breaksOf('360p'));
    expect(warnings[0]).toBe('stitchbox: stitch: warning: avail 0 plays content: no ad could be stitched');
    expect(r.err).toMatch(/note: avail 0: ad 20001 skipped \(MEDIA_FILE_UNAVAILABLE\): .*no streaming HLS MediaFile/);
  });

  it('a VAST file that cannot be read, or does not parse', async () => {
    const missing = await run('stitch', file('vod', 'master.m3u8'), '--ads', file('nope.xml'));
    expect(missing.code).toBe(1);
    contentOnly(missing.out);
    expect(missing.err).toContain(`warning: avail 0 plays content: ERROR_ADS_INVALID_RESPONSE: cannot read ${file('nope.xml')}: ENOENT`);
    const malformed = await run('stitch', file('vod', 'master.m3u8'), '--ads', file('malformed.xml'));
    expect(malformed.code).toBe(1);
    contentOnly(malformed.out);
    expect(malformed.err).toContain('warning: avail 0 plays content: ERROR_ADS_RESPONSE_PARSE');
  });
});

describe('stitchbox stitch: bad input and usage', () => {
  it('a manifest that cannot be read, is not a playlist or has no .m3u8/.mpd name: exit 1, nothing on stdout', async () => {
    expect(await run('stitch', file('none.m3u8'), '--ads', file('ad.xml'))).toEqual({ code: 1, out: '', err: `stitchbox: stitch: cannot read ${file('none.m3u8')}: ENOENT\n` });
    expect(await run('stitch', file('notes.m3u8'), '--ads', file('ad.xml'))).toEqual({ code: 1, out: '', err: `stitchbox: stitch: ${file('notes.m3u8')} is not an HLS playlist (no #EXTM3U first line)\n` });
    expect(await run('stitch', file('ad.xml'), '--ads', file('ad.xml'))).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/must end in \.m3u8 \(HLS\) or \.mpd \(DASH\)\n$/) });
    expect(await run('stitch', `${server.url}/origin/vod/missing.m3u8`, '--ads', file('ad.xml'))).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/answered HTTP 404\n$/) });
  });

  it('a variant the playlist does not have: exit 1', async () => {
    expect(await run('stitch', file('vod', 'master.m3u8'), '--ads', file('ad.xml'), '--variant', '2')).toEqual({ code: 1, out: '', err: 'stitchbox: stitch: --variant 2: the multivariant playlist has 2 variants\n' });
  });

  it('the command list names stitch and serve', async () => {
    const r = await run('--help');
    expect(r.out).toMatch(/\n {2}stitch <manifest file \| url> --ads <vast file \| url> \[--variant N\] \[--out DIR\]\n/);
    expect(r.out).toMatch(/\n {2}serve \[--port N\] /);
  });

  it('usage errors exit 2', async () => {
    for (const argv of [[], [file('vod', 'master.m3u8')], ['--ads', file('ad.xml')], [file('vod', 'master.m3u8'), '--ads'], [file('vod', 'master.m3u8'), '--ads', 'a', '--frob'], ['a.m3u8', 'b.m3u8', '--ads', 'x'], ['a.m3u8', '--ads', 'x', '--variant', 'one']]) {
      const r = await run('stitch', ...argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/usage: stitchbox stitch <manifest file \| url> --ads <vast file \| url>/);
    }
  });
});

describe('stitchbox stitch <url> --ads <url>', () => {
  it('stitches the demo origin with the sample ADS: ad segments on the demo server', async () => {
    const r = await run('stitch', `${server.url}/origin/vod/master.m3u8?token=abc`, '--ads', `${server.url}/ads/vast?pod=2&sid=u`);
    expect(r).toMatchObject({ code: 0, err: '' });
    const { comment, media } = split(r.out);
    expect(comment).toContain(`stitched from ${server.url}/origin/vod/360p/index.m3u8`);
    const ads = uris(media).filter((u) => u.startsWith(`${server.url}/ads/media/`));
    expect(ads.length).toBe(breaksOf('360p') * podAds.reduce((n, ad) => n + adSegments(ad, '360p'), 0));
  });

  it('an .mpd goes through the DASH stitcher: ad Periods whose BaseURLs are the ads\' own, no worker URL left', async () => {
    const r = await run('stitch', `${server.url}/origin/dash/vod.mpd`, '--ads', `${server.url}/ads/vast?pod=1&sid=d`);
    expect(r).toMatchObject({ code: 0, err: '' });
    const origin = await (await fetch(`${server.url}/origin/dash/vod.mpd`)).text();
    const signalled = origin.match(/<Event /g)!.length;
    expect(r.out).toMatch(/^<\?xml/);
    expect(r.out).not.toContain('stitchbox.invalid');
    expect(r.out).not.toContain('/v1/');
    const adPeriods = [...r.out.matchAll(/<Period id="([^"]+_PT0S_0)"/g)];
    expect(adPeriods).toHaveLength(signalled);
    expect(r.out).toContain(`<BaseURL>${server.url}/ads/media/`);
  });

  it('runs as the bin does (a separate Node process)', () => {
    const bin = fileURLToPath(new URL('../../../bin/stitchbox.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'stitch', file('vod', '180p', 'index.m3u8'), '--ads', file('ad.xml')], { encoding: 'utf8', timeout: 30000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(uris(r.stdout).filter((u) => u.includes('/ads/media/') && u.includes('/180p/')).length).toBe(breaksOf('180p') * podAds.reduce((n, ad) => n + adSegments(ad, '180p'), 0));
  });
});
