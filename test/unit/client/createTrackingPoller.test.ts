/**
 * The poller with fake timers and a fake fetch (the network boundary): cadence, nextToken paging, expired
 * tokens, backoff on errors, and a clean stop.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, createTrackingPoller, withNextToken } from '../../../src/client/createTrackingPoller';
import { ad, answer, avail, threeBreaks } from './trackingFixture';

const URL_ = 'https://page.test/v1/tracking/a/b/sid?test=1';

type Reply = { status?: number; body?: unknown; text?: string } | Error;

function fakeFetch(replies: Reply[]) {
  const calls: string[] = [];
  const f = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push(String(input));
    const r = replies.length > 1 ? replies.shift()! : replies[0];
    if (r instanceof Error) throw r;
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    return new Response(r.text ?? JSON.stringify(r.body ?? answer([])), { status: r.status ?? 200 });
  });
  return { f: f as unknown as typeof fetch, calls };
}

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

describe('backoffDelay / withNextToken', () => {
  it('doubles per failure up to the cap', () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(1000, n, 6000))).toEqual([1000, 1000, 2000, 4000, 6000, 6000]);
  });
  it('appends the token as a query parameter, encoding it unless it already is', () => {
    expect(withNextToken('https://x/t', 'a b=')).toBe('https://x/t?nextToken=a%20b%3D');
    expect(withNextToken('https://x/t?k=1', 'UFQ%3D')).toBe('https://x/t?k=1&nextToken=UFQ%3D');
  });
});

describe('createTrackingPoller', () => {
  it('VOD: one request on start, none after', async () => {
    const { f, calls } = fakeFetch([{ body: threeBreaks() }]);
    const p = createTrackingPoller({ trackingUrl: URL_, fetch: f });
    const updates: number[] = [];
    p.on('update', ({ state }) => updates.push(state.avails.length));
    p.start();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toEqual([URL_]);
    expect(updates).toEqual([3]);
    expect(p.live).toBe(false);
  });

  it('VOD: a failed request is retried with backoff until one succeeds', async () => {
    const { f, calls } = fakeFetch([new TypeError('network down'), { status: 503 }, { text: 'not json' }, { body: threeBreaks() }]);
    const p = createTrackingPoller({ trackingUrl: URL_, fetch: f });
    const errors: [string, number | null][] = [];
    p.on('error', ({ error, nextInMs }) => errors.push([error.message, nextInMs]));
    p.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.length).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls.length).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.length).toBe(2);
    await vi.advanceTimersByTimeAsync(2000 + 4000);
    expect(calls.length).toBe(4);
    expect(errors.map((e) => e[1])).toEqual([1000, 2000, 4000]);
    expect(errors[1][0]).toContain('HTTP 503');
    expect(errors[2][0]).toContain('not JSON');
    expect(p.state().avails).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.length).toBe(4);
  });

  it('live: polls once per target duration, merging answers; errors back off and keep the state', async () => {
    const early = avail('7', [ad({ id: '7', start: 20, duration: 0, events: ['impression', 'start'] })]);
    const full = avail('7', [ad({ id: '7', start: 20, duration: 6 })]);
    const { f, calls } = fakeFetch([{ body: answer([early]) }, { status: 500 }, { body: answer([full]) }, { body: answer([]) }]);
    const p = createTrackingPoller({ trackingUrl: URL_, fetch: f, targetDuration: 4, playhead: () => 10 });
    p.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.length).toBe(1);
    await vi.advanceTimersByTimeAsync(4000);
    expect(calls.length).toBe(2); // the 500
    expect(p.state().avails[0].ads[0].trackingEvents).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(4000);
    expect(calls.length).toBe(2); // backing off: 8 s after a failure
    await vi.advanceTimersByTimeAsync(4000);
    expect(calls.length).toBe(3);
    expect(p.state().avails[0].ads[0].trackingEvents).toHaveLength(6);
    await vi.advanceTimersByTimeAsync(4000);
    expect(calls.length).toBe(4);
    // Gone from the answer, but ahead of the playhead (10 s): kept.
    expect(p.state().avails.map((a) => a.availId)).toEqual(['7']);
    p.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.length).toBe(4);
  });

  it('follows nextToken, keeps the same token when nothing is new, and restarts without it on 400', async () => {
    const { f, calls } = fakeFetch([
      { body: answer(threeBreaks().avails.slice(0, 1), 'T1') },
      { body: answer(threeBreaks().avails.slice(1, 2), 'T2') },
      { status: 400, text: '{"message":"expired"}' },
      { body: answer(threeBreaks().avails, null) },
      { body: answer([], null) },
    ]);
    const p = createTrackingPoller({ trackingUrl: URL_, fetch: f, intervalMs: 2000, playhead: () => 0 });
    p.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(2000);
    await vi.advanceTimersByTimeAsync(2000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toEqual([URL_, `${URL_}&nextToken=T1`, `${URL_}&nextToken=T2`, URL_, URL_]);
    expect(p.state().avails.map((a) => a.availId)).toEqual(['0', '20', '40']);
    p.stop();
  });

  it('stop() aborts the request in flight; its answer is never merged', async () => {
    let release!: () => void;
    const f = vi.fn((_u: RequestInfo | URL, init?: RequestInit) => new Promise<Response>((resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      release = () => resolve(new Response(JSON.stringify(threeBreaks())));
    })) as unknown as typeof fetch;
    const p = createTrackingPoller({ trackingUrl: URL_, fetch: f, intervalMs: 1000 });
    const seen: string[] = [];
    p.on('update', () => seen.push('update'));
    p.on('error', () => seen.push('error'));
    p.start();
    await vi.advanceTimersByTimeAsync(0);
    p.stop();
    release();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toEqual([]);
    expect(p.state().avails).toEqual([]);
  });

  it('rejects a missing URL or a non-positive interval', () => {
    expect(() => createTrackingPoller({ trackingUrl: '' })).toThrow(/trackingUrl/);
    expect(() => createTrackingPoller({ trackingUrl: URL_, intervalMs: 0 })).toThrow(/positive/);
  });
});
