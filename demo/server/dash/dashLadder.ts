import path from 'node:path';
import { readFmp4Track, type Fmp4Track } from './readFmp4Track';

/**
 * The renditions one DASH presentation of the demo offers: the video-only fMP4 renditions (360p, 180p)
 * and the one AAC audio rendition of a folder that scripts/make-media.sh wrote (content-fmp4/,
 * ads/<id>/fmp4/, ads/slate/fmp4/). The Representation@id is the folder name, so a SegmentTemplate's
 * `$RepresentationID$` names the folder.
 */
export interface DashRendition {
  id: string;
  track: Fmp4Track;
}

export interface DashLadder {
  /** Highest first. */
  video: DashRendition[];
  audio: DashRendition | null;
}

export const VIDEO_RENDITIONS = ['360p', '180p'] as const;
export const AUDIO_RENDITION = 'audio';

/** The ladder of `dir`, or null when it has no readable video rendition (media not generated). */
export function readDashLadder(dir: string): DashLadder | null {
  const video: DashRendition[] = [];
  for (const id of VIDEO_RENDITIONS) {
    const track = readFmp4Track(path.join(dir, id));
    if (track?.kind === 'video') video.push({ id, track });
  }
  if (video.length === 0) return null;
  video.sort((a, b) => b.track.bandwidth - a.track.bandwidth);
  const audioTrack = readFmp4Track(path.join(dir, AUDIO_RENDITION));
  return { video, audio: audioTrack?.kind === 'audio' ? { id: AUDIO_RENDITION, track: audioTrack } : null };
}

/** Every rendition, video first. */
export function renditionsOf(ladder: DashLadder): DashRendition[] {
  return ladder.audio ? [...ladder.video, ladder.audio] : [...ladder.video];
}
