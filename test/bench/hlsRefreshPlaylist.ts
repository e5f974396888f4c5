/**
 * Deterministic live media playlists for the HLS refresh benchmarks (hlsRefresh.bench.ts): a channel of ~2 s
 * segments (2.002 s, 29.97 fps GOPs), EXT-X-PROGRAM-DATE-TIME on every segment, and one ad break per
 * `period` segments as EXT-X-CUE-OUT:DURATION / EXT-X-CUE-OUT-CONT / EXT-X-CUE-IN (protocols.md §6.1), the
 * way an origin packager writes a sliding window.
 */
export const SEGMENT_S = 2.002;
/** Segments per break: 10 × 2.002 s = 20.02 s, filled by two 10 s ads. */
export const BREAK_SEGMENTS = 10;
/** Origin media sequence numbers start here (a channel that has been running for a while). */
export const FIRST_MSN = 4_812_000;
const EPOCH_MS = Date.UTC(2024, 2, 1, 12, 0, 0);

export interface LiveChannel {
  /** Segments per window. */
  window: number;
  /** Segments from one cue-out to the next: window / breaks. */
  period: number;
}

export function channel(window: number, breaks: number): LiveChannel {
  return { window, period: Math.floor(window / breaks) };
}

/** The break (if any) segment `msn` belongs to: its offset within the break, or -1. */
function breakOffset(ch: LiveChannel, msn: number): number {
  const k = (msn - FIRST_MSN) % ch.period;
  const start = ch.period >> 1;
  return k >= start && k < start + BREAK_SEGMENTS ? k - start : k === start + BREAK_SEGMENTS ? BREAK_SEGMENTS : -1;
}

/** The media playlist whose last segment is origin msn `edge`. */
export function livePlaylist(ch: LiveChannel, edge: number): string {
  const w0 = edge - ch.window + 1;
  const out: string[] = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${w0}`, '#EXT-X-DISCONTINUITY-SEQUENCE:0'];
  const breakS = (BREAK_SEGMENTS * SEGMENT_S).toFixed(3);
  for (let m = w0; m <= edge; m++) {
    const off = breakOffset(ch, m);
    if (off === 0) out.push(`#EXT-X-CUE-OUT:DURATION=${breakS}`);
    else if (off > 0 && off < BREAK_SEGMENTS) out.push(`#EXT-X-CUE-OUT-CONT:ElapsedTime=${(off * SEGMENT_S).toFixed(3)},Duration=${breakS}`);
    else if (off === BREAK_SEGMENTS) out.push('#EXT-X-CUE-IN');
    const t = EPOCH_MS + Math.round((m - FIRST_MSN) * SEGMENT_S * 1000);
    out.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(t).toISOString()}`);
    out.push(`#EXTINF:${SEGMENT_S.toFixed(3)},`);
    out.push(`video/720p/seg-${m}.ts`);
  }
  return out.join('\n') + '\n';
}

/** An edge msn whose window holds exactly `breaks` whole cue-out / cue-in pairs, and whose next segment starts no break. */
export function steadyEdge(ch: LiveChannel): number {
  // The window starts on a period boundary: breaks at period/2 .. period/2 + BREAK_SEGMENTS in every period.
  return FIRST_MSN + 10 * ch.period + ch.window - 1;
}
