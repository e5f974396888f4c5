/**
 * Paired fixtures (style.md: videojs/m3u8-parser test/fixtures): each `test/fixtures/vast/<name>.source`
 * names a corpus file, and `<name>.expected.json` says what reading it must give: `{ parser, expect }`,
 * matched as a subset of the parsed document (every listed field, every listed array element), or
 * `{ parser, error }`, the VAST / VMAP error code it must be rejected with. The expected values were
 * checked against the XML by hand. A source without its expected file (or the reverse) fails.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StitchboxError } from '../../../src/errors';
import { parseVast } from '../../../src/vast/parseVast';
import { parseVmap } from '../../../src/vast/parseVmap';

const FIXTURES = new URL('../../fixtures/vast/', import.meta.url);
const CORPUS = new URL('../../../../shared/corpus/vast/', import.meta.url);

interface Expected { parser: 'vast' | 'vmap'; expect?: Record<string, unknown>; error?: number }

const files = readdirSync(FIXTURES);
const names = files.filter((f) => f.endsWith('.source')).map((f) => f.slice(0, -'.source'.length)).sort();

describe('VAST / VMAP corpus fixtures', () => {
  it('cover every VAST version, wrappers, pods, companions, non-linear ads, verifications and VPAID', () => {
    expect(names.length).toBeGreaterThanOrEqual(35);
    const sources = names.map((n) => readFileSync(new URL(`${n}.source`, FIXTURES), 'utf8').trim());
    for (const dir of ['VAST_1-2.0/', 'VAST_3.0/', 'VAST_4.0/', 'VAST_4.1/', 'VAST_4.2/', 'dailymotion-vast-client-js/', 'eyevinn-test-adserver/', 'vmap/']) {
      expect(sources.some((s) => s.includes(dir)), dir).toBe(true);
    }
  });

  it('every expected file has its source', () => {
    for (const f of files.filter((x) => x.endsWith('.expected.json'))) expect(names, f).toContain(f.slice(0, -'.expected.json'.length));
  });

  for (const name of names) {
    it(name, () => {
      const expectedFile = new URL(`${name}.expected.json`, FIXTURES);
      expect(existsSync(expectedFile), `${name}.expected.json is missing`).toBe(true);
      const source = readFileSync(new URL(`${name}.source`, FIXTURES), 'utf8').trim();
      const xml = readFileSync(new URL(source, CORPUS), 'utf8');
      const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected;
      const parse = () => (expected.parser === 'vmap' ? parseVmap(xml).vmap : parseVast(xml).vast);
      if (expected.error !== undefined) {
        expect(parse).toThrow(StitchboxError);
        try { parse(); } catch (e) { expect((e as StitchboxError).vastErrorCode).toBe(expected.error); }
      } else {
        expect(parse()).toMatchObject(expected.expect!);
      }
    });
  }
});
