/**
 * Issue 8 item 1, proven in the browser: the demo page as a tool (demo/main.ts and the files it mounts) playing
 * the stitched VOD with hls.js through the real worker and the demo server's sample ADS.
 * - Click-through: the "Visit advertiser" link opens the landing page; ClickTracking reaches the sink once.
 * - Skip (`ads.skip=5`): no skip control before the ad's skipOffset; after it, the button seeks past the ad and
 *   the `skip` beacon reaches the sink once (client reporting: the page's timeline, through the worker's outbox);
 *   the skipped ad's `complete` is never sent.
 * - Companions (`ads.companion=1`: a static image and an HTML companion): the HTML one renders inside an iframe
 *   whose sandbox has no allow-same-origin (its document has an opaque origin), the static one as an <img>.
 * - The configuration editor: an invalid configuration (bad JSON, or JSON the worker's validation refuses) shows
 *   each message and changes nothing: the playing session goes on into its next break, and a new session of the
 *   same configuration still gets its ads. A valid one is installed and a new session plays with it.
 * With DEMO_SCREENSHOT=<path>, the companion test also saves a screenshot of the page with its panels open
 * (README's docs/demo.png).
 */
import { test, expect, clearBeacons, beaconLog, openDemo, startPlayback } from './fixtures';
import type { Page } from '@playwright/test';

interface Ad { adId: string; vastAdId: string; startTimeInSeconds: number; durationInSeconds: number; skipOffset: string | null }
interface Avail { availId: string; startTimeInSeconds: number; durationInSeconds: number; ads: Ad[] }
interface AdEvent { type: string; adId?: string; time: number; beacons: string[] }

const demo = (page: Page) => page.evaluate(() => {
  const s = (window as unknown as { __stitchbox: { avails: Avail[]; adEvents: AdEvent[]; session: { manifestUrl: string; trackingUrl: string } } }).__stitchbox;
  return JSON.parse(JSON.stringify({ avails: s.avails, adEvents: s.adEvents, session: s.session })) as { avails: Avail[]; adEvents: AdEvent[]; session: { manifestUrl: string; trackingUrl: string } };
});

const hits = async (baseURL: string, event: string, vastAdId?: string) => (await beaconLog(baseURL)).filter((h) => {
  const q = new URL(h.url, baseURL).searchParams;
  return h.url.startsWith('/beacons/track') && q.get('event') === event && (vastAdId === undefined || q.get('ad') === vastAdId);
});

const currentTime = (page: Page) => page.evaluate(() => document.querySelector('video')!.currentTime);

test('click-through: the link opens the landing page, and its ClickTracking reaches the sink once', async ({ page, baseURL }) => {
  await clearBeacons(baseURL!);
  await openDemo(page, '?mode=client&ads.pod=1&ads.durations=15');
  const { avails } = await demo(page);
  const pre = avails[0].ads[0];
  expect(pre.startTimeInSeconds).toBe(0);
  await startPlayback(page, 1);
  await page.evaluate(() => document.querySelector('video')!.pause());
  const link = page.locator('#ad-panel .ad-click');
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute('href', new RegExp(`/ads/landing\\?ad=${pre.vastAdId}$`));
  for (let i = 0; i < 2; i++) {
    const [landing] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await landing.waitForLoadState();
    expect(new URL(landing.url()).pathname).toBe('/ads/landing');
    await expect(landing.locator('h1')).toContainText(`Advertiser landing page for ad ${pre.vastAdId}`);
    await landing.close();
  }
  await expect.poll(async () => (await hits(baseURL!, 'clickTracking')).length, { timeout: 10_000 }).toBe(1);
  await page.waitForTimeout(1000);
  expect((await hits(baseURL!, 'clickTracking')).map((h) => new URL(h.url, baseURL).searchParams.get('ad'))).toEqual([pre.vastAdId]);
});

