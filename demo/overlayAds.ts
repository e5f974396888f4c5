/**
 * Overlays for nonlinear ads (VAST NonLinearAds, tracking JSON protocols.md §4.1/§4.4): drawn over the video,
 * never stitched into it. Two sources, both only when the session was opened with `overlayAvails: "on"`:
 * - root `nonLinearAvails`: overlay breaks (VMAP `breakType="nonlinear"`), at their `startTimeInSeconds`;
 * - an avail's `nonLinearAdsList`: the NonLinearAds of a linear break's answer, shown from the break's start.
 * Each shows for its `durationInSeconds`, else its `minSuggestedDuration`, else 10 s. An image is an `<img>`
 * in a link to its click-through; HTML or iframe resources go in a sandboxed iframe (companionBanners.ts'
 * sandbox: no `allow-same-origin`). The viewer can close one; it stays closed.
 */
import type { MediaTailorAvail, MediaTailorNonLinearAd, MediaTailorTracking } from '../src/tracking/mediaTailorTypes';
import { COMPANION_SANDBOX } from './companionBanners';

export interface Overlay { key: string; start: number; end: number; ad: MediaTailorNonLinearAd }

const DEFAULT_SECONDS = 10;

function hms(v: string | null): number | null {
  const m = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(v ?? '');
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}

/** The overlays of one tracking answer, in time order. */
export function overlaysOf(tracking: Pick<MediaTailorTracking, 'avails' | 'nonLinearAvails'>): Overlay[] {
  const out: Overlay[] = [];
  const add = (avail: MediaTailorAvail, source: string) => {
    for (const [i, group] of (avail.nonLinearAdsList ?? []).entries()) {
      for (const [j, ad] of (group.nonLinearAdList ?? []).entries()) {
        if (!ad.staticResource && !ad.htmlResource && !ad.iFrameResource) continue;
        const seconds = ad.durationInSeconds > 0 ? ad.durationInSeconds : hms(ad.minSuggestedDuration) ?? DEFAULT_SECONDS;
        out.push({ key: `${source}:${avail.availId}:${i}:${j}`, start: avail.startTimeInSeconds, end: avail.startTimeInSeconds + seconds, ad });
      }
    }
  };
  for (const a of tracking.nonLinearAvails ?? []) add(a, 'overlay');
  for (const a of tracking.avails ?? []) add(a, 'linear');
  return out.sort((a, b) => a.start - b.start);
}

function content(ad: MediaTailorNonLinearAd): HTMLElement {
  if (ad.staticResource) {
    const img = document.createElement('img');
    img.src = ad.staticResource;
    img.alt = ad.adTitle || 'overlay ad';
    if (!ad.clickThrough) return img;
    const a = document.createElement('a');
    a.href = ad.clickThrough;
    a.target = '_blank';
    a.rel = 'noopener';
    a.append(img);
    return a;
  }
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', COMPANION_SANDBOX);
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.width = String(Math.min(Number(ad.width) || 480, 640));
  frame.height = String(Math.min(Number(ad.height) || 60, 200));
  if (ad.htmlResource) frame.srcdoc = ad.htmlResource;
  else frame.src = ad.iFrameResource!;
  return frame;
}

export function mountOverlays(layer: HTMLElement, video: HTMLVideoElement): (tracking: Pick<MediaTailorTracking, 'avails' | 'nonLinearAvails'>) => void {
  let overlays: Overlay[] = [];
  const closed = new Set<string>();
  /** Key of the overlay on screen; undefined: redraw whatever is due. */
  let shown: string | null | undefined;
  const render = () => {
    const t = video.currentTime;
    const o = overlays.find((x) => t >= x.start && t < x.end && !closed.has(x.key)) ?? null;
    if ((o?.key ?? null) === shown) return;
    shown = o?.key ?? null;
    layer.hidden = !o;
    if (!o) { layer.replaceChildren(); return; }
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'overlay-close';
    close.textContent = '×';
    close.title = 'close the overlay';
    close.addEventListener('click', () => { closed.add(o.key); render(); });
    layer.dataset.key = o.key;
    layer.replaceChildren(content(o.ad), close);
  };
  video.addEventListener('timeupdate', render);
  video.addEventListener('seeked', render);
  return (tracking) => { overlays = overlaysOf(tracking); shown = undefined; render(); };
}
