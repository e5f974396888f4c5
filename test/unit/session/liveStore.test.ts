/** The IndexedDB store's live additions on fake-indexeddb: timelines, and deleting a session's records. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createIdbStore } from '../../../sw/idbStore';
import { emptyTimeline } from '../../../src/session/live/liveTimeline';
import { collectExpiredSessions } from '../../../src/session/collectExpiredSessions';
import type { SessionRecord } from '../../../src/session/sessionRecord';

const session = (id: string, lastSeenAt: number): SessionRecord => ({
  id, uuid: 'u', account: 'a', configName: 'c', assetPath: 'live/master.m3u8', format: 'hls', reportingMode: 'client',
  playerParams: {}, manifestParams: {}, originParams: {}, overlayAvails: false, userAgent: '', referer: '', createdAt: 0, lastSeenAt, playlists: null,
});

describe('idb store, live records', () => {
  it('stores timelines and deletes a session with its timeline and ledger keys, not other sessions', async () => {
    const store = createIdbStore();
    await store.putSession(session('s1', 0));
    await store.putSession(session('s2', 100_000));
    await store.putLiveTimeline(emptyTimeline('s1', 5));
    await store.putLiveTimeline(emptyTimeline('s2', 5));
    await store.enqueueBeacons([{ key: 's1/0/0/start/0', url: 'https://b/1', dueAt: 1 }, { key: 's2/0/0/start/0', url: 'https://b/2', dueAt: 1 }]);
    expect((await store.getLiveTimeline('s1'))?.updatedAt).toBe(5);
    expect(await collectExpiredSessions(store, 100_500, 60_000)).toEqual(['s1']);
    expect(await store.getSession('s1')).toBeUndefined();
    expect(await store.getLiveTimeline('s1')).toBeUndefined();
    expect(await store.getLiveTimeline('s2')).toBeDefined();
    // The ledger forgets s1 (its key can be queued again), keeps s2.
    const again = await store.enqueueBeacons([{ key: 's1/0/0/start/0', url: 'https://b/1', dueAt: 2 }, { key: 's2/0/0/start/0', url: 'https://b/2', dueAt: 2 }]);
    expect(again.map((j) => j.key)).toEqual(['s1/0/0/start/0']);
  });
});
