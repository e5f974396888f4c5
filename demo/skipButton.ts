/**
 * The skip control (VAST 4.2 §3.9.1 `skipoffset`, passed through as the tracking JSON's `skipOffset`,
 * protocols.md §4.3): before the offset the page shows "Skip in N s" as plain text, not a button; once the ad
 * timeline has emitted `skippable`, a "Skip ad" button. Pressing it calls `timeline.skip()` (which fires the
 * ad's `skip` tracking in client mode, once) and seeks the player to the ad's end.
 */
import type { AdTimeline } from '../src/client/attachAdTimeline';
import { parseSkipOffset } from '../src/client/parseSkipOffset';

export function mountSkipButton(timeline: AdTimeline, video: HTMLVideoElement, button: HTMLButtonElement, countdown: HTMLElement): void {
  const render = () => {
    const cur = timeline.current();
    const offset = cur ? parseSkipOffset(cur.ad.skipOffset, cur.ad.durationInSeconds) : null;
    button.hidden = !cur?.skippable;
    const wait = cur && offset !== null && !cur.skippable ? cur.ad.startTimeInSeconds + offset - video.currentTime : null;
    countdown.hidden = wait === null;
    if (wait !== null) countdown.textContent = `Skip in ${Math.max(1, Math.ceil(wait))} s`;
  };
  button.addEventListener('click', () => {
    const to = timeline.skip();
    if (to !== null) video.currentTime = to;
    render();
  });
  timeline.on('skippable', render);
  video.addEventListener('timeupdate', render);
  video.addEventListener('seeked', render);
}
