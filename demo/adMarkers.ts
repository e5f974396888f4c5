/**
 * Ad markers on the player's timeline: a bar under the video with one mark per ad break, placed from the
 * tracking JSON (`startTimeInSeconds`, `durationInSeconds`: the stitched timeline's seconds, protocols.md §5.1,
 * which are `video.currentTime` for hls.js), and the playhead. For a live stream the bar spans the seekable
 * window, so breaks that scrolled out of it are not drawn. Clicking the bar seeks there.
 */
export interface MarkedAvail { availId: string; startTimeInSeconds: number; durationInSeconds: number; ads: unknown[] }

function span(video: HTMLVideoElement): { start: number; end: number } | null {
  if (Number.isFinite(video.duration) && video.duration > 0) return { start: 0, end: video.duration };
  if (video.seekable.length) {
    const start = video.seekable.start(0);
    const end = video.seekable.end(video.seekable.length - 1);
    if (end > start) return { start, end };
  }
  return null;
}

export function mountAdMarkers(bar: HTMLElement, video: HTMLVideoElement, avails: () => readonly MarkedAvail[]): () => void {
  const head = document.createElement('div');
  head.className = 'playhead';
  const render = () => {
    const s = span(video);
    const marks: HTMLElement[] = [];
    if (s) {
      const pct = (t: number) => `${(100 * (t - s.start)) / (s.end - s.start)}%`;
      for (const a of avails()) {
        const end = a.startTimeInSeconds + Math.max(a.durationInSeconds, 0.5);
        if (end < s.start || a.startTimeInSeconds > s.end) continue;
        const m = document.createElement('div');
        m.className = 'ad-marker';
        m.dataset.availId = a.availId;
        m.style.left = pct(Math.max(a.startTimeInSeconds, s.start));
        m.style.width = `max(3px, calc(${pct(Math.min(end, s.end))} - ${pct(Math.max(a.startTimeInSeconds, s.start))}))`;
        m.title = `break at ${a.startTimeInSeconds.toFixed(1)} s: ${a.ads.length} ad(s), ${a.durationInSeconds.toFixed(1)} s`;
        marks.push(m);
      }
      head.style.left = pct(Math.min(Math.max(video.currentTime, s.start), s.end));
    }
    bar.replaceChildren(...marks, head);
  };
  bar.addEventListener('click', (e) => {
    const s = span(video);
    if (!s) return;
    const r = bar.getBoundingClientRect();
    video.currentTime = s.start + ((e.clientX - r.left) / r.width) * (s.end - s.start);
  });
  for (const ev of ['timeupdate', 'durationchange', 'loadedmetadata', 'seeked']) video.addEventListener(ev, render);
  render();
  return render;
}
