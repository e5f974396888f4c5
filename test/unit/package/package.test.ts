/**
 * The npm package as a publisher gets it (issue 8 item 2): `npm pack`, installed into a fresh project, then each
 * entry point imported there with Node's own ESM loader, the `stitchbox` command run through npx, and the type
 * declarations compiled against by a consumer's TypeScript (node16 resolution: `exports`, `types`, file
 * extensions). The browser half (both worker kinds serving a stitched session) is test/e2e/package.spec.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createConsumerProject, REPO, type ConsumerProject } from './consumerProject';

const CUE = '/DA0AAAAAAAA///wBQb+cr0AUAAeAhxDVUVJSAAAjn/PAAGlmbAICAAAAAAsoKGKNAIAmsnRfg==';

let consumer: ConsumerProject;
beforeAll(() => { consumer = createConsumerProject(); }, 240_000);
// Removing the consumer project (node_modules and all) can take a while on a loaded machine.
afterAll(() => consumer?.remove(), 60_000);

describe('npm pack', () => {
  it('ships the built entry points, the worker, the command and the README, and nothing else', () => {
    const { files } = consumer;
    for (const f of [
      'package.json', 'README.md', 'bin/stitchbox.mjs', 'dist/sw/stitchbox-sw.js',
      'dist/lib/src/client/index.js', 'dist/lib/src/client/index.d.ts', 'dist/lib/sw/index.js', 'dist/lib/sw/index.d.ts',
      'dist/lib/src/core.js', 'dist/lib/src/core.d.ts', 'dist/lib/src/cli/main.js',
    ]) expect(files, f).toContain(f);
    // No tests, demo, test media (MPEG-TS segments are .ts too), TypeScript sources, configs or build scripts.
    const unwanted = files.filter((f) => /^(test|demo|scripts|src|sw|node_modules)\//.test(f)
      || (f.endsWith('.ts') && !f.endsWith('.d.ts')) || /\.(m3u8|mp4|m4s|mpd|vtt|xml|tsbuildinfo)$/.test(f) || /^tsconfig|^vite|^vitest|^playwright/.test(f));
    expect(unwanted).toEqual([]);
    expect(files.every((f) => f === 'package.json' || f === 'README.md' || f === 'LICENSE' || /^(bin|dist\/lib|dist\/sw)\//.test(f)), files.join('\n')).toBe(true);
  });

  it('every package.json export points into the tarball', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>>; bin: Record<string, string>; types: string };
    const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
    targets.push(...Object.values(pkg.bin), pkg.types);
    expect(targets.length).toBeGreaterThan(8);
    for (const t of targets) expect(consumer.files, t).toContain(t.replace(/^\.\//, ''));
  });
});

describe('the installed package', () => {
  it('each entry point imports in Node (ESM) from the consumer project and works', () => {
    const script = `
      import { fileURLToPath } from 'node:url';
      const client = await import('stitchbox');
      const sw = await import('stitchbox/sw');
      const core = await import('stitchbox/core');
      const section = core.decodeSpliceInfoSection(core.fromBase64(${JSON.stringify(CUE)}));
      let invalid;
      try { core.parseConfig({ Name: 'x' }); } catch (e) { invalid = e.message; }
      const media = core.parseMedia('#EXTM3U\\n#EXT-X-TARGETDURATION:2\\n#EXTINF:2,\\na.ts\\n#EXT-X-CUE-OUT:10\\n#EXTINF:2,\\nb.ts\\n#EXT-X-ENDLIST\\n');
      console.log(JSON.stringify({
        resolved: ['stitchbox', 'stitchbox/sw', 'stitchbox/core', 'stitchbox/sw/stitchbox-sw.js'].map((s) => fileURLToPath(import.meta.resolve(s))),
        client: Object.keys(client).sort(), sw: Object.keys(sw).sort(),
        types: { registerStitchbox: typeof client.registerStitchbox, installStitchbox: typeof sw.installStitchbox, registerStitchboxRoutes: typeof sw.registerStitchboxRoutes },
        section: { type: section.splice_command_type, pts: section.splice_command.splice_time?.pts_time },
        config: core.parseConfig({ Name: 'demo', VideoContentSourceUrl: 'https://origin.example/', AdDecisionServerUrl: 'https://ads.example/vast' }).Name,
        invalid,
        segments: media.playlist.segments.length, breaks: core.findBreaks(media.playlist).breaks.length,
      }));`;
    const r = consumer.run(process.execPath, ['--input-type=module', '-'], { input: script });
    const out = JSON.parse(r.stdout);
    const installed = path.join(fs.realpathSync(consumer.dir), 'node_modules', 'stitchbox') + path.sep;
    for (const p of out.resolved) expect(p.startsWith(installed), p).toBe(true);
    expect(out.resolved.map((p: string) => p.slice(installed.length))).toEqual([
      'dist/lib/src/client/index.js', 'dist/lib/sw/index.js', 'dist/lib/src/core.js', 'dist/sw/stitchbox-sw.js',
    ].map((p) => p.split('/').join(path.sep)));
    expect(out.client).toEqual(expect.arrayContaining(['registerStitchbox', 'openMediaTailorSession', 'createTrackingPoller', 'attachAdTimeline', 'readBroadpeakTracking', 'StitchboxConfigError']));
    expect(out.sw).toEqual(expect.arrayContaining(['installStitchbox', 'registerStitchboxRoutes']));
    expect(out.types).toEqual({ registerStitchbox: 'function', installStitchbox: 'function', registerStitchboxRoutes: 'function' });
    expect(out.section).toEqual({ type: 6, pts: 1924989008 });
    expect(out.config).toBe('demo');
    expect(out.invalid).toMatch(/VideoContentSourceUrl/);
    expect(out).toMatchObject({ segments: 2, breaks: 1 });
  });

  it('`npx stitchbox scte35 <cue>` runs the compiled command (no TypeScript sources installed)', () => {
    expect(fs.existsSync(path.join(consumer.dir, 'node_modules', 'stitchbox', 'src'))).toBe(false);
    const r = consumer.run('npx', ['--no-install', 'stitchbox', 'scte35', CUE]);
    expect(JSON.parse(r.stdout)).toMatchObject({ splice_command_type: 6, descriptors: [{ segmentation_type_id: 52 }] });
    const bad = consumer.run('npx', ['--no-install', 'stitchbox', 'scte35', '/DBaf%^'], { allowFail: true });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("stitchbox: scte35: bad base64 character '%' at byte 5\n");
  });

  it('`npx stitchbox stitch` runs the compiled engine; `serve` says the demo is not in the package, exit 1', () => {
    const ad = path.join(REPO, 'demo', 'media', 'ads', 'ad6', 'master.m3u8');
    fs.writeFileSync(path.join(consumer.dir, 'ad.xml'), `<VAST version="4.2"><Ad id="a"><InLine><AdSystem>t</AdSystem><AdTitle>t</AdTitle><Impression><![CDATA[https://t.invalid/i]]></Impression>
<Creatives><Creative><Linear><Duration>00:00:06</Duration><MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL" width="640" height="360"><![CDATA[${pathToFileURL(ad).href}]]></MediaFile></MediaFiles></Linear></Creative></Creatives></InLine></Ad></VAST>`);
    const r = consumer.run('npx', ['--no-install', 'stitchbox', 'stitch', path.join(REPO, 'demo', 'media', 'vod', '360p', 'index.m3u8'), '--ads', 'ad.xml']);
    // npx may warn about npm's own configuration on stderr; the command itself says nothing when every break is filled.
    expect(r.stderr).not.toContain('stitchbox:');
    // The pre-roll's first segment, from a rendition of the ad's ladder (a media playlist has no BANDWIDTH to match).
    const adDir = pathToFileURL(path.join(REPO, 'demo', 'media', 'ads', 'ad6')).href;
    expect(r.stdout.split('\n').find((l) => l !== '' && !l.startsWith('#'))).toMatch(new RegExp(`^${adDir}/\\d+p/seg_000\\.ts$`));
    const serve = consumer.run('npx', ['--no-install', 'stitchbox', 'serve'], { allowFail: true });
    expect(serve.status).toBe(1);
    expect(serve.stderr).toContain('stitchbox: serve: the demo server is not part of the installed package');
  });

  it('the type declarations resolve from a consumer project (node16 resolution; wrong calls are errors)', () => {
    const dir = path.join(consumer.dir, 'types');
    fs.mkdirSync(dir, { recursive: true });
    const tsconfig = (lib: string[], file: string) => JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'Node16', moduleResolution: 'Node16', lib, types: [], strict: true, noEmit: true,
        // Our declarations are checked too, not only used: a broken .d.ts fails here.
        skipLibCheck: false,
      },
      files: [file],
    });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    fs.writeFileSync(path.join(dir, 'tsconfig.page.json'), tsconfig(['ES2022', 'DOM', 'DOM.Iterable'], 'page.ts'));
    fs.writeFileSync(path.join(dir, 'tsconfig.worker.json'), tsconfig(['ES2022', 'WebWorker'], 'worker.ts'));
    fs.writeFileSync(path.join(dir, 'page.ts'), `
import { registerStitchbox, openMediaTailorSession, createTrackingPoller, attachAdTimeline, StitchboxConfigError, type Stitchbox, type SessionUrls } from 'stitchbox';
import { parseConfig, decodeSpliceInfoSection, fromBase64, parseMedia, stitchMedia, parseVast, type PlaybackConfiguration } from 'stitchbox/core';

export async function start(video: HTMLVideoElement): Promise<string> {
  const sb: Stitchbox = await registerStitchbox({ url: '/stitchbox-sw.js', scope: '/' });
  const config: PlaybackConfiguration = await sb.putConfig({ Name: 'demo' });
  const urls: SessionUrls = await openMediaTailorSession('/v1/session/acct/demo/vod/master.m3u8', { reportingMode: 'client' });
  const poller = createTrackingPoller({ trackingUrl: urls.trackingUrl });
  const ads = attachAdTimeline(video, poller, { reportingMode: 'client', fireBeacons: sb.beaconSender(urls.trackingUrl) });
  ads.on('adStart', (e) => console.log(e.adNumber));
  // @ts-expect-error putConfig resolves with a configuration, not a string
  const wrong: string = await sb.putConfig({});
  void wrong;
  const e = new StitchboxConfigError('bad', ['x']);
  const name: string = parseConfig({}).Name;
  const pts: number | undefined = decodeSpliceInfoSection(fromBase64('AA==')).pts_adjustment;
  // @ts-expect-error parseMedia takes the playlist text
  parseMedia(42);
  void stitchMedia; void parseVast;
  return config.Name + name + e.errors.join() + String(pts);
}
`);
    fs.writeFileSync(path.join(dir, 'worker.ts'), `
import { registerRoute } from 'workbox-routing';
import { installStitchbox, registerStitchboxRoutes, type StitchboxWorker } from 'stitchbox/sw';
import { parseConfig } from 'stitchbox/core';

declare const self: ServiceWorkerGlobalScope;
// workbox-routing's own registerRoute is accepted as it is.
const inWorkbox: StitchboxWorker = registerStitchboxRoutes(registerRoute, { scope: '/video/' });
const standalone: StitchboxWorker = installStitchbox(self);
// @ts-expect-error the scope is a path string
installStitchbox(self, { scope: 1 });
// @ts-expect-error registerRoute is a function, not a router
registerStitchboxRoutes({});
export const scopes: string[] = [inWorkbox.scope, standalone.scope, parseConfig({}).Name];
`);
    const tsc = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const p of ['tsconfig.page.json', 'tsconfig.worker.json']) {
      const r = consumer.run(process.execPath, [tsc, '-p', path.join('types', p)], { allowFail: true });
      expect(`${p}: ${r.stdout}${r.stderr}`).toBe(`${p}: `);
      expect(r.status).toBe(0);
    }
  });
});
