/**
 * Companion banners of the playing ad (tracking JSON `companionAds`, protocols.md §4.4), as DOM elements:
 * - `staticResource`: an `<img>` (in a link to `companionClickThrough` when there is one);
 * - `htmlResource`: the ad server's HTML in an `<iframe srcdoc>` whose `sandbox` has no `allow-same-origin`,
 *   so the markup runs in an opaque origin: it cannot read this page, its cookies, or the worker's storage;
 *   popups are allowed (a companion's link opens the advertiser) and may leave the sandbox (the landing page is
 *   an ordinary page);
 * - `iFrameResource`: the same sandbox around the ad server's URL.
 * Sizes come from the companion's width/height attributes (bounded, so a bad value cannot cover the page).
 */
import type { MediaTailorCompanion } from '../src/tracking/mediaTailorTypes';

/** No `allow-same-origin`: an HTML companion never runs with this page's origin. */
export const COMPANION_SANDBOX = 'allow-scripts allow-popups allow-popups-to-escape-sandbox';

const px = (v: string | null | undefined, fallback: number, max: number) => {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? Math.min(n, max) : fallback;
};

function sandboxedFrame(c: MediaTailorCompanion): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.className = 'companion-html';
  frame.setAttribute('sandbox', COMPANION_SANDBOX);
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.width = String(px(c.attributes?.width, 300, 970));
  frame.height = String(px(c.attributes?.height, 250, 600));
  frame.title = c.altText ?? 'companion ad';
  if (c.htmlResource) frame.srcdoc = c.htmlResource;
  else frame.src = c.iFrameResource!;
  return frame;
}

function staticImage(c: MediaTailorCompanion): HTMLElement {
  const img = document.createElement('img');
  img.className = 'companion-static';
  img.src = c.staticResource!;
  img.alt = c.altText ?? 'companion ad';
  img.width = px(c.attributes?.width, 300, 970);
  if (!c.companionClickThrough) return img;
  const a = document.createElement('a');
  a.href = c.companionClickThrough;
  a.target = '_blank';
  a.rel = 'noopener';
  a.append(img);
  return a;
}

/** One element per companion that has a resource this page can show; others are left out. */
export function companionBanners(list: readonly MediaTailorCompanion[] | null | undefined): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const c of list ?? []) {
    if (c.staticResource) out.push(staticImage(c));
    else if (c.htmlResource || c.iFrameResource) out.push(sandboxedFrame(c));
  }
  return out;
}
