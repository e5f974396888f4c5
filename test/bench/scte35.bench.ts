import { readFileSync } from 'node:fs';
import { SCTE35 } from 'scte35/build/lib/scte35.js';
import { compare } from './measure';
import type { BenchRow } from './measure';
import { decodeSpliceInfoSection } from '../../src/scte35/decode';
import { fromBase64, fromHex, toBase64 } from '../../src/scte35/bytes';

/**
 * scte35.decode.vs-scte35 (DESIGN.md "Benchmarks"): one pass decoding every valid corpus cue from base64 with
 * stitchbox's decoder, against the `scte35` package (Comcast/scte35-js) parsing the same base64 strings.
 * Its package entry (index.js) requires 'lib/scte35', which does not resolve, so the built module is imported.
 * The two do not do the same work: stitchbox verifies CRC_32 and decodes every descriptor and UPID in full.
 */
export default async function scte35Bench(): Promise<BenchRow[]> {
  // The package logs a line for every cue it finds odd (legacy lengths, stuffing): silence the console while it
  // runs so that terminal output is neither timed nor printed.
  const quiet = { log: console.log, warn: console.warn, error: console.error };
  console.log = console.warn = console.error = () => {};
  try {
    return run();
  } finally {
    Object.assign(console, quiet);
  }
}

function run(): BenchRow[] {
  const vectors = JSON.parse(readFileSync(new URL('../../../shared/corpus/scte35/vectors.json', import.meta.url), 'utf8')) as { id: string; base64?: string; hex?: string; expect_error?: boolean }[];
  const cues: string[] = [];
  for (const v of vectors) {
    if (v.expect_error) continue;
    try {
      const bytes = v.base64 !== undefined ? fromBase64(v.base64) : fromHex(v.hex ?? '');
      decodeSpliceInfoSection(bytes);
      const b64 = toBase64(bytes);
      SCTE35.parseFromB64(b64); // only cues both decoders accept
      cues.push(b64);
    } catch {
      // a cue one of the two rejects is not a fair input
    }
  }
  // As text read from a playlist or MPD would be: flat strings, not the concatenations toBase64 built.
  cues.splice(0, cues.length, ...(JSON.parse(JSON.stringify(cues)) as string[]));
  let sink = 0;
  const ours = () => {
    for (const c of cues) sink += decodeSpliceInfoSection(fromBase64(c)).section_length ?? 0;
  };
  const theirs = () => {
    for (const c of cues) sink += SCTE35.parseFromB64(c).sectionLength;
  };
  // A pass is ~0.1 ms: compare()'s five warm-up calls leave both sides short of their optimised code when it
  // sizes the samples, so warm each up for ~300 ms first, and take more rounds against this machine's noise.
  for (const fn of [ours, theirs]) {
    const t0 = performance.now();
    while (performance.now() - t0 < 300) for (let i = 0; i < 100; i++) fn();
  }
  const { subjectMs, baselineMs, ratio } = compare(ours, theirs, { rounds: 31 });
  if (sink < 0) throw new Error('unreachable');
  return [{ id: 'scte35.decode.vs-scte35', value: subjectMs, unit: 'ms', baseline: baselineMs, ratio, note: `${cues.length} cues per pass, base64 in, CRC checked` }];
}
