import { parseMaster } from '../../../src/hls/parseMaster';

/**
 * What the live simulator's multivariant playlist says about each rendition. The numbers come from the
 * VOD multivariant playlists scripts/make-media.sh writes from the real segments (content/master.m3u8,
 * content-fmp4/master.m3u8), so BANDWIDTH and CODECS stay true when the media changes.
 */
export interface VideoRendition {
  /** Folder name under content/ or content-fmp4/, and the media playlist name (`360p.m3u8`). */
  name: string;
  /** bit/s; for the demuxed ladder, video plus audio (RFC 8216 §4.3.4.2). */
  bandwidth: number;
  averageBandwidth: number;
  width: number;
  height: number;
  codecs: string;
  frameRate: number;
}

export interface LiveLadder {
  /** TS with audio and video together (muxed and encrypted variants). */
  muxed: VideoRendition[];
  /** fMP4 video only; the audio is the one `audio` rendition. */
  demuxed: VideoRendition[];
}

/** The name of the demuxed audio rendition's media playlist and folder. */
export const AUDIO_RENDITION = 'audio';

/**
 * The name of the WebVTT subtitle rendition's media playlist (every variant names it, issue 5 item 5). Its
 * segments are content/subs (TS timestamps) or content-fmp4/subs (fMP4 timestamps), scripts/make-subtitles.ts.
 */
export const SUBTITLE_RENDITION = 'subs';

/** Used when the media has not been generated yet: the playlists still parse, only the segments 404. */
export const DEFAULT_LADDER: LiveLadder = {
  muxed: [
    { name: '360p', bandwidth: 640_000, averageBandwidth: 610_000, width: 640, height: 360, codecs: 'avc1.42C01E,mp4a.40.2', frameRate: 24 },
    { name: '180p', bandwidth: 260_000, averageBandwidth: 250_000, width: 320, height: 180, codecs: 'avc1.42C01E,mp4a.40.2', frameRate: 24 },
  ],
  demuxed: [
    { name: '360p', bandwidth: 91_000, averageBandwidth: 85_000, width: 640, height: 360, codecs: 'avc1.42C01E,mp4a.40.2', frameRate: 24 },
    { name: '180p', bandwidth: 60_000, averageBandwidth: 57_000, width: 320, height: 180, codecs: 'avc1.42C01E,mp4a.40.2', frameRate: 24 },
  ],
};

function renditionsOf(master: string | null, fallback: VideoRendition[]): VideoRendition[] {
  if (master === null) return fallback;
  const out: VideoRendition[] = [];
  for (const v of parseMaster(master).playlist.variants) {
    // `360p/index.m3u8` → `360p`; a name must be a plain folder so it can sit in a URL path unescaped.
    const name = v.uri.split('/')[0];
    const known = fallback.find((f) => f.name === name);
    if (!/^[A-Za-z0-9_-]+$/.test(name) || name === AUDIO_RENDITION || name === SUBTITLE_RENDITION || !known) continue;
    out.push({
      name,
      bandwidth: v.bandwidth,
      averageBandwidth: v.averageBandwidth ?? v.bandwidth,
      width: v.width ?? known.width,
      height: v.height ?? known.height,
      codecs: v.codecs ?? known.codecs,
      frameRate: v.frameRate ?? known.frameRate,
    });
  }
  return out.length > 0 ? out : fallback;
}

/** The ladder from the two VOD multivariant playlists' text (null when a file is missing). */
export function ladderFromMasters(tsMaster: string | null, fmp4Master: string | null): LiveLadder {
  return { muxed: renditionsOf(tsMaster, DEFAULT_LADDER.muxed), demuxed: renditionsOf(fmp4Master, DEFAULT_LADDER.demuxed) };
}
