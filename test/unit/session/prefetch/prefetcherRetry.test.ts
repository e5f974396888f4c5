/**
 * Retrieval once per session and schedule, also across a worker stopped mid-request: a record left
 * 'retrieving' is asked again only once twice the decision budget has passed. The ADS is faked at the
 * network boundary (fetchText); it answers an empty VAST, so the retrieval ends 'failed'.
 */
import { describe, expect, it } from 'vitest';
import { createPrefetcher } from '../../../../src/session/prefetch/prefetcher';
import { effectiveSettings, parseConfig } from '../../../../src/session/config';
import type { Ports } from '../../../../src/session/ports';
import type { PrefetchRecord } from '../../../../src/session/prefetch/prefetchRecord';
import type { SessionRecord } from '../../../../src/session/sessionRecord';
import { memoryStore } from '../liveHarness';

const config = parseConfig({ Name: 'live', VideoContentSourceUrl: 'https://o.test', AdDecisionServerUrl: 'https://ads.test/vast?e=[scte.event_id]' });
const settings = effectiveSettings(config);
const session = {
  id: 's1', uuid: 'u', account: 'a', configName: 'live', assetPath: 'live/master.m3u8', format: 'hls', reportingMode: 'client',
  playerParams: {}, manifestParams: {}, originParams: {}, overlayAvails: false, userAgent: '', referer: '', createdAt: 0, lastSeenAt: 0, playlists: null,
} as SessionRecord;

function setup(now: number) {
  const store = memoryStore();
  const requests: string[] = [];
  const ports: Ports = {
    store, now: () => now, randomBytes: (n) => new Uint8Array(n), flushBeacons: async () => undefined, log: () => undefined,
    fetchText: async (url) => { requests.push(url); return { status: 200, url, headers: {}, text: '<VAST version="4.2"></VAST>' }; },
  };
  return { store, requests, prefetcher: createPrefetcher(ports) };
}

const stale = (startedAt: number): PrefetchRecord => ({
  key: 's1/p', sessionId: 's1', scheduleName: 'p', state: 'retrieving', startedAt, retrievedAt: null, consumeFrom: 0, consumeUntil: 0, criteria: [], avail: null, failure: null, consumedBy: null,
});

describe('prefetch retrieval, once per session and schedule', () => {
  const NOW = 1_800_000_000_000;
  const schedule = { Name: 'p', PlaybackConfigurationName: 'live', Retrieval: { EndTime: NOW / 1000 + 60, DynamicVariables: { 'scte.event_id': '9' } }, Consumption: { EndTime: NOW / 1000 + 600 } };

  const rows: [string, PrefetchRecord | null, number][] = [
    ['no record: asked', null, 1],
    ['a retrieval still running (recent): not asked', stale(NOW - settings.decisionBudgetMs), 0],
    ['a retrieval left by a stopped worker (over twice the budget): asked again', stale(NOW - 2 * settings.decisionBudgetMs - 1), 1],
  ];
  for (const [title, before, asked] of rows) {
    it(title, async () => {
      const { store, requests, prefetcher } = setup(NOW);
      await store.putPrefetchSchedule(schedule);
      if (before) await store.putPrefetch(before);
      await Promise.all([prefetcher.retrieve({ session, config, settings }), prefetcher.retrieve({ session, config, settings })]);
      await prefetcher.retrieve({ session, config, settings });
      expect(requests).toEqual(asked ? ['https://ads.test/vast?e=9'] : []);
      const after = await store.getPrefetch('s1/p');
      expect(after?.state).toBe(asked ? 'failed' : 'retrieving');
      if (asked) expect(after?.failure).toMatch(/EMPTY_VAST_RESPONSE/);
    });
  }
});
