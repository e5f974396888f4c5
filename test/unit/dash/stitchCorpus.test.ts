/**
 * The VOD stitcher over every MPD of ../shared/corpus/dash that signals breaks (issue 7 "Proven by": output
 * valid and round-tripping): one ad inserted per break; the output parses, round-trips, has one more Period per
 * break, none of its SCTE-35 markers, Periods that follow each other, and the content AdaptationSets as they
 * were. An MPD whose Period starts cannot be known is refused (the engine then serves it as it is).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashCreativeRenditions } from '../../../src/dash/loadDashCreative';
import { adaptationSetsOf, parseMpd, periodsOf, periodTimings, writeMpd } from '../../../src/dash/mpdModel';
import { attrValue, writeXmlDocument } from '../../../src/dash/mpdXml';
import { adPeriodId, availIdOf, contentPeriodName } from '../../../src/dash/dashPeriodIds';
import { stitchDashVod } from '../../../src/dash/stitchDashVod';
import { findDashBreaks } from '../../../src/scte35/dashBreaks';
import type { PlannedAvail } from '../../../src/session/plan';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/dash');
const AD = readFileSync(path.resolve(__dirname, '../../fixtures/dash/ad.mpd'), 'utf8');

function mpdFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? mpdFiles(p) : n.endsWith('.mpd') ? [p] : [];
  });
}

const withBreaks = mpdFiles(CORPUS).filter((f) => findDashBreaks(readFileSync(f, 'utf8')).breaks.length > 0);

describe('stitchDashVod over the corpus', () => {
  it('finds corpus MPDs with breaks', () => {
    expect(withBreaks.length).toBeGreaterThanOrEqual(5);
  });
  for (const file of withBreaks) {
    it(path.relative(CORPUS, file), () => {
      const text = readFileSync(file, 'utf8');
      const original = parseMpd(text)!;
      const periods = periodsOf(original.root);
      const renditions = dashCreativeRenditions(AD, 'https://ads.example/ad/manifest.mpd');
      const seen = new Set<string>();
      const avails: PlannedAvail[] = [];
      for (const b of findDashBreaks(text).breaks) {
        const key = `${b.periodIndex}/${b.startTime}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const periodId = contentPeriodName(attrValue(periods[b.periodIndex], 'id'), b.periodIndex);
        const offset = Math.max(0, b.startTime);
        avails.push({
          index: avails.length, breakOrdinal: avails.length, contentTime: 0, originSegment: b.periodIndex, replaceCount: 0, signalledDuration: null,
          ads: [{ index: 0, vastAdId: 'a', adSystem: '', adTitle: '', creativeId: 'c', creativeSequence: '', duration: 6, skipOffset: null, adParameters: '', renditions, tracking: {}, clickThrough: null, clickTracking: [], errorUrls: [] }],
          slate: null, skipped: [], failure: null, adsRequestUrl: null, adsLatencyMs: null,
          dash: { periodId, periodIndex: b.periodIndex, offset, availId: availIdOf(periodId, offset), adPeriodIds: [adPeriodId(periodId, offset, 0)] },
        });
      }
      if (periodTimings(original.root).some((t) => t.start === null)) {
        expect(() => stitchDashVod(text, { mpdUrl: 'https://origin.example/x.mpd', avails, adBaseUrl: () => 'https://ads.example/ad/' })).toThrow(/Period start/);
        return;
      }
      const out = stitchDashVod(text, { mpdUrl: 'https://origin.example/x.mpd', avails, adBaseUrl: () => 'https://ads.example/ad/' });
      const mpd = parseMpd(out.text)!;
      expect(writeMpd(parseMpd(writeMpd(mpd))!)).toBe(out.text);
      expect(findDashBreaks(out.text).breaks).toEqual([]);
      const outPeriods = periodsOf(mpd.root);
      const ids = outPeriods.map((p) => attrValue(p, 'id'));
      for (const a of avails) expect(ids).toContain(a.dash!.adPeriodIds[0]);
      expect(out.placed).toHaveLength(avails.length);
      // Periods follow each other (where a duration is known).
      const t = periodTimings(mpd.root);
      for (let i = 1; i < t.length; i++) if (t[i - 1].duration !== null) expect(t[i].start).toBeCloseTo(t[i - 1].start! + t[i - 1].duration!, 6);
      // Content Periods that were not split keep their AdaptationSets byte for byte.
      for (const p of periods) {
        const id = attrValue(p, 'id');
        const kept = outPeriods.find((o) => id !== undefined && attrValue(o, 'id') === id);
        if (!kept) continue;
        expect(adaptationSetsOf(kept).map((s) => writeXmlDocument([s]))).toEqual(adaptationSetsOf(p).map((s) => writeXmlDocument([s])));
      }
    });
  }
});