test('skip: not offered before skipOffset; after it, the button skips the ad and `skip` reaches the sink once', async ({ page, baseURL }) => {
  await clearBeacons(baseURL!);
  await openDemo(page, '?mode=client&ads.pod=2&ads.durations=15&ads.skip=5');
  const { avails } = await demo(page);
  const ad = avails[0].ads[0];
  expect(ad.startTimeInSeconds).toBe(0);
  expect(ad.skipOffset).toBe('00:00:05.000');
  await startPlayback(page, 1);

  // Before the offset: a countdown, no button, and no skip beacon.
  await expect(page.locator('#skip-countdown')).toHaveText(/^Skip in \d s$/);
  await expect(page.locator('#skip-ad')).toBeHidden();
  expect(await currentTime(page)).toBeLessThan(5);
  expect(await hits(baseURL!, 'skip')).toEqual([]);

  // At the offset the button appears (never before it), and skipping seeks to the ad's end: the next ad.
  await expect(page.locator('#skip-ad')).toBeVisible({ timeout: 20_000 });
  const shownAt = await currentTime(page);
  expect(shownAt).toBeGreaterThanOrEqual(5);
  expect(shownAt).toBeLessThan(ad.durationInSeconds);
  await page.locator('#skip-ad').click();
  await expect.poll(() => currentTime(page)).toBeGreaterThanOrEqual(ad.durationInSeconds);
  await expect(page.locator('#ad-panel .ad-label')).toHaveText(/^Ad 2 of 2/);
  await expect.poll(async () => (await hits(baseURL!, 'skip', ad.vastAdId)).length, { timeout: 10_000 }).toBe(1);

  // The next ad plays to its own offset; the skipped one never sends complete, and skip went once in all.
  await expect(page.locator('#skip-ad')).toBeVisible({ timeout: 20_000 });
  const { adEvents } = await demo(page);
  expect(adEvents.filter((e) => e.type === 'skip').map((e) => e.adId)).toEqual([ad.adId]);
  await page.waitForTimeout(1000);
  expect(await hits(baseURL!, 'skip')).toHaveLength(1);
  expect(await hits(baseURL!, 'complete', ad.vastAdId)).toEqual([]);
  expect(await hits(baseURL!, 'impression', ad.vastAdId)).toHaveLength(1);
});

test('companions: the HTML companion renders in a sandboxed iframe (opaque origin), the static one as an image', async ({ page, baseURL }) => {
  await openDemo(page, '?ads.pod=1&ads.companion=1&ads.skip=5');
  const { avails } = await demo(page);
  await startPlayback(page, 1);
  const frame = page.locator('#ad-panel .ad-companions iframe');
  await expect(frame).toHaveCount(1);
  const sandbox = (await frame.getAttribute('sandbox'))!;
  expect(sandbox.split(/\s+/)).not.toContain('allow-same-origin');
  expect(await frame.getAttribute('srcdoc')).toContain('/ads/landing?ad=');
  // The companion's markup is in the frame, which cannot reach the page: its origin is opaque.
  const inner = page.frameLocator('#ad-panel .ad-companions iframe');
  await expect(inner.locator('a')).toHaveAttribute('href', new RegExp(`/ads/landing\\?ad=${avails[0].ads[0].vastAdId}$`));
  const child = page.frames().find((f) => f !== page.mainFrame())!;
  expect(await child.evaluate(() => window.origin)).toBe('null');
  expect(await child.evaluate(() => { try { return String(window.parent.document.title); } catch (e) { return `blocked: ${(e as Error).name}`; } })).toBe('blocked: SecurityError');
  const img = page.locator('#ad-panel .ad-companions img');
  await expect(img).toHaveCount(1);
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);

  if (process.env.DEMO_SCREENSHOT) {
    await page.evaluate(() => { for (const id of ['decisions-panel', 'beacon-panel']) (document.getElementById(id) as HTMLDetailsElement).open = true; });
    await page.locator('#decisions tbody tr').first().waitFor();
    await page.locator('#config-editor').evaluate((d: HTMLDetailsElement) => { d.open = false; });
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: process.env.DEMO_SCREENSHOT, type: 'png' });
  }
  void baseURL;
});

