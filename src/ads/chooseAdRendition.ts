/**
 * The ad rendition one content playlist of a session plays (DESIGN "Ad creatives in a browser": audio groups
 * to audio). Audio renditions of the content (EXT-X-MEDIA TYPE=AUDIO) get the ad's audio renditions, variants
 * get the ad's variants; within that kind, the closest by codecs, resolution and bandwidth (closestRendition).
 * Shared by VOD (buildInsertions.ts) and live (live/liveWindow.ts) so both choose alike.
 * Never -1: when nothing is of the right kind or compatible, the first candidate, so that every playlist
 * still gets the ad at the same place (DESIGN invariant 2) rather than dropping it from one playlist.
 */
import type { AdRendition } from '../session/plan';
import type { PlaylistRef } from '../session/sessionRecord';
import { closestRendition } from './closestRendition';

function isAudioRendition(r: AdRendition): boolean {
  return r.mediaType === 'AUDIO' || r.audioOnly === true;
}

export function chooseAdRendition(ref: PlaylistRef, renditions: AdRendition[]): number {
  if (!renditions.length) return -1;
  const wantAudio = ref.kind === 'rendition' && (ref.mediaType ?? '').toUpperCase() === 'AUDIO';
  const idx: number[] = [];
  for (let i = 0; i < renditions.length; i++) if (isAudioRendition(renditions[i]) === wantAudio) idx.push(i);
  if (!idx.length) for (let i = 0; i < renditions.length; i++) idx.push(i);
  // An audio playlist's ref has no resolution and usually no CODECS: closestRendition then ranks by bandwidth.
  const k = closestRendition(ref, idx.map((i) => renditions[i]));
  return idx[k < 0 ? 0 : k];
}
