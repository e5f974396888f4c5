/**
 * The worker's beacon outbox (sw/outbox.ts) over IndexedDB (fake-indexeddb in Node), its network replaced by a
 * switch: entries stay until sent, back off while the network is down, go at once when it shows itself again,
 * keep the time they were due, and are never sent twice (DESIGN invariant 5).
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../../sw/db';
import { createIdbStore } from '../../../sw/idbStore';
import { backoffMs, createOutbox, MAX_BACKOFF_MS, pickReady } from '../../../sw/outbox';
import { acceptPageBeacons } from '../../../sw/acceptPageBeacons';

let online: boolean;
let clock: number;
let sent: string[];
let syncs: number;
const outboxOf = () => createOutbox({
  send: async (url) => { if (!online) return false; sent.push(url); return true; },
  now: () => clock,
  registerSync: async () => { syncs++; },
});
const store = createIdbStore();
const job = (key: string, dueAt: number) => ({ key, url: `https://b.example/t?k=${key}&ts=[TIMESTAMP]`, dueAt });
/** [TIMESTAMP] as VAST 4.1 §6.1 writes it (ISO 8601 with the offset), what expandMacros gives. */
const vastTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
const left = async () => (await (await db()).getAll('outbox')).map((e) => e.key).sort();

beforeEach(async () => {
  const d = await db();
  await d.clear('outbox');
  await d.clear('fired');
  online = true; clock = 1_700_000_000_000; sent = []; syncs = 0;
});

describe('backoff and readiness', () => {
  it('doubles from 1 s up to 5 minutes', () => {
    expect([1, 2, 3, 4, 9, 20].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 256_000, MAX_BACKOFF_MS]);
  });
  it('takes due entries in the order they became due; retryNow takes those backing off too', () => {
    const e = (key: string, dueAt: number, seq: number, notBefore: number) => ({ key, url: '', dueAt, seq, attempts: notBefore ? 1 : 0, notBefore });
    const entries = [e('c', 3, 1, 0), e('a', 1, 5, 0), e('b', 1, 2, 500), e('d', 2, 9, 0)];
    expect(pickReady(entries, 100, false).map((x) => x.key)).toEqual(['a', 'd', 'c']);
    expect(pickReady(entries, 100, true).map((x) => x.key)).toEqual(['b', 'a', 'd', 'c']);
  });
});

describe('outbox', () => {
  it('sends what is queued, in due order, with [TIMESTAMP] the time it was due, and empties the outbox', async () => {
    await store.enqueueBeacons([job('b', clock + 5), job('a', clock)]);
    await outboxOf().flush();
    expect(sent).toEqual([
      `https://b.example/t?k=a&ts=${encodeURIComponent(vastTime(clock))}`,
      `https://b.example/t?k=b&ts=${encodeURIComponent(vastTime(clock + 5))}`,
    ]);
    expect(await left()).toEqual([]);
  });

  it('keeps everything while offline, backs off, asks for a Background Sync, and sends each once when back', async () => {
    const outbox = outboxOf();
    await store.enqueueBeacons([job('a', clock), job('b', clock + 1)]);
    online = false;
    await outbox.flush();
    expect(sent).toEqual([]);
    expect(await left()).toEqual(['a', 'b']);
    expect(outbox.waiting).toBe(true);
    expect(syncs).toBe(1);
    const a = (await (await db()).get('outbox', 'a'))!;
    expect([a.attempts, a.notBefore - clock]).toEqual([1, 1000]);
    // Still inside a's backoff and still offline: b (never tried) is tried and fails; a waits.
    clock += 500;
    await outbox.flush();
    expect((await (await db()).get('outbox', 'a'))!.attempts).toBe(1);
    expect((await (await db()).get('outbox', 'b'))!.attempts).toBe(1);
    // Back online, before any backoff is over: a sign of the network (retryNow) sends both at once.
    online = true;
    await outbox.flush({ retryNow: true });
    expect(sent.map((u) => new URL(u).searchParams.get('k'))).toEqual(['a', 'b']);
    // The original times, not the time of sending.
    expect(new URL(sent[0]).searchParams.get('ts')).toBe(vastTime(1_700_000_000_000));
    expect(await left()).toEqual([]);
    expect(outbox.waiting).toBe(false);
    await outbox.flush({ retryNow: true });
    expect(sent).toHaveLength(2);
  });

  it('a new beacon that goes through takes the ones backing off with it', async () => {
    const outbox = outboxOf();
    await store.enqueueBeacons([job('old', clock)]);
    online = false;
    await outbox.flush();
    online = true;
    clock += 10; // far inside the 1 s backoff
    await store.enqueueBeacons([job('new', clock)]);
    await outbox.flush();
    expect(sent.map((u) => new URL(u).searchParams.get('k'))).toEqual(['new', 'old']);
    expect(await left()).toEqual([]);
  });

  it('concurrent flushes send nothing twice', async () => {
    const outbox = outboxOf();
    await store.enqueueBeacons(Array.from({ length: 20 }, (_, i) => job(`k${i}`, clock + i)));
    await Promise.all([outbox.flush(), outbox.flush(), outbox.flush({ retryNow: true }), createOutbox({ send: async (u) => { sent.push(u); return true; }, now: () => clock }).flush()]);
    const keys = sent.map((u) => new URL(u).searchParams.get('k'));
    expect(keys.length).toBeGreaterThanOrEqual(20);
    // Two outboxes (two workers' lifetimes overlapping) may both read an entry before either deletes it; one
    // outbox never does. What matters downstream is the ledger: a beacon is queued once (enqueueBeacons).
    expect(new Set(keys).size).toBe(20);
  });
});

describe('page beacons (client-side reporting through the worker)', () => {
  it('are queued once per key, however often the page sends them, and under page/ keys', async () => {
    const b = { key: 'sid/ad1|impression|https://b.example/i', url: 'https://b.example/i?ts=2026', dueAt: clock };
    expect(await acceptPageBeacons(store, [b], clock)).toBe(1);
    expect(await acceptPageBeacons(store, [b, b], clock)).toBe(0);
    expect(await left()).toEqual(['page/sid/ad1|impression|https://b.example/i']);
  });
  it('are refused with one message per bad entry, and nothing of the message is queued', async () => {
    await expect(acceptPageBeacons(store, [{ key: 'k', url: 'https://ok.example/' }, { key: '', url: 'https://x.example/' }, { key: 'j', url: 'javascript:alert(1)' }], clock))
      .rejects.toThrow('beacons: beacons[1].key: a string of 1-1024 characters; beacons[2].url: an http(s) URL');
    await expect(acceptPageBeacons(store, 'nope', clock)).rejects.toThrow('an array');
    expect(await left()).toEqual([]);
  });
});

describe('a worker stopped while sending', () => {
  it('does not send again what it had dispatched (keepalive completes it): no duplicate after the restart', async () => {
    await store.enqueueBeacons([job('a', clock), job('b', clock + 1)]);
    // The first worker dispatches 'a' and is stopped before the send resolves.
    const stuck = createOutbox({ send: (url) => { sent.push(url); return new Promise<boolean>(() => undefined); }, now: () => clock });
    void stuck.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(sent.map((u) => new URL(u).searchParams.get('k'))).toEqual(['a']);
    // The next worker replays the outbox: 'b' goes, 'a' is not sent a second time.
    await outboxOf().flush();
    expect(sent.map((u) => new URL(u).searchParams.get('k'))).toEqual(['a', 'b']);
    expect(await left()).toEqual([]);
  });
});
