/**
 * Live pre-roll (protocols.md §9) end to end: the demo page with `preroll=20` installs a configuration whose
 * LivePreRollConfiguration asks the sample ADS, hls.js plays the live simulator through the real worker, and
 * the pre-roll ad's server-side beacons reach the real sink, each once.
 */
import { test, expect, clearBeacons, beaconLog, openDemo, startPlayback, type BeaconHit } from './fixtures';

const LINEAR = ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'];

/** event -> hits of the pre-roll's ad: the sample ADS names ads `<sid>-a<avail>-<sequence>-ad<seconds>`, the pre-roll is avail 0. */
function preRollEvents(log: BeaconHit[], baseURL: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const h of log) {
    if (!h.url.startsWith('/beacons/track')) continue;
    const q = new URL(h.url, baseURL).searchParams;
    if (!/-a0-1-ad6$/.test(q.get('ad') ?? '')) continue;
    out.set(q.get('event')!, (out.get(q.get('event')!) ?? 0) + 1);
  }
  return out;
}

test('live pre-roll: hls.js plays the 6 s pre-roll ad from the sample ADS; its beacons reach the sink once', async ({ page, baseURL }) => {
  await clearBeacons(baseURL!);
  // As in live.spec.ts: the simulator's clock at 4x, hls.js 8 segments behind the edge so reloads keep up. The
  // signalled breaks get 10 s ads, so a 6 s ad of avail 0 can only be the pre-roll's.
  await openDemo(page, '?stream=live/master.m3u8&origin.speed=4&preroll=20&ads.prerollpod=1&ads.prerolldurations=6&ads.pod=1&ads.durations=10&hls.liveSyncDurationCount=8');
  await startPlayback(page, 4);
  await expect.poll(async () => preRollEvents(await beaconLog(baseURL!), baseURL!).get('complete') ?? 0, { timeout: 120_000, intervals: [1000] }).toBe(1);
  // Played on a little, so that a repeated beacon would have arrived.
  await page.waitForTimeout(3000);
  const events = preRollEvents(await beaconLog(baseURL!), baseURL!);
  for (const ev of LINEAR) expect(events.get(ev), ev).toBe(1);
  const fatal = await page.evaluate(() => (window as unknown as { __stitchbox: { events: string[] } }).__stitchbox.events.filter((e) => e.includes('FATAL')));
  expect(fatal).toEqual([]);
});
