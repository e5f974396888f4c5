/**
 * Playwright fixtures: a fresh Chromium profile per test (no worker registrations or IndexedDB left over),
 * Debian's Chromium (Playwright cannot download its own here: environment.md §4), and helpers to talk to the
 * demo server's beacon sink.
 */
import { test as base, chromium, type BrowserContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
];

export interface BeaconHit { method: string; url: string; time: number }

export const test = base.extend<{ context: BrowserContext; page: Page }>({
  context: async ({ baseURL }, use) => {
    void baseURL;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stitchbox-pw-'));
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS,
    });
    await use(context);
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  },
  page: async ({ context }, use) => {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(`[page ${m.type()}] ${m.text()}`); });
    page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
    await use(page);
  },
});

import { expect } from '@playwright/test';
export { expect };

export async function clearBeacons(baseURL: string): Promise<void> {
  const r = await fetch(`${baseURL}/beacons/log`, { method: 'DELETE' });
  if (!r.ok) throw new Error(`DELETE /beacons/log: HTTP ${r.status}`);
}

export async function beaconLog(baseURL: string): Promise<BeaconHit[]> {
  return (await fetch(`${baseURL}/beacons/log`)).json() as Promise<BeaconHit[]>;
}

/** Wait until the demo page's worker is in control and the tracking JSON has been read. */
export async function openDemo(page: Page, query: string): Promise<void> {
  await page.goto(`/${query}`);
  await page.waitForFunction(() => {
    const s = (window as unknown as { __stitchbox?: { session?: unknown; error?: string; events: string[] } }).__stitchbox;
    if (s?.error) throw new Error(s.error);
    return s?.events.some((e) => e.startsWith('tracking:'));
  }, undefined, { timeout: 60_000 });
}

/**
 * Start playback at `rate`× and wait until the playhead moves. play() is asked again while the element is
 * paused: a play() issued while hls.js attaches its MediaSource can be rejected ("interrupted by a new load
 * request") and would leave the element paused for good, which is not what these tests are about.
 */
export async function startPlayback(page: Page, rate: number): Promise<void> {
  await expect.poll(() => page.evaluate((r) => {
    const v = document.querySelector('video')!;
    v.playbackRate = r;
    if (v.paused && !v.ended) void v.play().catch(() => undefined);
    return v.currentTime;
  }, rate), { timeout: 30_000, intervals: [500], message: 'playback did not start' }).toBeGreaterThan(0.2);
}

/**
 * The hls.js errors a viewer would notice: fatal ones, and stalls (bufferStalledError, and the nudges and hole
 * seeks hls.js uses to get past one). One is left out: the start gap. The test media's video starts one AAC frame
 * (1024 samples at 44.1 kHz, 23 ms) after its audio (ffprobe on any segment: video 1.4232 s, audio 1.4000 s),
 * and when playback starts at 0 hls.js jumps that gap to 0.023 + 0.1 s of padding and reports it as
 * bufferSeekOverHole "at 0.12" (gap-controller.ts _trySkipBufferHole). A jump past 0.2 s is still counted.
 */
export function noticeableErrors(events: readonly string[]): string[] {
  return events.filter((e) => e.startsWith('hls.js') && (e.includes('FATAL') || /Stall|Hole|Gap/i.test(e)))
    .filter((e) => { const m = /bufferSeekOverHole at (\d+(?:\.\d+)?)$/.exec(e); return !(m && Number(m[1]) <= 0.2); });
}

/** Play at `rate`× until the element fires `ended`; returns the noticeable hls.js errors seen (noticeableErrors). */
export async function playToEnd(page: Page, rate = 4, timeoutMs = 150_000): Promise<string[]> {
  await startPlayback(page, rate);
  await page.waitForFunction(() => document.querySelector('video')!.ended, undefined, { timeout: timeoutMs, polling: 500 });
  return noticeableErrors(await page.evaluate(() => (window as unknown as { __stitchbox: { events: string[] } }).__stitchbox.events));
}
