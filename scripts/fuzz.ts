/**
 * Long fuzz run (issue 9 item 2): `npm run fuzz` runs every target of test/unit/fuzz/targets.ts — the same
 * properties as the quick run in `npm test` — with FUZZ_RUNS cases in total (default 100,000), shared by the
 * targets' weights. Prints progress per target and, for a failure, the error, the input and the seed and path
 * that replay it (FUZZ_SEED=<seed> FUZZ_TARGET=<name> FUZZ_PATH=<path>); exits 1 when a property fails.
 * FUZZ_TARGET limits the run to targets whose name contains it.
 */
import { targets } from '../test/unit/fuzz/targets';
import { describeFailure, runTarget } from '../test/unit/fuzz/runTarget';

const total = Number(process.env.FUZZ_RUNS ?? 100_000);
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Date.now() | 0;
const only = process.env.FUZZ_TARGET;
const path = process.env.FUZZ_PATH;
const chosen = targets.filter((t) => !only || t.name.includes(only));
const weights = chosen.reduce((s, t) => s + t.weight, 0);

console.log(`fuzz: ${total.toLocaleString('en-US')} cases over ${chosen.length} targets, seed ${seed}`);
let failed = 0;
let cases = 0;
const started = performance.now();
for (const t of chosen) {
  const numRuns = Math.max(1, Math.round((total * t.weight) / weights));
  const t0 = performance.now();
  const r = await runTarget(t, { numRuns, seed, path });
  const secs = (performance.now() - t0) / 1000;
  cases += r.numRuns;
  if (r.failed) {
    failed++;
    console.log(`✗ ${t.name.padEnd(18)} ${String(r.numRuns).padStart(7)} cases ${secs.toFixed(1).padStart(6)} s  FAILED`);
    console.log(describeFailure(t.name, r));
  } else {
    console.log(`✓ ${t.name.padEnd(18)} ${String(r.numRuns).padStart(7)} cases ${secs.toFixed(1).padStart(6)} s`);
  }
}
console.log(`fuzz: ${cases.toLocaleString('en-US')} cases, ${failed} failing target(s), ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
