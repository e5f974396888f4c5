/**
 * Which cues are due when the playhead moves (pure: the timeline feeds it `video.currentTime` samples).
 *
 * Rules (protocols.md §19 "Beacon accuracy", §14.2; players.md §1.6):
 * - Playing (no seek between two samples): every cue with `from < time <= to` is due, in timeline order.
 * - Seeking: cues the seek jumps over are NOT due: a skipped quartile was not watched. This follows
 *   broadpeak's server-side rule "only boundaries crossed while playing fire" (protocols.md §16: joining at
 *   25 → 50 % fires midpoint only) (players.md §1.6 has Shaka fire quartiles as currentTime crosses them and does not say what a seek
 *   over one does; this rule does not guess).
 *   Landing inside an ad whose start has not fired starts it (its break too): the ad does render from
 *   there, and an impression needs only that it begins to render (§4.5, IAB). The attach is a landing, and
 *   so is every sample's `from`: tracking that arrives after the playhead passed an ad's first frame still
 *   starts the ad that is playing.
 * - An ad's quartiles and end need its start to have fired (no `complete` for an ad never started), and
 *   breakEnd needs breakStart; adStart brings its break's breakStart along when that has not fired.
 * - A cue whose key is already fired is never due again: seeks back, replays, re-merged answers and
 *   duplicate events change nothing (the caller records what it fires: firedSet.ts).
 */
import type { AdCue } from './buildAdCues';
import { availKey } from './mergeTracking';

export type PlayheadStep =
  | { kind: 'play'; from: number; to: number }
  | { kind: 'seek'; to: number };

function startKey(cue: AdCue): string | null {
  switch (cue.kind) {
    case 'breakStart': case 'adStart': return null;
    case 'breakEnd': return `${cue.instance}#breakStart`;
    default: return `${cue.instance}#adStart`;
  }
}

const breakStartKey = (cue: AdCue) => `${availKey(cue.avail)}#breakStart`;

/**
 * The cues due for `step`, in the order they fire. `fired(key)` says whether a cue has fired before;
 * the result never holds a fired cue, and never one twice.
 */
export function cuesDue(cues: readonly AdCue[], step: PlayheadStep, fired: (key: string) => boolean): AdCue[] {
  const out: AdCue[] = [];
  const now = new Set<string>();
  const done = (k: string) => now.has(k) || fired(k);
  const take = (c: AdCue) => { if (!done(c.key)) { now.add(c.key); out.push(c); } };
  const breakStartOf = (c: AdCue) => cues.find((x) => x.kind === 'breakStart' && x.key === breakStartKey(c));

  const start = (c: AdCue) => {
    const bs = breakStartOf(c);
    if (bs) take(bs);
    take(c);
  };

  // The ad under the playhead renders, so it starts if it has not (a seek landing, the attach, or tracking
  // that arrived after playback had passed the ad's first frame).
  const landAt = (p: number) => {
    for (const c of cues) {
      if (c.kind !== 'adStart' || !c.ad) continue;
      if (p >= c.ad.startTimeInSeconds && p < c.ad.startTimeInSeconds + c.ad.durationInSeconds) start(c);
    }
  };

  if (step.kind === 'seek') {
    landAt(step.to);
    return out;
  }

  const { from, to } = step;
  landAt(from);
  if (!(to > from)) return out;
  for (const c of cues) {
    if (c.time <= from || c.time > to) continue;
    if (c.kind === 'adStart') { start(c); continue; }
    if (c.kind === 'breakStart') { take(c); continue; }
    const needs = startKey(c);
    if (needs && done(needs)) take(c);
  }
  return out;
}
