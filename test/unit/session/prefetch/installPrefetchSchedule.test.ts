/** Installing schedules through the Store (the worker's message handler), and sessions' streamId (protocols.md §1.1). */
import { describe, expect, it } from 'vitest';
import { installPrefetchSchedule } from '../../../../src/session/prefetch/installPrefetchSchedule';
import { parseConfig } from '../../../../src/session/config';
import { createSessionRecord, initFromBody, initFromQuery } from '../../../../src/session/openSession';
import { memoryStore } from '../liveHarness';

const NOW = Date.UTC(2026, 10, 22, 8);
const schedule = (name: string, config = 'live') => ({ Name: name, PlaybackConfigurationName: config, Retrieval: { EndTime: NOW / 1000 + 60 }, Consumption: { EndTime: NOW / 1000 + 600 } });

describe('installPrefetchSchedule', () => {
  it('checks the configuration is installed and the 25 active schedules quota against the store', async () => {
    const store = memoryStore();
    await expect(installPrefetchSchedule(store, schedule('a'), NOW)).rejects.toThrow(/no playback configuration named "live" is installed/);
    await store.putConfig(parseConfig({ Name: 'live', VideoContentSourceUrl: 'https://o.test', AdDecisionServerUrl: 'https://ads.test/v' }));
    for (let i = 0; i < 25; i++) await installPrefetchSchedule(store, schedule(`s${i}`), NOW);
    // Replacing one is not a 26th.
    await installPrefetchSchedule(store, schedule('s3'), NOW);
    await expect(installPrefetchSchedule(store, schedule('s25'), NOW)).rejects.toThrow(/already has 25 active prefetch schedules/);
    expect(await store.listPrefetchSchedules('live')).toHaveLength(25);
    // Once their consumption windows have ended they no longer count.
    await expect(installPrefetchSchedule(store, { ...schedule('later'), Retrieval: { EndTime: NOW / 1000 + 700 }, Consumption: { EndTime: NOW / 1000 + 900 } }, NOW + 601_000)).resolves.toMatchObject({ Name: 'later' });
  });
});

describe('session streamId', () => {
  const make = (init: ReturnType<typeof initFromBody>) => createSessionRecord({ init, account: 'a', configName: 'live', assetPath: 'live/master.m3u8', randomBytes: (n) => new Uint8Array(n), now: 0, userAgent: '', referer: '' });
  it('comes from the POST body or aws.streamId, is not forwarded to the origin, and is absent when not given', () => {
    expect(make(initFromBody('{"streamId":"sports","x":"1"}'))).toMatchObject({ streamId: 'sports', originParams: { x: '1' } });
    expect(make(initFromQuery(new URLSearchParams('aws.streamId=news&x=1'), 'server'))).toMatchObject({ streamId: 'news', originParams: { x: '1' } });
    expect('streamId' in make(initFromBody('{}'))).toBe(false);
    expect(() => initFromBody('{"streamId":{"a":1}}')).toThrow(/streamId must be a string/);
  });
});
