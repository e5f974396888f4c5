import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main';
import { startDemoServer, type DemoServer } from '../../../demo/server/startDemoServer';

const corpus = (rel: string) => fileURLToPath(new URL(`../../../../shared/corpus/vast/${rel}`, import.meta.url));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
  return { code, out, err };
}

let server: DemoServer;
beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });

describe('stitchbox vast <file>', () => {
  it('prints the normalized ads of a VAST file as pretty JSON', async () => {
    const r = await run('vast', corpus('iab-vast-samples/VAST_4.2/Inline_Linear_Tag-test.xml'));
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^\{\n {2}"kind": "vast",\n/);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ kind: 'vast', version: '4.2', problems: [], ads: [{ id: '20001', kind: 'inline', creatives: [{ linear: { duration: 16 } }] }] });
  });

  it('lists a wrapper with its VASTAdTagURI without following it', async () => {
    const doc = JSON.parse((await run('vast', corpus('dailymotion-vast-client-js/wrapper-b.xml'))).out);
    expect(doc.ads.map((a: { kind: string; wrapperUri: string }) => [a.kind, a.wrapperUri])).toEqual([['wrapper', 'sample.xml']]);
  });

  it('prints a VMAP file as its breaks', async () => {
    const doc = JSON.parse((await run('vast', corpus('vmap/dailymotion-vmap-js/correct-vmap.xml'))).out);
    expect(doc.kind).toBe('vmap');
    expect(doc.breaks.map((b: { timeOffsetText: string }) => b.timeOffsetText)).toEqual(['start', '00:10:23.125', 'end']);
  });

  it('bad input: the VAST error code on stderr, exit 1', async () => {
    expect(await run('vast', corpus('dailymotion-vast-client-js/invalid-xmlfile.xml'))).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/\(VAST error 100\)\n$/) });
    expect(await run('vast', corpus('dailymotion-vast-client-js/outdated-vast.xml'))).toMatchObject({ code: 1, err: expect.stringMatching(/\(VAST error 102\)\n$/) });
    expect(await run('vast', '/no/such/file.xml')).toEqual({ code: 1, out: '', err: 'stitchbox: vast: cannot read /no/such/file.xml: ENOENT\n' });
  });

  it('usage errors exit 2', async () => {
    expect((await run('vast')).code).toBe(2);
    expect((await run('vast', 'a.xml', 'b.xml')).code).toBe(2);
  });
});

describe('stitchbox vast <url>', () => {
  it('follows the wrappers of the sample ADS and lists the wrapper URLs of each ad', async () => {
    const r = await run('vast', `${server.url}/ads/vast?pod=2&sid=c&wrap=2`);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.ads.map((a: { id: string; kind: string; wrapperUrls: string[]; rootAdId: string }) => [a.id, a.kind, a.wrapperUrls.length, a.rootAdId])).toEqual([
      ['c-a0-1-ad6', 'inline', 2, 'c-a0-w2'], ['c-a0-2-ad10', 'inline', 2, 'c-a0-w2'],
    ]);
    expect(doc.ads[0].impressions).toHaveLength(3);
    expect(doc.wrapperFailures).toEqual([]);
  });

  it('shows the errors a player would fire for a loop', async () => {
    const doc = JSON.parse((await run('vast', `${server.url}/ads/vast?wrap=loop`)).out);
    expect(doc.ads).toEqual([]);
    // The wrapper points at the very URL asked: the loop is seen before asking it again.
    expect(doc.errorsToFire.map((e: { url: string; code: number }) => [e.url.replace(server.url, ''), e.code])).toEqual([['/beacons/error?ad=x-a0-wloop&code=[ERRORCODE]', 302]]);
  });

  it('an ADS that fails: exit 1', async () => {
    expect(await run('vast', `${server.url}/ads/vast?fail=500`)).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/answered HTTP 500\n$/) });
    expect(await run('vast', `${server.url}/ads/vast?fail=malformed`)).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/\(VAST error 100\)\n$/) });
  });

  it('prints a VMAP answer as its breaks', async () => {
    const doc = JSON.parse((await run('vast', `${server.url}/ads/vmap?breaks=start,end&source=tag`)).out);
    expect(doc.kind).toBe('vmap');
    expect(doc.breaks.map((b: { adSource: { adTagUri: string } }) => b.adSource.adTagUri.replace(server.url, ''))).toEqual(['/ads/vast?avail=0', '/ads/vast?avail=1']);
  });

  it('runs as the bin does (a separate Node process)', () => {
    const bin = fileURLToPath(new URL('../../../bin/stitchbox.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'vast', corpus('iab-vast-samples/VAST_3.0/Inline_Companion_Tag-test.xml')], { encoding: 'utf8', timeout: 30000 });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).ads[0].creatives.some((c: { companionAds: unknown }) => c.companionAds !== null)).toBe(true);
  });
});
