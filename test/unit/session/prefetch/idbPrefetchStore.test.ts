/**
 * The IndexedDB store's prefetch records (schema version 3): a database left at version 2 by an older worker
 * keeps its data through the upgrade; schedules are put, listed, replaced and deleted; a session's prefetched
 * ads are deleted with the session and no one else's.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { createIdbStore } from '../../../../sw/idbStore';
import { DB_NAME, DB_VERSION } from '../../../../sw/db';
import { emptyTimeline } from '../../../../src/session/live/liveTimeline';
import type { PrefetchRecord } from '../../../../src/session/prefetch/prefetchRecord';
import type { SessionRecord } from '../../../../src/session/sessionRecord';

const session = (id: string): SessionRecord => ({
  id, uuid: 'u', account: 'a', configName: 'live', assetPath: 'live/master.m3u8', format: 'hls', reportingMode: 'client',
  playerParams: {}, manifestParams: {}, originParams: {}, overlayAvails: false, userAgent: '', referer: '', createdAt: 0, lastSeenAt: 0, playlists: null,
});
const record = (sessionId: string, scheduleName: string): PrefetchRecord => ({
  key: `${sessionId}/${scheduleName}`, sessionId, scheduleName, state: 'failed', startedAt: 1, retrievedAt: 2, consumeFrom: 2, consumeUntil: 3,
  criteria: [], avail: null, failure: 'EMPTY_VAST_RESPONSE', consumedBy: null,
});

describe('idb store, prefetch records', () => {
  it('upgrades a version 2 database without losing its records', async () => {
    const old = await openDB(DB_NAME, 2, {
      upgrade(d) {
        d.createObjectStore('configs', { keyPath: 'Name' });
        d.createObjectStore('sessions', { keyPath: 'id' });
        d.createObjectStore('plans', { keyPath: 'sessionId' });
        d.createObjectStore('fired', { keyPath: 'key' });
        d.createObjectStore('outbox', { keyPath: 'key' });
        d.createObjectStore('timelines', { keyPath: 'sessionId' });
      },
    });
    await old.put('configs', { Name: 'live', VideoContentSourceUrl: 'https://o', AdDecisionServerUrl: 'https://a' });
    await old.put('sessions', session('s0'));
    await old.put('timelines', emptyTimeline('s0', 7));
    old.close();

    const store = createIdbStore();
    expect((await store.getConfig('live'))?.AdDecisionServerUrl).toBe('https://a');
    expect((await store.getSession('s0'))?.id).toBe('s0');
    expect((await store.getLiveTimeline('s0'))?.updatedAt).toBe(7);
    expect(await store.listPrefetchSchedules()).toEqual([]);
    const d = await openDB(DB_NAME);
    expect(d.version).toBe(DB_VERSION);
    expect([...d.objectStoreNames]).toEqual(expect.arrayContaining(['prefetchSchedules', 'prefetches', 'timelines', 'configs']));
    d.close();
  });

  it('puts, replaces, lists by configuration and deletes schedules', async () => {
    const store = createIdbStore();
    const s = (config: string, name: string, end: number) => ({ Name: name, PlaybackConfigurationName: config, Retrieval: { EndTime: end }, Consumption: { EndTime: end + 1 } });
    await store.putPrefetchSchedule(s('live', 'a', 10));
    await store.putPrefetchSchedule(s('live', 'b', 10));
    await store.putPrefetchSchedule(s('other', 'a', 10));
    await store.putPrefetchSchedule(s('live', 'a', 20));
    expect((await store.listPrefetchSchedules('live')).map((x) => [x.Name, x.Retrieval.EndTime])).toEqual([['a', 20], ['b', 10]]);
    expect(await store.listPrefetchSchedules()).toHaveLength(3);
    expect(await store.deletePrefetchSchedule('live', 'a')).toBe(true);
    expect(await store.deletePrefetchSchedule('live', 'a')).toBe(false);
    expect((await store.listPrefetchSchedules()).map((x) => `${x.PlaybackConfigurationName}/${x.Name}`).sort()).toEqual(['live/b', 'other/a']);
  });

  it('deletes a session\'s prefetched ads with the session, not another session\'s', async () => {
    const store = createIdbStore();
    await store.putSession(session('s1'));
    await store.putSession(session('s12'));
    await store.putPrefetch(record('s1', 'a'));
    await store.putPrefetch(record('s1', 'b'));
    await store.putPrefetch(record('s12', 'a'));
    expect((await store.listPrefetches('s1')).map((r) => r.scheduleName)).toEqual(['a', 'b']);
    await store.deleteSession('s1');
    expect(await store.listPrefetches('s1')).toEqual([]);
    expect(await store.getPrefetch('s1/a')).toBeUndefined();
    expect((await store.listPrefetches('s12')).map((r) => r.key)).toEqual(['s12/a']);
  });
});
