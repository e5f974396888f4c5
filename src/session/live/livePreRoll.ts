/**
 * Live pre-roll (protocols.md §9, MediaTailor UG ad-behavior-preroll): a configured pre-roll ADS and a
 * maximum duration; at the start of a session one break of whole ads (response order, never over the
 * maximum, no slate) is placed where the player starts, and content resumes when the last chosen ad ends.
 *
 * Position, HLS: MediaTailor's formula is `max(2 × EXT-X-TARGETDURATION, EXT-X-START:TIME-OFFSET)`, a
 * number of seconds before the live edge. RFC 8216 §4.3.5.2 defines TIME-OFFSET as signed: "A positive
 * number indicates a time offset from the beginning of the Playlist. A negative number indicates a
 * negative time offset from the end of the last Media Segment in the Playlist", and an absolute value
 * larger than the Playlist duration means the end (positive) or the beginning (negative). Our reading
 * [INFERRED]: the formula compares distances from the live edge, so TIME-OFFSET enters it as the distance
 * from the end that the tag asks for: −TIME-OFFSET when negative, (Playlist duration − TIME-OFFSET) when
 * positive, clamped to [0, Playlist duration]. Taken literally, a negative offset (the usual one for live:
 * §4.3.5.2 says it SHOULD NOT be within three target durations of the end of a playlist without
 * EXT-X-ENDLIST) could never win over 2 × TARGETDURATION. Only the media playlist's EXT-X-START is read
 * (the multivariant playlist's is not kept by the session).
 *
 * The break starts at the latest segment boundary at least that far from the edge (players start on a
 * segment boundary; hls.js starts 3 target durations back, or at EXT-X-START), so it may play up to a
 * segment of content first. No room: when that boundary would be the window's first segment or before
 * it (a window shorter than the distance), there is no pre-roll for the session (a break at the start of
 * a window cannot be stitched: it would be the first thing listed and could not be held back, ./index.ts).
 */
import type { MediaPlaylist } from '../../hls/parseMedia';
import { parseAttributes } from '../../hls/attributes';
import type { PlaybackConfiguration } from '../config';

export interface LivePreRoll {
  /** ADS URL template (the same [session.*], [avail.*], [player_params.*] variables as AdDecisionServerUrl). */
  adsUrl: string;
  maxDurationSeconds: number;
}

/** The configuration's live pre-roll, or null when it is not enabled (both fields are needed, config.ts). */
export function livePreRollOf(config: PlaybackConfiguration): LivePreRoll | null {
  const p = config.LivePreRollConfiguration;
  if (!p || typeof p.AdDecisionServerUrl !== 'string' || !p.AdDecisionServerUrl || typeof p.MaxDurationSeconds !== 'number' || !(p.MaxDurationSeconds > 0)) return null;
  return { adsUrl: p.AdDecisionServerUrl, maxDurationSeconds: p.MaxDurationSeconds };
}

/** Seconds before the end of the playlist that EXT-X-START asks for (see above), or null without a usable tag. */
export function startDistance(playlist: MediaPlaylist): number | null {
  const line = playlist.headerLines.find((l) => l.startsWith('#EXT-X-START:'));
  if (!line) return null;
  const raw = parseAttributes(line.slice('#EXT-X-START:'.length))['TIME-OFFSET'];
  const offset = raw === undefined ? NaN : Number(raw);
  if (!Number.isFinite(offset)) return null;
  let total = 0;
  for (const s of playlist.segments) total += s.duration;
  const distance = offset < 0 ? -offset : total - offset;
  return Math.min(Math.max(distance, 0), total);
}

/** Seconds before the live edge where the pre-roll goes: max(2 × TARGETDURATION, EXT-X-START distance). */
export function preRollDistance(playlist: MediaPlaylist): number {
  return Math.max(2 * playlist.targetDuration, startDistance(playlist) ?? 0);
}

/** A boundary counts as reached within this (EXTINF are rounded decimals). */
const TOL = 0.001;

/**
 * Origin msn of the segment the pre-roll starts at in this window: the latest segment start at least
 * preRollDistance before the end. Null when there is no room (that start would be the window's first
 * segment or before it).
 */
export function preRollStartMsn(playlist: MediaPlaylist): number | null {
  const segs = playlist.segments;
  const distance = preRollDistance(playlist);
  let fromEnd = 0;
  for (let i = segs.length - 1; i > 0; i--) {
    fromEnd += segs[i].duration;
    if (fromEnd >= distance - TOL) return playlist.mediaSequence + i;
  }
  return null;
}

/**
 * The configuration a pre-roll decision runs with: the pre-roll ADS template in place of AdDecisionServerUrl,
 * no slate (the pre-roll lasts the chosen ads' total, content resumes after) and no personalization
 * threshold (MediaTailor fills it with whatever whole ads fit, §9). Without a pre-roll configured (changed
 * since the break was placed) the URL is empty and the decision fails open to content.
 */
export function preRollDecisionConfig(config: PlaybackConfiguration): PlaybackConfiguration {
  return { ...config, AdDecisionServerUrl: livePreRollOf(config)?.adsUrl ?? '', SlateAdUrl: null, PersonalizationThresholdSeconds: null };
}
