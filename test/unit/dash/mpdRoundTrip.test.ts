/**
 * Every MPD of ../shared/corpus/dash round-trips through the model (issue 7 item 1): parse → write → parse
 * gives the same tree, attribute order included, and the breaks findDashBreaks finds in the written text are
 * the ones it finds in the original.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adaptationSetsOf, parseMpd, periodsOf, periodTimings, representationsOf, writeMpd } from '../../../src/dash/mpdModel';
import { findDashBreaks } from '../../../src/scte35/dashBreaks';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/dash');

function mpdFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? mpdFiles(p) : n.endsWith('.mpd') ? [p] : [];
  });
}

/** The tree with attribute order made visible (JSON keeps insertion order, so key order is compared too). */
const shape = (v: unknown) => JSON.stringify(v);

const files = mpdFiles(CORPUS);

describe('MPD model round trip over the corpus', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });
  for (const file of files) {
    const name = path.relative(CORPUS, file);
    it(name, () => {
      const text = readFileSync(file, 'utf8');
      const mpd = parseMpd(text);
      expect(mpd).not.toBeNull();
      const written = writeMpd(mpd!);
      const again = parseMpd(written);
      expect(shape(again!.doc)).toBe(shape(mpd!.doc));
      // Writing again is a fixed point.
      expect(writeMpd(again!)).toBe(written);
      // Nothing of substance lost: the same Periods, AdaptationSets, Representations, timing and breaks.
      expect(periodsOf(again!.root).length).toBe(periodsOf(mpd!.root).length);
      expect(periodTimings(again!.root)).toEqual(periodTimings(mpd!.root));
      const count = (m: typeof mpd) => periodsOf(m!.root).flatMap((p) => adaptationSetsOf(p).flatMap(representationsOf)).length;
      expect(count(again)).toBe(count(mpd));
      expect(findDashBreaks(written)).toEqual(findDashBreaks(text));
      // Comments survive.
      expect((written.match(/<!--/g) ?? []).length).toBe((text.match(/<!--/g) ?? []).length);
    });
  }
});
