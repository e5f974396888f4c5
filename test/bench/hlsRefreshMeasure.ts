/**
 * An async counterpart of measure.ts `compare` for the HLS refresh benchmarks: the live stitcher's `serve` is
 * async, and a warm refresh needs its session state put back before every call (untimed), so each call is
 * timed on its own. The two sides are still interleaved round by round, as in measure.ts.
 */
import { median } from './measure';

export interface Side {
  /** Untimed, before every call (e.g. restore the stored timeline, replay the previous refresh); awaited when it returns a promise. */
  setup?: () => unknown;
  /** The timed call; a returned promise is awaited inside the timing. */
  run: () => unknown;
}

async function sample(side: Side, reps: number): Promise<number> {
  let total = 0;
  for (let i = 0; i < reps; i++) {
    const ready = side.setup?.();
    if (ready instanceof Promise) await ready;
    const t0 = performance.now();
    const r = side.run();
    if (r instanceof Promise) await r;
    total += performance.now() - t0;
  }
  return total / reps;
}

/** Medians in ms per call of `subject` and `baseline`, alternating which goes first each round. */
export async function compareAsync(subject: Side, baseline: Side, opts: { rounds?: number; sampleMs?: number } = {}): Promise<{ subjectMs: number; baselineMs: number; ratio: number }> {
  const rounds = opts.rounds ?? 15;
  const sampleMs = opts.sampleMs ?? 60;
  for (let i = 0; i < 5; i++) { await sample(subject, 1); await sample(baseline, 1); }
  const reps = async (side: Side) => Math.max(1, Math.round(sampleMs / Math.max(0.001, await sample(side, 3))));
  const sr = await reps(subject);
  const br = await reps(baseline);
  const s: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2) { b.push(await sample(baseline, br)); s.push(await sample(subject, sr)); }
    else { s.push(await sample(subject, sr)); b.push(await sample(baseline, br)); }
  }
  const subjectMs = median(s);
  const baselineMs = median(b);
  return { subjectMs, baselineMs, ratio: subjectMs / baselineMs };
}
