/**
 * The warm path of a live refresh (issue 9): per session and media playlist, the previous origin text, its
 * parse and the stitched text, kept in memory only. It is a cache (DESIGN invariant 7): a worker that was
 * stopped starts without it, takes the full path (parseMedia, stitchMedia), and writes the same bytes
 * (test/unit/session/liveRefresh.property.test.ts). A refresh that only slid the window parses its new tail
 * (parseMediaSlide.ts) and slices the previous stitched text (stitchMediaSlide.ts); any other change (a
 * decision landed, a break entered or left the window, a held-back window released, a header tag changed, a
 * restart) takes the full path for that refresh.
 */
import type { MediaPlaylist } from '../../hls/parseMedia';
import { parseFull, parseMediaSlide, type ParsedText } from '../../hls/parseMediaSlide';
import type { Insertion, StitchOptions } from '../../hls/stitchMedia';
import { stitchFull, stitchMediaSlide, type Stitched } from '../../hls/stitchMediaSlide';
import { isLivePlaylist, type WindowBreak } from './liveTimeline';
import { scanWindow, slideWindow, type ScannedWindow } from './windowBreaks';

/** Playlists kept at most (a session plays a few renditions at once; each entry holds two texts of the window). */
export const REFRESH_CACHE_ENTRIES = 16;

export interface RefreshCache {
  /** parseMedia(text).playlist, from the previous text of `key` when the window only slid. */
  parse(key: string, text: string): MediaPlaylist;
  /** stitchMedia(playlist, insertions, opts).text, from the previous stitched text of `key` when the window only slid. */
  stitch(key: string, playlist: MediaPlaylist, insertions: Insertion[], opts: StitchOptions): string;
  /** findBreaks(playlist).breaks (what observeWindow reads), from the previous window's scan of `key` when the window only slid. */
  breaks(key: string, playlist: MediaPlaylist): WindowBreak[];
  /** How many parses, stitches and break scans took each path (tests, benchmarks). */
  stats: { parseSlide: number; parseFull: number; stitchSlide: number; stitchFull: number; breaksSlide: number; breaksFull: number };
}

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > REFRESH_CACHE_ENTRIES) map.delete(map.keys().next().value as string);
}

export function createRefreshCache(): RefreshCache {
  const parsed = new Map<string, ParsedText>();
  const stitched = new Map<string, Stitched>();
  const scans = new Map<string, ScannedWindow>();
  // Which parse slid from which (parseMediaSlide: segments are the previous ones from k on, the same objects).
  const slidFrom = new WeakMap<MediaPlaylist, { from: MediaPlaylist; k: number }>();
  const stats = { parseSlide: 0, parseFull: 0, stitchSlide: 0, stitchFull: 0, breaksSlide: 0, breaksFull: 0 };
  return {
    stats,
    parse(key, text) {
      const prev = parsed.get(key);
      let r = prev ? parseMediaSlide(prev, text) : null;
      if (r) { stats.parseSlide++; slidFrom.set(r.playlist, { from: prev!.playlist, k: r.playlist.mediaSequence - prev!.playlist.mediaSequence }); }
      else { r = parseFull(text); stats.parseFull++; }
      if (isLivePlaylist(r.playlist)) remember(parsed, key, r);
      else parsed.delete(key);
      return r.playlist;
    },
    breaks(key, playlist) {
      const prev = scans.get(key);
      const slid = slidFrom.get(playlist);
      scans.delete(key);
      let r = prev && slid && slid.from === prev.playlist ? slideWindow(prev, playlist, slid.k) : null;
      if (r) stats.breaksSlide++;
      else { r = scanWindow(playlist); stats.breaksFull++; }
      if (r.keep) remember(scans, key, r.keep);
      return r.found;
    },
    stitch(key, playlist, insertions, opts) {
      const prev = stitched.get(key);
      const slid = prev !== undefined && slidFrom.get(playlist)?.from === prev.playlist;
      if (prev) stitched.delete(key);
      let r = prev ? stitchMediaSlide(prev, playlist, insertions, opts, slid) : null;
      if (r) stats.stitchSlide++;
      else { r = stitchFull(playlist, insertions, opts); stats.stitchFull++; }
      remember(stitched, key, r);
      return r.text;
    },
  };
}
