/**
 * Quick fuzz run inside `npm test` (issue 9 item 2): every target of targets.ts with a small, fixed number of
 * cases. The long run is `npm run fuzz` (scripts/fuzz.ts, FUZZ_RUNS cases across the targets).
 */
import { describe, expect, it } from 'vitest';
import { engineReach, targets } from './targets';
import { describeFailure, runTarget } from './runTarget';

const QUICK_RUNS: Record<string, number> = { 'engine-http': 25, 'dash-mpd': 60, 'hls-media-stitch': 150 };

describe('fuzz (quick run)', () => {
  for (const t of targets) {
    it(`${t.name}: typed errors only, invariants hold`, async () => {
      const r = await runTarget(t, { numRuns: QUICK_RUNS[t.name] ?? 200 });
      if (r.failed) throw new Error(describeFailure(t.name, r));
    });
  }

  it('the engine cases reach stitched playlists and MPDs, not only error answers', () => {
    expect(engineReach.mediaPlaylists).toBeGreaterThan(0);
    expect(engineReach.masters).toBeGreaterThan(0);
    expect(engineReach.mpds).toBeGreaterThan(0);
    expect(engineReach.errors).toBeGreaterThan(0);
  });
});
