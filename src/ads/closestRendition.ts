/**
 * For one content rendition, the ad rendition to stitch in its place (DESIGN.md "Ad creatives in a
 * browser": bandwidth, resolution, codecs; audio to audio). MediaTailor transcodes ads to match the
 * content ladder (protocols.md §12); a browser cannot, so it picks the nearest existing rendition:
 * 1. compatible codecs: when both sides declare CODECS, the video codec family must be the same
 *    (avc1/avc3 vs hvc1/hev1 vs ...), a video rendition never gets an audio-only ad rendition nor the
 *    reverse, and the audio family must be the same when both carry audio; an ad rendition with the same
 *    set of tracks (muxed vs. demuxed) is preferred;
 * 2. the same or nearest resolution by pixel count (renditions without a resolution rank after those with one);
 * 3. the highest bandwidth not above the content's, else the lowest above it (a player that switched to
 *    this variant because of its bandwidth should not stall on the ad).
 * Returns the index into `ads`, or -1 when none is compatible.
 */
export interface RenditionInfo {
  bandwidth: number;
  width?: number;
  height?: number;
  codecs?: string;
}

type Kind = 'video' | 'audio' | 'text' | 'other';

/** Codec families by RFC 6381 sample-entry prefix; equivalent entries share a family. */
const FAMILIES: Record<string, { family: string; kind: Kind }> = {
  avc1: { family: 'avc', kind: 'video' }, avc3: { family: 'avc', kind: 'video' },
  hvc1: { family: 'hevc', kind: 'video' }, hev1: { family: 'hevc', kind: 'video' },
  dvh1: { family: 'dolby-vision', kind: 'video' }, dvhe: { family: 'dolby-vision', kind: 'video' },
  av01: { family: 'av1', kind: 'video' }, vp09: { family: 'vp9', kind: 'video' }, vp08: { family: 'vp8', kind: 'video' },
  mp4a: { family: 'aac', kind: 'audio' }, 'ac-3': { family: 'ac3', kind: 'audio' }, 'ec-3': { family: 'eac3', kind: 'audio' },
  'ac-4': { family: 'ac4', kind: 'audio' }, opus: { family: 'opus', kind: 'audio' }, flac: { family: 'flac', kind: 'audio' },
  wvtt: { family: 'webvtt', kind: 'text' }, stpp: { family: 'ttml', kind: 'text' },
};

interface Tracks {
  video: string | null;
  audio: string | null;
  /** Families of unclassified codecs, sorted. */
  other: string;
}

function tracksOf(codecs: string | undefined): Tracks | null {
  if (codecs === undefined || !codecs.trim()) return null;
  const t: Tracks = { video: null, audio: null, other: '' };
  const others: string[] = [];
  for (const raw of codecs.split(',')) {
    const c = raw.trim().toLowerCase();
    if (!c) continue;
    const dot = c.indexOf('.');
    const prefix = dot === -1 ? c : c.slice(0, dot);
    const f = FAMILIES[prefix];
    if (f?.kind === 'video') t.video ??= f.family;
    else if (f?.kind === 'audio') t.audio ??= f.family;
    else if (f?.kind !== 'text') others.push(f?.family ?? prefix);
  }
  t.other = others.sort().join(',');
  return t;
}

/** null: incompatible; otherwise 0 for the same track set, 1 for a compatible but different one. */
function codecPenalty(content: Tracks | null, ad: Tracks | null): number | null {
  if (!content || !ad) return 0;
  if ((content.video === null) !== (ad.video === null)) return null;
  if (content.video !== null && content.video !== ad.video) return null;
  if (content.audio !== null && ad.audio !== null && content.audio !== ad.audio) return null;
  if (content.video === null && content.audio !== null && ad.audio === null) return null;
  if (content.other !== ad.other) return null;
  return (content.audio === null) === (ad.audio === null) ? 0 : 1;
}

function pixels(r: RenditionInfo): number | null {
  return r.width !== undefined && r.height !== undefined && r.width > 0 && r.height > 0 ? r.width * r.height : null;
}

/** Lower is better: at or below the content's bandwidth by closeness, then above it by closeness. */
function bandwidthRank(content: number, ad: number): number {
  return ad <= content ? content - ad : Number.MAX_SAFE_INTEGER / 2 + (ad - content);
}

export function closestRendition(content: RenditionInfo, ads: readonly RenditionInfo[]): number {
  const contentTracks = tracksOf(content.codecs);
  const contentPixels = pixels(content);
  let best = -1;
  let bestKey: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < ads.length; i++) {
    const ad = ads[i];
    const penalty = codecPenalty(contentTracks, tracksOf(ad.codecs));
    if (penalty === null) continue;
    const adPixels = pixels(ad);
    const pixelDistance = contentPixels === null ? 0 : adPixels === null ? Number.POSITIVE_INFINITY : Math.abs(adPixels - contentPixels);
    const key: [number, number, number] = [penalty, pixelDistance, bandwidthRank(content.bandwidth, ad.bandwidth)];
    if (best === -1 || key[0] < bestKey[0] || (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))) {
      best = i;
      bestKey = key;
    }
  }
  return best;
}
