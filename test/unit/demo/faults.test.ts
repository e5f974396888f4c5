/**
 * The demo server's fault switches (demo/server/faults.ts, issue 9 item 3), off by default: live media playlist
 * refreshes answering 404/500, held, or cut short when their window ends on a multiple of `failevery`; one ad
 * segment answering 404 under an `/ads/media/fail-<rendition>-<n>/` prefix, which the sample ADS writes for
 * `segfail=`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../demo/server/startDemoServer';
import { adMediaFault, adMediaFaultPrefix, faultDue, lastSequenceOf, parseOriginFaults, truncatePlaylist } from '../../../demo/server/faults';

let server: DemoServer;
beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server?.close(); });

const get = async (path: string) => { const r = await fetch(`${server.url}${path}`); return { status: r.status, text: await r.text() }; };
/** The live master's first media playlist URL (t0 pinned), with `extra` added to its query. */
async function mediaUrl(query: string): Promise<string> {
  const master = await get(`/origin/live/master.m3u8?${query}`);
  expect(master.status).toBe(200);
  const uri = master.text.split('\n').find((l) => l && !l.startsWith('#'))!;
  return new URL(uri, `${server.url}/origin/live/`).pathname + new URL(uri, `${server.url}/origin/live/`).search;
}

describe('fault switches: parsing', () => {
  it('off unless fail= is given; defaults failevery=3, slowms=2000; bad values are errors', () => {
    expect(parseOriginFaults(new URLSearchParams(''))).toBeNull();
    expect(parseOriginFaults(new URLSearchParams('cue=daterange&speed=4'))).toBeNull();
    expect(parseOriginFaults(new URLSearchParams('fail=404'))).toEqual({ fail: ['404'], every: 3, slowMs: 2000 });
    expect(parseOriginFaults(new URLSearchParams('fail=slow&failevery=1&slowms=10'))).toEqual({ fail: ['slow'], every: 1, slowMs: 10 });
    expect(parseOriginFaults(new URLSearchParams('fail=404,500,slow,truncate'))?.fail).toEqual(['404', '500', 'slow', 'truncate']);
    for (const q of ['fail=503', 'fail=404,', 'fail=404,nope', 'fail=404&failevery=0', 'fail=404&failevery=x', 'fail=slow&slowms=-1', 'fail=slow&slowms=99999']) {
      expect(() => parseOriginFaults(new URLSearchParams(q)), q).toThrow(/^(fail|failevery|slowms): /);
    }
  });

  it('a refresh is due when its last media sequence number is a multiple of failevery', () => {
    const pl = (seq: number, n: number) => `#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:${seq}\n${'#EXTINF:2,\nx.ts\n'.repeat(n)}`;
    expect(lastSequenceOf(pl(10, 3))).toBe(12);
    expect(lastSequenceOf('#EXTM3U\n')).toBeNull();
    const f = { fail: ['404' as const], every: 4, slowMs: 0 };
    expect(faultDue(f, pl(10, 3))).toBe('404');
    expect(faultDue(f, pl(10, 4))).toBeNull();
    // A list: every due window gets one of its faults, and each fault comes up whatever the reload rhythm (here every
    // 12th sequence number, the rhythm of a player reloading 4 segments at a time with failevery=3).
    const list = { fail: ['404' as const, '500' as const, 'slow' as const, 'truncate' as const], every: 3, slowMs: 0 };
    const picked = Array.from({ length: 40 }, (_, k) => faultDue(list, pl(12 * k, 1)));
    expect(new Set(picked)).toEqual(new Set(['404', '500', 'slow', 'truncate']));
    expect(faultDue(list, pl(13, 1))).toBeNull();
    expect(faultDue(list, pl(12, 1))).toBe(faultDue(list, pl(12, 1)));
  });

  it('truncation cuts inside a line, never on a line boundary', () => {
    const text = `#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:7\n${Array.from({ length: 30 }, (_, i) => `#EXTINF:2.000,\nts/720p/${i}.ts\n`).join('')}`;
    const cut = truncatePlaylist(text);
    expect(text.startsWith(cut)).toBe(true);
    expect(cut.length).toBeLessThan(text.length);
    expect(cut.length).toBeGreaterThan(text.length / 2);
    expect(cut.endsWith('\n')).toBe(false);
    expect(text[cut.length]).not.toBe('\n');
  });

  it('ad media fault paths', () => {
    expect(adMediaFaultPrefix(null)).toBe('');
    expect(adMediaFaultPrefix('')).toBe('');
    expect(adMediaFaultPrefix('../x-1')).toBe('');
    expect(adMediaFaultPrefix('360p-1')).toBe('fail-360p-1/');
    expect(adMediaFault('ad6/360p/seg_001.ts')).toBeNull();
    expect(adMediaFault('fail-360p-1/ad6/360p/seg_001.ts')).toEqual({ path: 'ad6/360p/seg_001.ts', notFound: true });
    expect(adMediaFault('fail-360p-1/ad6/fmp4/360p/seg_001.m4s')).toEqual({ path: 'ad6/fmp4/360p/seg_001.m4s', notFound: true });
    expect(adMediaFault('fail-360p-1/ad6/360p/seg_002.ts')?.notFound).toBe(false);
    expect(adMediaFault('fail-360p-1/ad6/180p/seg_001.ts')?.notFound).toBe(false);
    expect(adMediaFault('fail-360p-1/ad6/360p/index.m3u8')?.notFound).toBe(false);
    expect(adMediaFault('fail-360p-0/ad6/360p/seg_000.ts')?.notFound).toBe(true);
  });
});

