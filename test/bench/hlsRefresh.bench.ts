import { Parser } from 'm3u8-parser';
import { M3U8Parser } from 'hls.js';
import type { BenchRow } from './measure';
import { compareAsync, type Side } from './hlsRefreshMeasure';
import { channel, livePlaylist, steadyEdge } from './hlsRefreshPlaylist';
import { refreshWorld } from './hlsRefreshWorld';
import type { LiveTimeline } from '../../src/session/live/liveTimeline';

/**
 * HLS live refresh (DESIGN.md "Benchmarks", issues 5 and 9). A refresh is what the worker does with one origin
 * answer for a live media playlist: parseMedia, then createLiveStitcher(ports).serve (find breaks, fold the
 * window into the session's timeline, plan the window, stitchMedia). Playlists: hlsRefreshPlaylist.ts
 * (2.002 s segments, PROGRAM-DATE-TIME on each, 20 CUE-OUT:DURATION / CUE-IN breaks per window).
 *
 * - cold: a fresh worker (no in-memory state, so parseMedia and stitchMedia over the whole window) with the
 *   session's stored timeline, in which the 20 breaks are decided (by a fake ADS and ad CDN answering from
 *   memory, before timing). Every break is stitched (checked in setUp). The session's very first refresh, which
 *   starts the decisions, is not measured: since decisions claim prefetched ads one at a time
 *   (src/session/prefetch), only the first few land within that refresh even with an instant ADS.
 * - warm: the same session, whose timeline was left by the refresh of the previous window; the new window
 *   has one more segment at the live edge and one fewer at the start. The timeline is put back and the previous
 *   window served again (untimed) before every call, so each call is that same next refresh, with the worker's
 *   in-memory state of the previous refresh (src/session/live/refreshCache.ts).
 * The Store keeps objects by reference: IndexedDB's structured clone and transaction cost are not included.
 */
const BREAKS = 20;
const AD_SEGMENTS_PER_BREAK = 10;

interface Case { window: number; text: string; next: string; cold: Side; warm: Side; linePass: Side; }

let sink = 0;

/** The line-pass baseline: split on '\n' and visit each line once (its length and first character, so it is not optimised away). */
function linePass(text: string): number {
  const lines = text.split('\n');
  let n = 0;
  for (let i = 0; i < lines.length; i++) n += lines[i].length + (lines[i].charCodeAt(0) === 35 ? 1 : 0);
  return n;
}

async function setUp(window: number): Promise<Case> {
  const ch = channel(window, BREAKS);
  const edge = steadyEdge(ch);
  const text = livePlaylist(ch, edge);
  const next = livePlaylist(ch, edge + 1);
  const world = refreshWorld();
  // The session's first refresh starts the 20 decisions; they land within a few ms (in-memory ADS), then the
  // same window is served with every break stitched: the timeline both measured refreshes start from.
  await world.refresh(text);
  await new Promise((r) => setTimeout(r, 100));
  const out = await world.refresh(text);
  const ads = out.split('/v1/segment/').length - 1;
  if (ads !== BREAKS * AD_SEGMENTS_PER_BREAK) throw new Error(`refresh of ${window} stitched ${ads} ad segments, expected ${BREAKS * AD_SEGMENTS_PER_BREAK}`);
  const snapshot: LiveTimeline = structuredClone(world.store.timelines.get(world.sessionId)!);
  const nextOut = await world.refresh(next);
  if (nextOut.split('/v1/segment/').length - 1 !== ads) throw new Error('the warm refresh lost ad segments');
  const stats = world.stitcher.warmStats();
  if (!stats || stats.stitchSlide < 1) throw new Error(`the warm refresh of ${window} did not take the warm path: ${JSON.stringify(stats)}`);
  let fresh = refreshWorld();
  return {
    window, text, next,
    // A fresh worker (no in-memory state: full parse, full stitch) with the session's stored timeline.
    cold: {
      setup: () => {
        fresh = refreshWorld();
        fresh.store.timelines.set(fresh.sessionId, structuredClone(snapshot));
      },
      run: () => fresh.refresh(text).then((s) => { sink += s.length; }),
    },
    warm: {
      // The session as the previous refresh left it: its stored timeline, and the worker's in-memory warm state
      // (the previous window's parse and stitched text, refreshCache.ts), rebuilt by serving `text` again.
      setup: async () => {
        world.store.timelines.set(world.sessionId, structuredClone(snapshot));
        await world.refresh(text);
      },
      run: () => world.refresh(next).then((s) => { sink += s.length; }),
    },
    linePass: { run: () => { sink += linePass(next); } },
  };
}

