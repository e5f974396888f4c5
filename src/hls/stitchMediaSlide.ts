/**
 * The stitched text of a live refresh from the previous refresh's (issue 9, warm path). When the window only
 * slid (its segments are the previous ones from k on, the same objects, as parseMediaSlide.ts gives them,
 * plus a tail) and the insertions are the previous ones moved by k, the text stitchMedia would write is:
 * the header written again (numbers, TARGETDURATION), the new first segment written as a first segment, the
 * previous text from the segment after it to its end (sliced, not rewritten), and the tail written after the
 * previous last segment. Anything else returns null and the caller stitches the whole window. Equality with
 * stitchMedia is proven by test/unit/session/liveRefresh.property.test.ts.
 *
 * Why the sliced part is the same text: stitchMedia writes a content segment from its own lines and the state
 * left by the segment before it (last written, key and map in effect, the byte range chain, the origin PDT of
 * resumed content). From the new first segment on, that state is the same in both windows when no insertion
 * touches the dropped segments or the first one, the first segment sets the PDT itself (or no dropped segment
 * had one), and it has no EXT-X-BYTERANGE continuing a dropped one. The header's numbers depend on the whole
 * window and are written again.
 */
import type { AdSegment } from '../session/plan';
import type { MediaPlaylist, MediaSegment } from './parseMedia';
import { stitchMedia, writeHeader, type Insertion, type StitchOptions } from './stitchMedia';

/** A stitched window kept for the next refresh of the same playlist. */
export interface Stitched {
  playlist: MediaPlaylist;
  insertions: Insertion[];
  /** Every rewritten ad URI, in the order stitchMedia asked for them. */
  adUris: string[];
  text: string;
  /**
   * The text after the header, as chunks that each end with a line's newline: slices of earlier texts and the
   * few lines written since, so that sliding never copies (or flattens) the whole previous text.
   */
  body: string[];
  version: number;
  baseUrl: string;
  stripCues: boolean;
  /**
   * How many content segments written (not replaced by an insertion) have each rounded EXTINF: TARGETDURATION is
   * their maximum and the ad segments', and a slide moves the counts by the segments that left and entered.
   */
  rounded: Map<number, number>;
}

/** Rounded EXTINF → count over the segments no insertion replaces (stitchMedia's TARGETDURATION, content side). */
function contentRounded(playlist: MediaPlaylist, insertions: readonly Insertion[]): Map<number, number> {
  const replaced = new Uint8Array(playlist.segments.length);
  for (const ins of insertions) replaced.fill(1, ins.at, Math.min(playlist.segments.length, ins.at + ins.replace));
  const counts = new Map<number, number>();
  playlist.segments.forEach((seg, i) => { if (!replaced[i]) { const r = Math.round(seg.duration); counts.set(r, (counts.get(r) ?? 0) + 1); } });
  return counts;
}

/** stitchMedia, recording what the next refresh needs. */
export function stitchFull(playlist: MediaPlaylist, insertions: Insertion[], opts: StitchOptions): Stitched {
  const adUris: string[] = [];
  const r = stitchMedia(playlist, insertions, {
    ...opts, rewriteAdUri: (p, i, s, seg) => { const u = opts.rewriteAdUri(p, i, s, seg); adUris.push(u); return u; },
  });
  return {
    playlist, insertions, adUris, text: r.text, body: [r.text.slice(r.headerLength)], version: r.version, baseUrl: opts.baseUrl, stripCues: opts.stripCues,
    rounded: contentRounded(playlist, insertions),
  };
}

const hasStray = (s: MediaSegment) => s.tagLines.some((l) => l.charCodeAt(0) !== 35);

function sameSegment(a: AdSegment, b: AdSegment): boolean {
  return a.uri === b.uri && a.durationText === b.durationText && a.byteRange === b.byteRange && a.map?.uri === b.map?.uri && a.map?.byteRange === b.map?.byteRange;
}

/**
 * Whether `now` are `before` moved by -k (same order, pieces, segments and program date times), and leave the
 * first and the last shared segments written as content (the text around them is rewritten).
 */
function sameInsertions(before: readonly Insertion[], now: readonly Insertion[], k: number, shared: number): boolean {
  if (before.length !== now.length) return false;
  for (let j = 0; j < now.length; j++) {
    const a = before[j];
    const b = now[j];
    if (a.at - k !== b.at || a.replace !== b.replace || b.at < 1 || b.at + b.replace > shared - 1 || a.programDateTime !== b.programDateTime) return false;
    if (j > 0 && now[j - 1].at > b.at) return false; // stitchMedia's order is by `at`: keep to the simple case
    if (a.pieces.length !== b.pieces.length) return false;
    for (let p = 0; p < a.pieces.length; p++) {
      const x = a.pieces[p];
      const y = b.pieces[p];
      if (x.kind !== y.kind || x.segments.length !== y.segments.length) return false;
      for (let s = 0; s < x.segments.length; s++) if (x.segments[s] !== y.segments[s] && !sameSegment(x.segments[s], y.segments[s])) return false;
    }
  }
  return true;
}

/** Where the `count`-th line not starting with '#' ends (lines as stitchMedia writes them): chunk and offset after it, or null. */
function afterUriLines(chunks: readonly string[], count: number): { chunk: number; offset: number } | null {
  let seen = 0;
  for (let c = 0; c < chunks.length; c++) {
    const text = chunks[c];
    let pos = 0;
    while (pos < text.length) {
      const end = text.indexOf('\n', pos);
      if (end < 0) return null;
      if (text.charCodeAt(pos) !== 35) seen++;
      pos = end + 1;
      if (seen === count) return { chunk: c, offset: pos };
    }
  }
  return null;
}

