/**
 * The demo's small ad UI on the page-side client (src/client/attachAdTimeline.ts): "Ad 1 of 2 · 0:07",
 * the current ad's companions (images; HTML in a sandboxed iframe: companionBanners.ts) and a click-through
 * link, plus the list of timeline events the browser test reads (`window.__stitchbox.adEvents`).
 */
import type { AdEventDetail, AdTimeline } from '../src/client/attachAdTimeline';
import { companionBanners } from './companionBanners';

export interface AdEventRecord {
  type: AdEventDetail['type'];
  availId: string;
  adId?: string;
  /** Playhead, seconds. */
  time: number;
  /** Beacon URLs the page sent for this event (client mode). */
  beacons: string[];
  /** The ad's place on the timeline (tracking JSON seconds), so a test can check when the event came. */
  adStartTime?: number;
  adDuration?: number;
}

const TYPES = ['breakStart', 'adStart', 'companions', 'skippable', 'firstQuartile', 'midpoint', 'thirdQuartile', 'adEnd', 'breakEnd', 'clickThrough', 'skip'] as const;

const clock = (s: number) => { const t = Math.max(0, Math.ceil(s)); return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, '0')}`; };

export function mountAdPanel(timeline: AdTimeline, video: HTMLVideoElement, panel: HTMLElement, record: AdEventRecord[]): void {
  const label = panel.querySelector<HTMLElement>('.ad-label')!;
  const link = panel.querySelector<HTMLAnchorElement>('.ad-click')!;
  const companions = panel.querySelector<HTMLElement>('.ad-companions')!;

  for (const type of TYPES) {
    timeline.on(type, (d) => record.push({
      type, availId: d.availId, adId: d.adId, time: d.time, beacons: d.beacons, adStartTime: d.ad?.startTimeInSeconds, adDuration: d.ad?.durationInSeconds,
    }));
  }
  timeline.on('companions', ({ companions: list }) => { companions.replaceChildren(...companionBanners(list)); });
  timeline.on('adEnd', () => companions.replaceChildren());
  timeline.on('skip', () => companions.replaceChildren());
  // The anchor opens the landing page itself (in the click's own task: no popup blocker); click() fires ClickTracking.
  link.addEventListener('click', () => { timeline.click(); });

  const render = () => {
    const cur = timeline.current();
    panel.hidden = !cur;
    if (!cur) return;
    label.textContent = `Ad ${cur.adNumber} of ${cur.adCount} · ${clock(cur.remaining)}${cur.skippable ? ' · skippable' : ''}`;
    const landing = cur.ad.trackingEvents.find((e) => e.eventType === 'clickThrough')?.beaconUrls[0];
    link.hidden = !landing;
    if (landing) link.href = landing;
  };
  video.addEventListener('timeupdate', render);
  video.addEventListener('seeked', render);
}