describe('fault switches on the demo server', () => {
  const live = 'cue=cueout&speed=4';

  it('without fail= every media playlist answers; the master never fails', async () => {
    const media = await mediaUrl(live);
    for (let i = 0; i < 3; i++) expect((await get(media)).status).toBe(200);
    for (const f of ['404', '500', 'truncate']) expect((await get(`/origin/live/master.m3u8?${live}&fail=${f}&failevery=1`)).status).toBe(200);
    // A bad switch is a 400 wherever it is given, like the simulator's other options.
    expect((await get(`/origin/live/master.m3u8?${live}&fail=nope`)).status).toBe(400);
  });

  it('failevery=1: every media playlist refresh gets the fault', async () => {
    for (const f of ['404', '500']) expect((await get(await mediaUrl(`${live}&fail=${f}&failevery=1`))).status).toBe(Number(f));
    const cut = await get(await mediaUrl(`${live}&fail=truncate&failevery=1`));
    expect(cut.status).toBe(200);
    expect(cut.text.startsWith('#EXTM3U')).toBe(true);
    expect(cut.text.endsWith('\n')).toBe(false);
    const whole = await get(await mediaUrl(live));
    expect(cut.text.length).toBeLessThan(whole.text.length);
    const slow = await mediaUrl(`${live}&fail=slow&failevery=1&slowms=400`);
    const t = Date.now();
    expect((await get(slow)).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(390);
    expect((await get(`${await mediaUrl(live)}&fail=bogus`)).status).toBe(400);
  });

  it('failevery=N: the refreshes that fail are exactly those whose window ends on a multiple of N', async () => {
    const media = await mediaUrl(live);
    const failing = `${media}&fail=500&failevery=2`;
    for (let i = 0; i < 6; i++) {
      const [plain, faulty] = await Promise.all([get(media), get(failing)]);
      const last = lastSequenceOf(plain.text)!;
      // The clock may tick between the two requests: only check when both saw the same window.
      const again = lastSequenceOf((await get(media)).text)!;
      if (again === last) expect(faulty.status, `window ending at ${last}`).toBe(last % 2 === 0 ? 500 : 200);
      await new Promise((r) => setTimeout(r, 260));
    }
  });

  it('an ad segment under /ads/media/fail-<rendition>-<n>/ answers 404, everything else as usual; the ADS writes the prefix for segfail=', async () => {
    expect((await get('/ads/media/fail-360p-1/ad6/360p/seg_001.ts')).status).toBe(404);
    expect((await get('/ads/media/ad6/360p/seg_001.ts')).status).toBe(200);
    expect((await get('/ads/media/fail-360p-1/ad6/360p/seg_000.ts')).status).toBe(200);
    expect((await get('/ads/media/fail-360p-1/ad6/180p/seg_001.ts')).status).toBe(200);
    expect((await get('/ads/media/fail-360p-1/ad6/master.m3u8')).status).toBe(200);
    expect((await get('/ads/media/fail-360p-1/ad6/360p/index.m3u8')).status).toBe(200);
    expect((await get('/ads/media/fail-360p-1/../../../package.json')).status).toBe(404);
    const plain = (await get('/ads/vast?pod=1')).text;
    expect(plain).toContain('/ads/media/ad6/master.m3u8');
    expect(plain).not.toContain('/ads/media/fail-');
    const faulty = (await get('/ads/vast?pod=1&segfail=360p-1')).text;
    expect(faulty).toContain('/ads/media/fail-360p-1/ad6/master.m3u8');
    expect((await get('/ads/vast?pod=1&segfail=..%2F..')).text).not.toContain('/ads/media/fail-');
  });
});