/** Chunks at most before they are joined into one (a join copies the body: once every so many refreshes). */
const MAX_CHUNKS = 32;

/** The lines stitchMedia writes for `segments` (no insertions), from the first segment's URI line on when `skipFirst`. */
function writeRun(playlist: MediaPlaylist, segments: MediaSegment[], tailOf: MediaPlaylist | null, opts: StitchOptions, skipFirst: boolean): string {
  const mini: MediaPlaylist = {
    ...playlist, headerLines: [], segments,
    trailingCues: tailOf ? tailOf.trailingCues : [], trailingSignals: tailOf ? tailOf.trailingSignals : [], trailingLines: tailOf ? tailOf.trailingLines : [],
    endList: tailOf ? tailOf.endList : false,
  };
  const r = stitchMedia(mini, [], opts);
  if (!skipFirst) return r.text.slice(r.headerLength);
  const body = r.text.slice(r.headerLength);
  const from = afterUriLines([body], 1);
  return from === null ? '' : body.slice(from.offset);
}

/**
 * The refresh's stitched text from the previous one, or null when the window did not only slide. `slid`: the
 * caller knows that playlist.segments are prev's from k on, the same objects, then new ones (parseMediaSlide.ts
 * made them so), which spares comparing the shared part segment by segment.
 */
export function stitchMediaSlide(prev: Stitched, playlist: MediaPlaylist, insertions: Insertion[], opts: StitchOptions, slid = false): Stitched | null {
  const q = prev.playlist;
  const n = q.segments.length;
  const k = playlist.mediaSequence - q.mediaSequence;
  const shared = n - k;
  const segs = playlist.segments;
  if (opts.baseUrl !== prev.baseUrl || opts.stripCues !== prev.stripCues) return null;
  if (q.endList || q.trailingLines.length || q.trailingCues.length || !(k >= 0 && shared >= 1) || segs.length < shared) return null;
  if (!slid) for (let i = 0; i < shared; i++) if (segs[i] !== q.segments[k + i]) return null;
  if (!sameInsertions(prev.insertions, insertions, k, shared)) return null;
  // The new first segment: nothing dropped with it may leave state behind (see the header comment).
  const first = segs[0];
  const last = q.segments[n - 1];
  for (let i = 0; i <= k; i++) if (hasStray(q.segments[i])) return null;
  if (hasStray(last)) return null;
  if (first.programDateTime === null) for (let i = 0; i < k; i++) if (q.segments[i].programDateTime !== null) return null;
  if (first.tagLines.some((l) => l.startsWith('#EXT-X-BYTERANGE:') && !l.includes('@'))) return null;
  if (last.map === null) for (let i = shared; i < segs.length; i++) if (segs[i].map !== null) return null;
  // Ad URIs as the previous text has them.
  const adUris: string[] = [];
  const order = insertions.map((ins, i) => ({ ins, i }));
  for (const { ins, i } of order) ins.pieces.forEach((piece, p) => piece.segments.forEach((seg, s) => adUris.push(opts.rewriteAdUri(p, i, s, seg))));
  if (adUris.length !== prev.adUris.length) return null;
  for (let j = 0; j < adUris.length; j++) if (adUris[j] !== prev.adUris[j]) return null;
  // Where the previous text's lines of the segment after the new first one start (no insertion before it).
  const middle = afterUriLines(prev.body, k + 1);
  if (middle === null) return null;

  // The longest EXTINF written (TARGETDURATION): the ad segments', and the content counts moved by the segments
  // that left (all content: no insertion touches them) and entered (all content: insertions end before the last
  // shared segment). The previous counts are taken over (the caller replaces prev).
  const rounded = prev.rounded;
  for (let i = 0; i < k; i++) { const r = Math.round(q.segments[i].duration); const c = rounded.get(r)! - 1; if (c) rounded.set(r, c); else rounded.delete(r); }
  for (let i = shared; i < segs.length; i++) { const r = Math.round(segs[i].duration); rounded.set(r, (rounded.get(r) ?? 0) + 1); }
  let maxRounded = 0;
  for (const r of rounded.keys()) if (r > maxRounded) maxRounded = r;
  for (const ins of insertions) for (const p of ins.pieces) for (const s of p.segments) { const r = Math.round(s.duration); if (r > maxRounded) maxRounded = r; }

  const header = writeHeader(playlist, prev.version, maxRounded, opts).join('\n') + '\n';
  const head = writeRun(playlist, [first], null, opts, false);
  const hasTail = segs.length > shared || playlist.trailingLines.length > 0 || playlist.trailingCues.length > 0 || playlist.endList;
  const tail = hasTail ? writeRun(playlist, [last, ...segs.slice(shared)], playlist, opts, true) : '';
  let body = [head];
  const rest = prev.body[middle.chunk].slice(middle.offset);
  if (rest.length) body.push(rest);
  for (let c = middle.chunk + 1; c < prev.body.length; c++) body.push(prev.body[c]);
  if (tail.length) body.push(tail);
  if (body.length > MAX_CHUNKS) body = [body.join('')];
  // Concatenation builds the text without copying the chunks (the consumer flattens it once).
  let text = header;
  for (const c of body) text += c;
  return { playlist, insertions, adUris, text, body, version: prev.version, baseUrl: opts.baseUrl, stripCues: opts.stripCues, rounded };
}
