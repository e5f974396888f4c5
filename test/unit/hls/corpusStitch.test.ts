/**
 * Every HLS file of the corpus: parsing never throws, and a media playlist stitched with no insertions is
 * the same playlist (read by m3u8-parser: same segments with absolute URIs, durations, discontinuities,
 * keys and maps; the same tag lines in the same order), with EXT-X-DISCONTINUITY-SEQUENCE added.
 */
import { describe, expect, it } from 'vitest';
import { findBreaks } from '../../../src/hls/findBreaks';
import { isMasterPlaylist, parseMaster } from '../../../src/hls/parseMaster';
import { parseMedia } from '../../../src/hls/parseMedia';
import { stitchMedia } from '../../../src/hls/stitchMedia';
import { corpusFiles } from './corpus';
import { m3u8 } from './m3u8';

const files = corpusFiles();
const mediaFiles = files.filter((f) => !isMasterPlaylist(f.text));
const base = 'https://origin.example.com/vod/asset/index.m3u8?token=t1';
const abs = (uri: string) => new URL(uri, base).href;

const CUE = /^#EXT-X-CUE(-OUT-CONT|-OUT|-IN|-CONT)?(:|\s*$)/;
/** Header lines the stitcher owns (it raises or adds them). */
const OWNED = /^#(EXTM3U\s*$|EXTINF:|EXT-X-(VERSION|TARGETDURATION|DISCONTINUITY-SEQUENCE|ENDLIST|DISCONTINUITY)(:|\s*$))/;
/** Tags whose URI attributes become absolute. */
const URI_TAGS = /^#EXT-X-(KEY|MAP|PART|PRELOAD-HINT|RENDITION-REPORT|DATERANGE):/;

function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '');
}

/** The lines the stitched text must keep in order: tags and comments except cues and the owned ones, plus stray non-URI lines. */
function keptLines(text: string, stray: ReadonlySet<string>, absolute: boolean): string[] {
  return lines(text).filter((l) => (l.startsWith('#') ? !CUE.test(l) && !OWNED.test(l) : stray.has(l))).map((l) =>
    absolute && URI_TAGS.test(l) ? l.replace(/\b(URI|X-ASSET-URI|X-ASSET-LIST)="([^"]*)"/g, (_m, k: string, u: string) => `${k}="${abs(u)}"`) : l);
}

describe('corpus: parsing never throws', () => {
  it('covers every file', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
  });
  it.each(files.map((f) => [f.name, f.text]))('%s', (_name, text) => {
    if (isMasterPlaylist(text)) {
      expect(() => parseMaster(text)).not.toThrow();
    } else {
      const { playlist } = parseMedia(text);
      expect(() => findBreaks(playlist)).not.toThrow();
    }
  });
});

describe('corpus: media playlists stitched with no insertions', () => {
  it.each(mediaFiles.map((f) => [f.name, f.text]))('%s', (_name, text) => {
    const { playlist, problems } = parseMedia(text);
    const src = lines(text.replace(/^\uFEFF/, ''));
    const stray = new Set(problems.filter((p) => p.code === 'URI_WITHOUT_EXTINF').map((p) => text.split(/\r?\n/)[(p.line ?? 0) - 1]));
    for (const stripCues of [false, true]) {
      const { text: out, placed } = stitchMedia(playlist, [], { baseUrl: base, stripCues, rewriteAdUri: () => { throw new Error('no ads here'); } });
      expect(placed).toEqual([]);
      expect(out.startsWith('#EXTM3U\n')).toBe(true);
      expect(out.endsWith('\n')).toBe(true);

      // Segments, as m3u8-parser reads them (stray lines it would take for URIs set aside on both sides).
      const before = m3u8(text).segments.filter((s) => !stray.has(s.uri));
      const after = m3u8(out).segments.filter((s) => !stray.has(s.uri));
      expect(after.map((s) => s.uri)).toEqual(before.map((s) => abs(s.uri)));
      expect(after.map((s) => s.duration)).toEqual(before.map((s) => s.duration));
      expect(after.map((s) => !!s.discontinuity)).toEqual(before.map((s) => !!s.discontinuity));
      expect(after.map((s) => s.key?.uri ?? null)).toEqual(before.map((s) => (s.key?.uri === undefined ? null : abs(s.key.uri))));
      expect(after.map((s) => s.map?.uri ?? null)).toEqual(before.map((s) => (s.map?.uri === undefined ? null : abs(s.map.uri))));
      expect(after.map((s) => s.byterange ?? null)).toEqual(before.map((s) => s.byterange ?? null));

      // Header: the sequence numbers kept, DISCONTINUITY-SEQUENCE present once, VERSION >= 3, TARGETDURATION covers every EXTINF.
      const outLines = lines(out);
      const ds = outLines.filter((l) => l.startsWith('#EXT-X-DISCONTINUITY-SEQUENCE:'));
      expect(ds).toEqual([`#EXT-X-DISCONTINUITY-SEQUENCE:${playlist.discontinuitySequence}`]);
      const ref = m3u8(out);
      expect(ref.mediaSequence ?? 0).toBe(playlist.mediaSequence);
      const version = Number(outLines.find((l) => l.startsWith('#EXT-X-VERSION:'))?.slice(15));
      expect(version).toBeGreaterThanOrEqual(Math.max(3, playlist.version ?? 0));
      expect(ref.targetDuration).toBeGreaterThanOrEqual(Math.max(0, ...playlist.segments.map((s) => Math.round(s.duration))));
      expect(outLines.includes('#EXT-X-ENDLIST')).toBe(playlist.endList);
      expect(outLines.filter((l) => l === '#EXT-X-DISCONTINUITY').length).toBe(src.filter((l) => l.trimEnd() === '#EXT-X-DISCONTINUITY').length);

      // Every other line kept, in order (URI attributes made absolute).
      expect(keptLines(out, stray, false)).toEqual(keptLines(text, stray, true));
      // Cue lines: all of them when passed through, none when stripped.
      const cues = (t: string) => lines(t).filter((l) => CUE.test(l)).sort();
      expect(cues(out)).toEqual(stripCues ? [] : cues(text));
    }
  });
});
