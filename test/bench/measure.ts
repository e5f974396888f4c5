/**
 * Benchmark helpers. Figures are ratios against a baseline measured in the same process and the same run
 * (these machines are shared and noisy); the two sides are interleaved round by round so that drift in the
 * machine's speed hits both alike.
 */
export interface BenchRow {
  id: string;
  value: number;
  unit: string;
  baseline: number | null;
  /** value / baseline (lower is better), or null when there is no baseline. */
  ratio: number | null;
  note?: string;
}

/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** p-th percentile (0..100), nearest rank. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Time one call of fn repeated `inner` times, in ms per call. */
function timeOnce(fn: () => unknown, inner: number): number {
  const t0 = performance.now();
  for (let i = 0; i < inner; i++) fn();
  return (performance.now() - t0) / inner;
}

/**
 * Compare `subject` against `baseline`: warm both up, pick an inner repeat count so one sample takes about
 * `sampleMs`, then take `rounds` samples of each, alternating, and return the medians (ms per call).
 */
export function compare(subject: () => unknown, baseline: () => unknown, opts: { rounds?: number; sampleMs?: number } = {}): { subjectMs: number; baselineMs: number; ratio: number } {
  const rounds = opts.rounds ?? 15;
  const sampleMs = opts.sampleMs ?? 40;
  for (let i = 0; i < 5; i++) { subject(); baseline(); }
  const inner = (fn: () => unknown) => Math.max(1, Math.round(sampleMs / Math.max(0.001, timeOnce(fn, 3))));
  const si = inner(subject);
  const bi = inner(baseline);
  const s: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2) { b.push(timeOnce(baseline, bi)); s.push(timeOnce(subject, si)); }
    else { s.push(timeOnce(subject, si)); b.push(timeOnce(baseline, bi)); }
  }
  const subjectMs = median(s);
  const baselineMs = median(b);
  return { subjectMs, baselineMs, ratio: subjectMs / baselineMs };
}