test('configuration editor: an invalid configuration shows every message and changes nothing; a valid one installs', async ({ page, baseURL }) => {
  await clearBeacons(baseURL!);
  await openDemo(page, '?ads.pod=2');
  const { avails } = await demo(page);
  expect(avails.map((a) => a.ads.length)).toEqual([2, 2, 2]);
  await startPlayback(page, 1);
  const editor = page.locator('#config-editor textarea');
  const install = page.locator('#config-editor .config-install');
  const messages = page.locator('#config-editor .config-messages');
  const installed = JSON.parse(await editor.inputValue()) as { Name: string; AdDecisionServerUrl: string };
  expect(installed.Name).toBe('demo');

  // Not JSON: said so, nothing sent.
  await editor.fill('{"Name": "demo", "VideoContentSourceUrl": ');
  await install.click();
  await expect(messages).toHaveAttribute('data-state', 'error');
  await expect(messages).toContainText('the installed configuration is unchanged');
  await expect(messages.locator('li')).toHaveText([/^Not JSON: /]);

  // JSON the worker refuses: one line per problem, in its words.
  await editor.fill(JSON.stringify({ Name: 'demo', VideoContentSourceUrl: 'ftp://origin.example/', AdDecisionServerUrl: '', SlateAdUrl: 'not a url' }));
  await install.click();
  await expect(messages).toContainText('Not installed (3 problems)');
  await expect(messages.locator('li')).toHaveText([
    'VideoContentSourceUrl: required, an http(s) URL',
    'AdDecisionServerUrl: required, an http(s) URL (template variables allowed)',
    'SlateAdUrl: an http(s) URL of an HLS multivariant playlist',
  ]);

  // Nothing changed: the playing session goes into its mid-roll (server-side beacons of its first ad arrive) ...
  const mid = avails[1].ads[0];
  await page.evaluate((t) => { document.querySelector('video')!.currentTime = t; }, mid.startTimeInSeconds - 1);
  await expect(page.locator('#ad-status')).toHaveAttribute('data-state', 'ad', { timeout: 30_000 });
  await expect.poll(async () => (await hits(baseURL!, 'impression', mid.vastAdId)).length, { timeout: 30_000 }).toBe(1);
  // ... and a new session of the configuration still gets the sample ADS's ads from the installed one.
  const fresh = await page.evaluate(async () => {
    const r = await fetch('/v1/session/demo-account/demo/vod/master.m3u8', { method: 'POST', body: JSON.stringify({ adsParams: { pod: '1' } }) });
    const s = await r.json() as { manifestUrl: string; trackingUrl: string };
    await (await fetch(s.manifestUrl)).text();
    const t = await (await fetch(s.trackingUrl)).json() as { avails: { ads: unknown[] }[] };
    return t.avails.map((a) => a.ads.length);
  });
  expect(fresh).toEqual([1, 1, 1]);

  // A valid configuration (another Name) installs, and the page plays a new session with it.
  await editor.fill(JSON.stringify({ ...installed, Name: 'evaluation', AdDecisionServerUrl: `${installed.AdDecisionServerUrl}&x=[player_params.x]` }));
  await install.click();
  await expect(messages).toHaveAttribute('data-state', 'ok');
  await expect(messages).toContainText('Installed "evaluation"');
  const play = page.locator('#config-editor .config-play');
  await expect(play).toHaveAttribute('href', /config=evaluation/);
  await play.click();
  await page.waitForFunction(() => (window as unknown as { __stitchbox?: { events: string[] } }).__stitchbox?.events.some((e) => e.startsWith('tracking:')), undefined, { timeout: 60_000 });
  const after = await demo(page);
  expect(after.session.manifestUrl).toContain('/evaluation/');
  expect(after.avails.map((a) => a.ads.length)).toEqual([2, 2, 2]);
  await expect(page.locator('#picker select[name="config"]')).toHaveValue('evaluation');
});
