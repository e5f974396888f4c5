/**
 * Property: for random media playlists (durations, discontinuities, keys) and random insertions, the
 * stitched text parses with m3u8-parser, keeps the content segments in order, has a discontinuity exactly
 * at each boundary, adds up to content kept + inserted, and `placed` describes what it serves.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMedia } from '../../../src/hls/parseMedia';
import { stitchMedia, type Insertion, type StitchPiece } from '../../../src/hls/stitchMedia';
import { m3u8 } from './m3u8';

const BASE = 'https://origin.test/live/ch1/index.m3u8';
const DURATIONS = ['2', '2.002', '4.000', '5.5', '6', '6.006', '10'];

const segment = fc.record({
  d: fc.constantFrom(...DURATIONS),
  disc: fc.integer({ min: 0, max: 7 }).map((x) => x === 0),
  key: fc.constantFrom<string | null>(null, null, null, null, 'k1', 'k2', 'NONE'),
});
const adSegment = fc.constantFrom(...DURATIONS, '13.4', '0.5').map((d) => ({ d }));
const piece = fc.record({ kind: fc.constantFrom<'ad' | 'slate'>('ad', 'ad', 'slate'), segments: fc.array(adSegment, { minLength: 1, maxLength: 4 }) });
const rawInsertion = fc.record({ at: fc.nat(40), replace: fc.nat(4), pieces: fc.array(piece, { maxLength: 3 }) });

const input = fc.record({
  segments: fc.array(segment, { maxLength: 25 }),
  mediaSequence: fc.nat(1_000_000),
  discontinuitySequence: fc.nat(50),
  endList: fc.boolean(),
  raw: fc.array(rawInsertion, { maxLength: 4 }),
  reversed: fc.boolean(),
});

type Source = { kind: 'content'; index: number } | { kind: 'piece'; insertion: number; piece: number; segment: number };

describe('stitchMedia (property)', () => {
  it('serves content in order with one discontinuity per boundary and a consistent timeline', () => {
    fc.assert(fc.property(input, ({ segments, mediaSequence, discontinuitySequence, endList, raw, reversed }) => {
      const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:10', `#EXT-X-MEDIA-SEQUENCE:${mediaSequence}`, `#EXT-X-DISCONTINUITY-SEQUENCE:${discontinuitySequence}`];
      segments.forEach((s, i) => {
        if (s.disc) lines.push('#EXT-X-DISCONTINUITY');
        if (s.key === 'NONE') lines.push('#EXT-X-KEY:METHOD=NONE');
        else if (s.key) lines.push(`#EXT-X-KEY:METHOD=AES-128,URI="../keys/${s.key}.key"`);
        lines.push(`#EXTINF:${s.d},`, `seg/${i}.ts`);
      });
      if (endList) lines.push('#EXT-X-ENDLIST');
      const text = lines.join('\n') + '\n';
      const n = segments.length;

      // Valid, non-overlapping insertions in playlist order, then possibly given in reverse.
      const sorted: Insertion[] = [];
      let free = 0;
      for (const r of [...raw].sort((a, b) => a.at - b.at)) {
        const at = Math.max(r.at % (n + 1), free);
        if (at > n) continue;
        const replace = Math.min(r.replace, n - at);
        sorted.push({ at, replace, pieces: r.pieces.map((p): StitchPiece => ({ kind: p.kind, segments: p.segments.map((s, k) => ({ uri: `https://ads.test/src/${k}.ts`, duration: Number(s.d), durationText: s.d })) })) });
        free = at + replace;
      }
      const insertions = reversed ? [...sorted].reverse() : sorted;

      const { playlist } = parseMedia(text);
      const { text: out, placed } = stitchMedia(playlist, insertions, {
        baseUrl: BASE, stripCues: true, rewriteAdUri: (p, i, s) => `https://ads.test/${i}/${p}/${s}.ts`,
      });
      const before = m3u8(text);
      const after = m3u8(out);

      // What should be served, in order.
      const expected: Source[] = [];
      let next = 0;
      const order = insertions.map((_, i) => i).sort((a, b) => insertions[a].at - insertions[b].at || a - b);
      for (let i = 0; i <= n;) {
        let resume = i;
        while (next < order.length && insertions[order[next]].at === i) {
          const k = order[next++];
          insertions[k].pieces.forEach((p, pi) => p.segments.forEach((_, si) => expected.push({ kind: 'piece', insertion: k, piece: pi, segment: si })));
          resume = Math.max(resume, i + insertions[k].replace);
        }
        if (resume > i) { i = resume; continue; }
        if (i < n) expected.push({ kind: 'content', index: i });
        i++;
      }
      const uriOf = (s: Source) => (s.kind === 'content' ? new URL(`seg/${s.index}.ts`, BASE).href : `https://ads.test/${s.insertion}/${s.piece}/${s.segment}.ts`);
      expect(after.segments.map((s) => s.uri)).toEqual(expected.map(uriOf));

      // Content: in original order, with its own duration and key; ads: no key.
      const contentIdx = expected.flatMap((s) => (s.kind === 'content' ? [s.index] : []));
      expect(contentIdx).toEqual([...contentIdx].sort((a, b) => a - b));
      expected.forEach((s, j) => {
        const got = after.segments[j];
        if (s.kind === 'content') {
          const orig = before.segments[s.index];
          expect(got.duration).toBe(orig.duration);
          expect(got.key?.uri ?? null).toBe(orig.key?.uri === undefined ? null : new URL(orig.key.uri, BASE).href);
        } else {
          expect(got.key).toBeUndefined();
        }
      });

      // A discontinuity exactly at each boundary (and at the origin's own ones).
      const disc = expected.map((s, j) => {
        const prev = expected[j - 1];
        if (s.kind === 'piece') return j > 0 && s.segment === 0;
        return segments[s.index].disc || (prev !== undefined && (prev.kind === 'piece' || prev.index !== s.index - 1));
      });
      expect(after.segments.map((s) => !!s.discontinuity)).toEqual(disc);

      // Durations add up; sequence numbers and header.
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      const kept = sum(contentIdx.map((i) => before.segments[i].duration));
      const inserted = sum(insertions.flatMap((ins) => ins.pieces.flatMap((p) => p.segments.map((s) => s.duration))));
      expect(sum(after.segments.map((s) => s.duration))).toBeCloseTo(kept + inserted, 6);
      expect(after.mediaSequence).toBe(mediaSequence);
      expect(after.discontinuitySequence).toBe(discontinuitySequence);
      expect(after.targetDuration).toBeGreaterThanOrEqual(Math.max(...after.segments.map((s) => Math.round(s.duration)), 0));
      expect(out.endsWith('\n')).toBe(true);
      expect(out.includes('#EXT-X-ENDLIST')).toBe(endList);

      // placed: one entry per piece, pointing at its segments on the served timeline.
      expect(placed.length).toBe(sum(insertions.map((ins) => ins.pieces.length)));
      for (const p of placed) {
        const j = p.firstSequence - mediaSequence;
        const pieceSegs = insertions[p.insertion].pieces[p.piece].segments;
        expect(p.kind).toBe(insertions[p.insertion].pieces[p.piece].kind);
        expect(p.segmentCount).toBe(pieceSegs.length);
        expect(after.segments.slice(j, j + p.segmentCount).map((s) => s.uri)).toEqual(pieceSegs.map((_, s) => `https://ads.test/${p.insertion}/${p.piece}/${s}.ts`));
        expect(p.startTime).toBeCloseTo(sum(after.segments.slice(0, j).map((s) => s.duration)), 6);
        expect(p.duration).toBeCloseTo(sum(pieceSegs.map((s) => s.duration)), 6);
      }
    }), { numRuns: 400 });
  });
});
