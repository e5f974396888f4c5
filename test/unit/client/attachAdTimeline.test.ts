/**
 * The ad timeline on a stand-in <video> (an EventTarget with currentTime: Node has no media element) and
 * a poller on a fake fetch. Beacons go to a recording `fireBeacons`.
 */
import { describe, expect, it } from 'vitest';
import { attachAdTimeline, type AdEventDetail } from '../../../src/client/attachAdTimeline';
import { createTrackingPoller } from '../../../src/client/createTrackingPoller';
import { LINEAR, ad, answer, avail, threeBreaks } from './trackingFixture';

class FakeVideo extends EventTarget {
  currentTime = 0;
  /** Play to `to` in `dt` steps, one timeupdate each. */
  play(to: number, dt = 0.25) {
    while (this.currentTime < to - 1e-9) { this.currentTime = Math.min(to, this.currentTime + dt); this.dispatchEvent(new Event('timeupdate')); }
  }
  seek(to: number) {
    this.dispatchEvent(new Event('seeking'));
    this.currentTime = to;
    this.dispatchEvent(new Event('timeupdate'));
    this.dispatchEvent(new Event('seeked'));
  }
}

function jsonFetch(bodies: unknown[]): typeof fetch {
  return (async () => new Response(JSON.stringify(bodies.length > 1 ? bodies.shift() : bodies[0]))) as unknown as typeof fetch;
}

async function setup(mode: 'client' | 'server', bodies: unknown[] = [threeBreaks()], persist?: Map<string, string>) {
  const video = new FakeVideo();
  const poller = createTrackingPoller({ trackingUrl: 'https://page.test/v1/tracking/a/b/s', fetch: jsonFetch(bodies) });
  await poller.poll();
  const sent: string[] = [];
  const storage = persist && { getItem: (k: string) => persist.get(k) ?? null, setItem: (k: string, v: string) => { persist.set(k, v); } };
  const timeline = attachAdTimeline(video as unknown as HTMLVideoElement, poller, { reportingMode: mode, fireBeacons: (u) => sent.push(u), persist: storage });
  const events: AdEventDetail[] = [];
  for (const t of ['breakStart', 'adStart', 'companions', 'skippable', 'firstQuartile', 'midpoint', 'thirdQuartile', 'adEnd', 'breakEnd', 'clickThrough', 'skip'] as const) {
    timeline.on(t, (d) => events.push(d));
  }
  return { video, poller, timeline, sent, events };
}

const names = (events: AdEventDetail[]) => events.map((e) => `${e.type}:${e.adId ?? e.availId}`);
const LINEAR_COUNT = 6;