const m3u8Parser = (text: string): Side => ({
  run: () => { const p = new Parser(); p.push(text); p.end(); sink += (p.manifest.segments as unknown[]).length; },
});
// hls.js exports its playlist parser from the package entry (dist/hls.mjs); arguments as its playlist loader passes them.
const hlsjsParser = (text: string): Side => ({
  run: () => { sink += M3U8Parser.parseLevelPlaylist(text, 'https://origin.example.com/live/channel1/720p.m3u8', 0, 'main' as never, 0, null).fragments.length; },
});

export default async function hlsRefreshBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const cases = new Map<number, Case>();
  for (const w of [600, 1800, 3600, 7200]) cases.set(w, await setUp(w));
  const c3600 = cases.get(3600)!;
  const coldNote = (c: Case) => `cold refresh (fresh worker: full parse and stitch; stored timeline with ${BREAKS} decided breaks) of ${c.window} segments with PDT (${(c.text.length / 1024).toFixed(0)} KiB); baseline: m3u8-parser push+end on the same text; in-memory Store by reference (no IndexedDB cost)`;

  for (const w of [600, 1800, 3600, 7200]) {
    const c = cases.get(w)!;
    const r = await compareAsync(c.cold, m3u8Parser(c.text));
    rows.push({ id: `hls.refresh.${w}.vs-m3u8-parser`, value: r.subjectMs, unit: 'ms', baseline: r.baselineMs, ratio: r.ratio, note: coldNote(c) });
  }
  {
    const r = await compareAsync(c3600.cold, hlsjsParser(c3600.text));
    rows.push({ id: 'hls.refresh.3600.vs-hlsjs-parser', value: r.subjectMs, unit: 'ms', baseline: r.baselineMs, ratio: r.ratio, note: 'the same cold refresh against hls.js M3U8Parser.parseLevelPlaylist (from the hls.js package entry) on the same text; issue 9 target: ratio <= 1' });
  }
  {
    const r = await compareAsync(c3600.warm, c3600.linePass);
    rows.push({ id: 'hls.refresh.3600.vs-line-pass', value: r.subjectMs, unit: 'ms', baseline: r.baselineMs, ratio: r.ratio, note: 'warm refresh (same session, one new segment since the last, parse + serve) against one split(\'\\n\') pass over the same text\'s lines; issue 9 target: ratio <= 3' });
  }
  const warm = new Map<number, number>();
  for (const w of [600, 1800, 7200]) {
    const c = cases.get(w)!;
    const r = await compareAsync(c.warm, c.linePass);
    warm.set(w, r.subjectMs);
    rows.push({ id: `hls.refresh.warm.${w}`, value: r.subjectMs, unit: 'ms', baseline: r.baselineMs, ratio: r.ratio, note: `warm refresh of ${w} segments (one new since the last) against one line pass over the same text` });
  }
  {
    const r = await compareAsync(cases.get(7200)!.warm, cases.get(600)!.warm);
    rows.push({ id: 'hls.refresh.growth.7200-vs-600', value: r.subjectMs, unit: 'ms', baseline: r.baselineMs, ratio: r.ratio, note: 'warm refresh at 7,200 segments against 600 (12x the window); issue 9 target: ratio <= 1.5' });
  }
  if (sink < 0) throw new Error('unreachable');
  return rows;
}
