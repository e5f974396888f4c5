/**
 * parseMediaSlide (the warm path's parse, src/hls/parseMediaSlide.ts) gives exactly parseMedia's model, or
 * null: over generated live windows (keys, PDT, discontinuities, cues), slides of 0-4 segments, random
 * header changes and random edits of the shared part.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseMedia } from '../../../src/hls/parseMedia';
import { parseFull, parseMediaSlide } from '../../../src/hls/parseMediaSlide';
import { genOrigin, originText } from '../session/stitcherWorld';

describe('parseMediaSlide (property)', () => {
  it('equals parseMedia whenever it answers, and answers for plain slides', async () => {
    let slid = 0;
    let refused = 0;
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 1500, max: 6000 }).map((ms) => ms / 1000), { minLength: 40, maxLength: 80 }),
      fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), fc.integer({ min: 0, max: 5 })), { maxLength: 8 }),
      fc.array(fc.integer({ min: 0, max: 79 }), { maxLength: 4 }),
      fc.constantFrom(0, 1, 5), fc.boolean(), fc.integer({ min: 3, max: 20 }),
      fc.array(fc.record({ slide: fc.integer({ min: 0, max: 4 }), grow: fc.integer({ min: 0, max: 3 }), edit: fc.integer({ min: 0, max: 12 }) }), { minLength: 5, maxLength: 20 }),
      (durations, breaks, discAt, keyEvery, pdt, window, steps) => {
        const origin = genOrigin(durations, breaks, new Set(discAt), keyEvery);
        let w0 = 0;
        let edge = window - 1;
        let prev = parseFull(originText(origin, 'v0', w0, edge, pdt));
        for (const st of steps) {
          w0 += st.slide;
          edge = Math.max(edge + st.grow, w0);
          if (edge >= origin.length) break;
          let text = originText(origin, 'v0', w0, edge, pdt);
          // Edits that must make it refuse or still agree: a changed header tag, a changed shared line, CRLF.
          if (st.edit === 1) text = text.replace('#EXT-X-TARGETDURATION:6', '#EXT-X-TARGETDURATION:7');
          if (st.edit === 2) text = text.replace(/seg\d+\.ts/, 'other.ts');
          if (st.edit === 3) text = text.replace('#EXT-X-VERSION:3\n', '#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n');
          if (st.edit === 4) text = text.replace(/\n/g, '\r\n');
          const got = parseMediaSlide(prev, text);
          const full = parseFull(text);
          if (got) {
            expect(got.playlist).toEqual(parseMedia(text).playlist);
            expect(got.bodyStart).toBe(full.bodyStart);
            slid++;
          } else refused++;
          prev = got ?? full;
        }
      },
    ), { numRuns: 150 });
    // Not vacuous: most refreshes slide, the edited ones are refused.
    expect(slid).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(50);
  });
});