describe('attachAdTimeline', () => {
  it('client mode: events in order per break, every beacon once, macros filled', async () => {
    const { video, sent, events } = await setup('client');
    video.play(80);
    video.dispatchEvent(new Event('ended'));
    const perAd = (id: string, skip = false) => [`adStart:${id}`, `companions:${id}`, `firstQuartile:${id}`, `midpoint:${id}`, `thirdQuartile:${id}`, ...(skip ? [`skippable:${id}`] : []), `adEnd:${id}`];
    expect(names(events)).toEqual([
      'breakStart:0', ...perAd('0'), ...perAd('3'), 'breakEnd:0',
      'breakStart:20', ...perAd('20', true), ...perAd('23'), 'breakEnd:20',
      'breakStart:40', ...perAd('40'), 'breakEnd:40',
    ]);
    // 5 ads × 6 linear events + 3 breaks × (start, end); no click yet.
    expect(sent).toHaveLength(5 * LINEAR_COUNT + 3 * 2);
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.every((u) => !u.includes('[CACHEBUSTING]') && /cb=\d+/.test(u) || u.includes('/break?'))).toBe(true);
    const first = events.find((e) => e.type === 'adStart')!;
    expect([first.adNumber, first.adCount]).toEqual([1, 2]);
    expect(first.beacons.map((u) => new URL(u).searchParams.get('event'))).toEqual(['impression', 'start']);
  });

  it('seeking back, replaying, re-polled answers with duplicate events: nothing fires twice', async () => {
    const dup = threeBreaks();
    for (const a of dup.avails) for (const x of a.ads) x.trackingEvents.push(...x.trackingEvents.map((e) => ({ ...e, eventId: `${e.eventId}-again` })));
    const { video, poller, sent, events } = await setup('client', [threeBreaks(), dup]);
    video.play(40);
    const firstPass = sent.length;
    const firstEvents = events.length;
    video.seek(2);
    await poller.poll();
    video.play(40);
    expect(sent.length).toBe(firstPass);
    expect(events.length).toBe(firstEvents);
  });

  it('a seek over a break fires none of it; landing inside an ad starts that ad only', async () => {
    const { video, sent, events } = await setup('client');
    video.seek(20);
    video.seek(33.5);
    video.play(36.5);
    expect(names(events)).toEqual(['breakStart:0', 'adStart:0', 'companions:0', 'breakStart:20', 'adStart:20', 'companions:20', 'thirdQuartile:20', 'skippable:20', 'adEnd:20', 'adStart:23', 'companions:23']);
    expect(sent.filter((u) => u.includes('ad=20&event=firstQuartile'))).toEqual([]);
  });

  it('server (or hybrid) mode: the same events, no beacon from the page', async () => {
    const { video, sent, events } = await setup('server');
    video.play(80);
    expect(events.filter((e) => e.type === 'adEnd')).toHaveLength(5);
    expect(sent).toEqual([]);
  });

  it('`ended` completes the last ad when the stream stops a little short of its computed end', async () => {
    const { video, events } = await setup('client');
    video.play(67.8);
    expect(events.some((e) => e.type === 'adEnd' && e.adId === '40')).toBe(false);
    video.dispatchEvent(new Event('ended'));
    expect(names(events).slice(-2)).toEqual(['adEnd:40', 'breakEnd:40']);
  });

  it('click(): the landing page, ClickTracking once per ad instance; null outside ads', async () => {
    const { video, timeline, sent, events } = await setup('client');
    expect(timeline.click()).toBeNull();
    video.seek(61);
    expect(timeline.click()).toBe('https://landing.test/');
    expect(timeline.click()).toBe('https://landing.test/');
    expect(sent.filter((u) => u.includes('event=click'))).toHaveLength(1);
    expect(events.filter((e) => e.type === 'clickThrough')).toHaveLength(2);
    expect(timeline.current()).toMatchObject({ adNumber: 1, adCount: 1, remaining: 7 });
  });

  it('skip(): refused before skipOffset; after it, `skip` fires once, the seek target is the ad end, complete never fires; the last ad\'s skip ends the break', async () => {
    const skippable = (id: string, start: number, duration: number, skipOffset: string) => ad({ id, start, duration, skipOffset, events: [...LINEAR, 'skip'] });
    const body = answer([avail('20', [skippable('20', 30, 6, '00:00:05'), skippable('23', 36, 4, '50%')], true)]);
    const { video, timeline, sent, events } = await setup('client', [body]);
    const of = (id: string, ev: string) => sent.filter((u) => u.includes(`ad=${id}&event=${ev}&`));
    video.play(34.75);
    expect(timeline.current()?.skippable).toBe(false);
    expect(timeline.skip()).toBeNull();
    expect(sent.filter((u) => u.includes('event=skip'))).toEqual([]);
    video.play(35.25);
    expect(timeline.current()?.skippable).toBe(true);
    expect(timeline.skip()).toBe(36);
    expect(timeline.skip()).toBe(36);
    expect(of('20', 'skip')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'skip').map((e) => (e as AdEventDetail & { to: number }).to)).toEqual([36, 36]);
    video.seek(36);
    video.play(37.5);
    expect(timeline.skip()).toBeNull();
    video.play(38.25);
    expect(timeline.skip()).toBe(40);
    expect(names(events).slice(-2)).toEqual(['skip:23', 'breakEnd:20']);
    video.seek(40);
    video.play(45);
    video.seek(30.5);
    video.play(45);
    expect(of('20', 'complete')).toEqual([]);
    expect(of('23', 'complete')).toEqual([]);
    expect(of('23', 'skip')).toHaveLength(1);
    expect(names(events).filter((n) => n.startsWith('breakEnd'))).toEqual(['breakEnd:20']);
    expect(sent.filter((u) => u.includes('event=breakEnd'))).toHaveLength(1);
  });

  it('skip() in server mode: the seek target, no beacon from the page', async () => {
    const body = answer([avail('20', [ad({ id: '20', start: 30, duration: 6, skipOffset: '00:00:05', events: [...LINEAR, 'skip'] })])]);
    const { video, timeline, sent } = await setup('server', [body]);
    video.play(35.5);
    expect(timeline.skip()).toBe(36);
    expect(sent).toEqual([]);
  });

  it('persisted fired set: a reload of the same session fires nothing already fired', async () => {
    const storage = new Map<string, string>();
    const a = await setup('client', [threeBreaks()], storage);
    a.video.play(12);
    const before = a.sent.length;
    expect(before).toBeGreaterThan(0);
    a.timeline.detach();
    const b = await setup('client', [threeBreaks()], storage);
    b.video.play(12);
    expect(b.sent).toEqual([]);
    b.video.play(40);
    expect(b.sent.length).toBe(2 * LINEAR_COUNT + 2);
  });

  it('tracking that arrives after playback started still starts the ad under the playhead', async () => {
    const video = new FakeVideo();
    const poller = createTrackingPoller({ trackingUrl: 'https://page.test/t', fetch: jsonFetch([answer([]), threeBreaks()]) });
    await poller.poll();
    const sent: string[] = [];
    const timeline = attachAdTimeline(video as unknown as HTMLVideoElement, poller, { reportingMode: 'client', fireBeacons: (u) => sent.push(u) });
    const events: string[] = [];
    timeline.on('adStart', (d) => events.push(d.adId!));
    video.play(1.5);
    expect(events).toEqual([]);
    await poller.poll();
    expect(events).toEqual(['0']);
  });
});
