import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readDashLadder } from './dash/dashLadder';

/** One ad creative of demo/media/ads, with what a VAST MediaFile says about it. */
export interface AdCreative {
  /** Folder name under demo/media/ads, also the UniversalAdId. */
  id: 'ad6' | 'ad10' | 'ad15';
  seconds: 6 | 10 | 15;
  /** The label burned into the picture. */
  title: string;
  width: number;
  height: number;
  /** RFC 6381 codecs of the top rendition, as in its multivariant playlist. */
  codecs: string;
  /** VAST MediaFile@bitrate is in kbit/s (VAST 4.2 §3.9.1): the HLS top rendition's peak, and the MP4's average. */
  hlsKbps: number;
  mp4Kbps: number;
  /** The demuxed fMP4 ladder (ads/<id>/fmp4/master.m3u8, for demuxed content, issue 5): its top variant's peak. */
  fmp4Kbps: number;
  /** The DASH rendition (/ads/media/<id>/manifest.mpd, issue 7): its top video Representation's @bandwidth plus the audio's. */
  dashKbps: number;
}

export const AD_SECONDS = [6, 10, 15] as const;

const BASE: ReadonlyArray<Pick<AdCreative, 'id' | 'seconds' | 'title'>> = [
  { id: 'ad6', seconds: 6, title: 'AD 1 · 6s' },
  { id: 'ad10', seconds: 10, title: 'AD 2 · 10s' },
  { id: 'ad15', seconds: 15, title: 'AD 3 · 15s' },
];

/**
 * Reads the facts a VAST should carry from the generated media, so the numbers stay true when
 * make-media.sh changes. Missing media (not generated yet) gives plausible defaults, not an error:
 * the VAST is still well-formed, only its media URLs 404.
 */
export function loadAdCatalog(mediaDir: string): AdCreative[] {
  return BASE.map((b) => {
    const dir = path.join(mediaDir, 'ads', b.id);
    const ad: AdCreative = { ...b, width: 640, height: 360, codecs: 'avc1.42C01E,mp4a.40.2', hlsKbps: 500, mp4Kbps: 500, fmp4Kbps: 100, dashKbps: 100 };
    try {
      const master = readFileSync(path.join(dir, 'master.m3u8'), 'utf8');
      const inf = master.split('\n').find((l) => l.startsWith('#EXT-X-STREAM-INF:'));
      if (inf) {
        const bw = /[:,]BANDWIDTH=(\d+)/.exec(inf);
        const res = /RESOLUTION=(\d+)x(\d+)/.exec(inf);
        const codecs = /CODECS="([^"]*)"/.exec(inf);
        if (bw) ad.hlsKbps = Math.round(Number(bw[1]) / 1000);
        if (res) [ad.width, ad.height] = [Number(res[1]), Number(res[2])];
        if (codecs && codecs[1]) ad.codecs = codecs[1];
      }
    } catch {
      // keep the defaults
    }
    try {
      const bw = /[:,]BANDWIDTH=(\d+)/.exec(readFileSync(path.join(dir, 'fmp4', 'master.m3u8'), 'utf8'));
      if (bw) ad.fmp4Kbps = Math.round(Number(bw[1]) / 1000);
    } catch {
      // keep the default
    }
    const dash = readDashLadder(path.join(dir, 'fmp4'));
    if (dash) ad.dashKbps = Math.round((dash.video[0].track.bandwidth + (dash.audio?.track.bandwidth ?? 0)) / 1000);
    try {
      ad.mp4Kbps = Math.round((statSync(path.join(dir, `${b.id}.mp4`)).size * 8) / b.seconds / 1000);
    } catch {
      // keep the default
    }
    return ad;
  });
}
