/**
 * VMAP 1.0 `AdBreak@timeOffset`: "start", "end", "HH:MM:SS(.mmm)", "n%" (of the content duration) or
 * "#n" (the n-th break opportunity). Null for anything else.
 */
import { parseVastTime } from './parseVastTime';
import type { VmapTimeOffset } from './vmapModel';

export function parseTimeOffset(text: string | null | undefined): VmapTimeOffset | null {
  const t = (text ?? '').trim();
  if (!t) return null;
  const lower = t.toLowerCase();
  if (lower === 'start') return { kind: 'start' };
  if (lower === 'end') return { kind: 'end' };
  if (t.endsWith('%')) {
    const n = Number(t.slice(0, -1));
    return t.length > 1 && Number.isFinite(n) && n >= 0 && n <= 100 ? { kind: 'percent', percent: n } : null;
  }
  if (t.startsWith('#')) {
    const n = Number(t.slice(1));
    return Number.isInteger(n) && n >= 1 ? { kind: 'position', position: n } : null;
  }
  const time = parseVastTime(t);
  return time && t.includes(':') ? { kind: 'time', seconds: time.seconds } : null;
}

/**
 * Content time (seconds) where a break with this offset starts, for content of `duration` seconds; null
 * for a position (`#n` names a cue point, which content without markers does not have).
 */
export function breakTime(offset: VmapTimeOffset, duration: number): number | null {
  switch (offset.kind) {
    case 'start': return 0;
    case 'end': return duration;
    case 'time': return Math.min(offset.seconds, duration);
    case 'percent': return (offset.percent / 100) * duration;
    case 'position': return null;
  }
}
