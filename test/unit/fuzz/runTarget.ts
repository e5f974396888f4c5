/** Run one fuzz target with fast-check (quick run and long run alike). */
import fc from 'fast-check';
import type { FuzzTarget } from './targets';

export interface RunOptions { numRuns: number; seed?: number; path?: string; endOnFailure?: boolean }

export async function runTarget(t: FuzzTarget, o: RunOptions): Promise<fc.RunDetails<[unknown]>> {
  const params = { numRuns: o.numRuns, seed: o.seed, path: o.path, endOnFailure: o.endOnFailure };
  if (t.async) {
    return fc.check(fc.asyncProperty(t.arbitrary, async (x) => { await t.check(x); }), params);
  }
  return fc.check(fc.property(t.arbitrary, (x) => { void t.check(x); }), params);
}

/** A failure as one readable message: the property's error, then seed and path to replay it, then the input. */
export function describeFailure(name: string, r: fc.RunDetails<[unknown]>): string {
  const err = r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance);
  const input = JSON.stringify(r.counterexample?.[0], (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? `${v}n` : v));
  return `${name} failed after ${r.numRuns} cases: ${err.slice(0, 3000)}\n  replay: seed=${r.seed} path="${r.counterexamplePath}"\n  input: ${(input ?? String(r.counterexample?.[0])).slice(0, 4000)}`;
}
