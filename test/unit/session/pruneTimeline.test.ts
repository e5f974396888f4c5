/**
 * Timeline pruning (src/session/live/pruneTimeline.ts): a long session's stored timeline stays bounded, old
 * stored timelines (no base) keep working, and a window older than the pruned base fails open.
 */
import { describe, expect, it } from 'vitest';
import { genOrigin, originText, stitcherWorld } from './stitcherWorld';

const BREAKS = 500;
const WINDOW = 20;
/** 500 breaks of 3 segments, one every 8 segments: 4,000 segments of 2 s. */
const origin = genOrigin(Array.from({ length: BREAKS * 8 + 10 }, () => 2), Array.from({ length: BREAKS }, () => [5, 3, true, 0] as [number, number, boolean, number]), new Set(), 0);
const pods = [[[2, 2, 2]]];
const text = (edge: number) => originText(origin, 'v0', edge - WINDOW + 1, edge, true);

describe('pruneTimeline', () => {
  it('keeps the stored timeline bounded over 500 breaks, with the same playlists as an unpruned session', async () => {
    const pruned = stitcherWorld(pods, () => 0, { incremental: false });
    const plain = stitcherWorld(pods, () => 0, { prune: false, incremental: false });
    let most = 0;
    let biggest = 0;
    let ads = 0;
    // The window slides by 8 segments per refresh (500 refreshes, every break seen), so the test stays quick.
    let refreshes = 0;
    for (let edge = WINDOW - 1; edge < origin.length; edge += 8) {
      refreshes++;
      const want = await plain.refresh(0, text(edge));
      expect(await pruned.refresh(0, text(edge))).toBe(want);
      if (want.includes('/v1/segment/')) ads++;
      const tl = (await pruned.store.getLiveTimeline(pruned.sessionId))!;
      most = Math.max(most, tl.breaks.length);
      biggest = Math.max(biggest, JSON.stringify(tl).length);
    }
    const last = (await pruned.store.getLiveTimeline(pruned.sessionId))!;
    const unpruned = (await plain.store.getLiveTimeline(plain.sessionId))!;
    expect(unpruned.breaks.length).toBeGreaterThanOrEqual(BREAKS - 1);
    expect(last.pruned!.breaks).toBeGreaterThanOrEqual(BREAKS - 10);
    expect(last.pruned!.msn).toBe(0); // three 2 s ads in three 2 s segments: nothing added
    // A window of 20 segments holds at most 3 breaks, and pruning lags by one window: a handful stay.
    expect(most).toBeLessThanOrEqual(8);
    expect(biggest).toBeLessThan(JSON.stringify(unpruned).length / 20);
    expect(ads).toBeGreaterThan(refreshes * 0.9);
  }, 200_000);

  it('adds the folded numbering: ads longer than their breaks shift the sequence numbers exactly as unpruned', async () => {
    const long = [[[1, 1, 1, 1, 1, 1]]]; // six 1 s ad segments in place of three 2 s segments: each break adds 3
    const pruned = stitcherWorld(long, () => 0, { incremental: false });
    const plain = stitcherWorld(long, () => 0, { prune: false, incremental: false });
    for (let edge = WINDOW - 1; edge < 400; edge++) {
      expect(await pruned.refresh(0, text(edge))).toBe(await plain.refresh(0, text(edge)));
    }
    const tl = (await pruned.store.getLiveTimeline(pruned.sessionId))!;
    expect(tl.pruned!.msn).toBe(3 * tl.pruned!.breaks);
  }, 60_000);

  it('prunes an old stored timeline (no base) from its next refresh on, with the same playlists', async () => {
    // The session ran 200 refreshes on a worker without pruning, then on one with it (same store).
    const plain = stitcherWorld(pods, () => 0, { prune: false, incremental: false });
    const other = stitcherWorld(pods, () => 0, { prune: false, incremental: false });
    for (let edge = WINDOW - 1; edge < 220; edge++) { await plain.refresh(0, text(edge)); await other.refresh(0, text(edge)); }
    const old = (await other.store.getLiveTimeline(other.sessionId))!;
    expect(old.pruned).toBeUndefined();
    const upgraded = stitcherWorld(pods, () => 0, {});
    await upgraded.store.putLiveTimeline({ ...old });
    for (let edge = 220; edge < 300; edge++) expect(await upgraded.refresh(0, text(edge))).toBe(await plain.refresh(0, text(edge)));
    const tl = (await upgraded.store.getLiveTimeline(upgraded.sessionId))!;
    expect(tl.pruned!.breaks).toBeGreaterThan(20);
    expect(tl.breaks.length).toBeLessThan(8);
  }, 60_000);

  it('refuses a window that starts before the pruned base (the engine fails open), and keeps the timeline', async () => {
    const w = stitcherWorld(pods, () => 0, {});
    for (let edge = WINDOW - 1; edge < 200; edge++) await w.refresh(0, text(edge));
    const before = (await w.store.getLiveTimeline(w.sessionId))!;
    const out = await w.refresh(0, text(60));
    expect(out).toMatch(/^ERROR .*before the pruned timeline/);
    expect(await w.store.getLiveTimeline(w.sessionId)).toEqual(before);
  });
});
