/**
 * stitchbox inside a publisher's own worker (sw/registerStitchboxRoutes.ts) against a stand-in worker global and
 * router: one route per method, taking only same-origin requests on stitchbox's paths under the scope given, and
 * the page client's messages answered while other code's messages are left alone. The real Workbox router in
 * Chromium: test/e2e/package.spec.ts.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { registerStitchboxRoutes, STITCHBOX_METHODS, type RegisterRoute } from '../../../sw/registerStitchboxRoutes';
import { installStitchbox } from '../../../sw/installStitchbox';

type Listener = (event: unknown) => void;

/** The parts of ServiceWorkerGlobalScope stitchbox reads at set-up, with its listeners kept by type. */
function fakeWorker(origin = 'https://site.example') {
  const listeners: Record<string, Listener[]> = {};
  const self = {
    registration: { scope: `${origin}/` },
    location: { origin },
    navigator: { userAgent: 'test' },
    addEventListener: (type: string, fn: Listener) => { (listeners[type] ??= []).push(fn); },
  };
  return { self: self as unknown as ServiceWorkerGlobalScope, listeners };
}

/** Sends a message as workbox-window's messageSW does (a MessageChannel port) and collects the replies. */
async function message(listeners: Record<string, Listener[]>, data: unknown): Promise<unknown[]> {
  const replies: unknown[] = [];
  const work: Promise<unknown>[] = [];
  const event = { data, ports: [{ postMessage: (r: unknown) => replies.push(r) }], waitUntil: (p: Promise<unknown>) => work.push(p) };
  for (const fn of listeners.message ?? []) fn(event);
  await Promise.all(work);
  return replies;
}

describe('registerStitchboxRoutes', () => {
  it('registers one route per method that takes same-origin requests on stitchbox paths under the scope', () => {
    const routes: { match: Parameters<RegisterRoute>[0]; method?: string }[] = [];
    const { self } = fakeWorker();
    const sb = registerStitchboxRoutes((match, _handler, method) => { routes.push({ match, method }); }, { self, scope: '/video/' });
    expect(sb.scope).toBe('/video/');
    expect(routes.map((r) => r.method)).toEqual([...STITCHBOX_METHODS]);
    const takes = (url: string) => routes.map((r) => r.match({ url: new URL(url), request: {} as Request }));
    expect(takes('https://site.example/video/v1/session/acct/demo/vod/master.m3u8')).toEqual(routes.map(() => true));
    expect(takes('https://site.example/video/v1/tracking/acct/demo/abc')).toEqual(routes.map(() => true));
    // Outside the scope, not a stitchbox path, or another origin: the publisher's routes or the network.
    expect(takes('https://site.example/v1/session/acct/demo/vod/master.m3u8')).toEqual(routes.map(() => false));
    expect(takes('https://site.example/video/index.html')).toEqual(routes.map(() => false));
    expect(takes('https://cdn.example/video/v1/session/acct/demo/vod/master.m3u8')).toEqual(routes.map(() => false));
  });

  it('defaults the scope to the registration scope\'s path and refuses one that is not a path ending in /', () => {
    const { self } = fakeWorker();
    (self.registration as unknown as { scope: string }).scope = 'https://site.example/app/';
    expect(registerStitchboxRoutes(() => undefined, { self }).scope).toBe('/app/');
    expect(() => registerStitchboxRoutes(() => undefined, { self, scope: '/video' })).toThrow(/scope must be a path that starts and ends with '\/'/);
  });

  it('adds activate, sync and message listeners but no install or fetch listener (the publisher keeps those)', () => {
    const { self, listeners } = fakeWorker();
    registerStitchboxRoutes(() => undefined, { self });
    expect(Object.keys(listeners).sort()).toEqual(['activate', 'message', 'sync']);
  });

  it('answers the page client\'s messages and leaves other messages unanswered', async () => {
    const { self, listeners } = fakeWorker();
    registerStitchboxRoutes(() => undefined, { self });
    expect(await message(listeners, { type: 'stitchbox:ping' })).toEqual([{ ok: true }]);
    expect(await message(listeners, { type: 'SKIP_WAITING' })).toEqual([]);
    expect(await message(listeners, 'hello')).toEqual([]);
    const bad = await message(listeners, { type: 'stitchbox:putConfig', config: { Name: 'x' } });
    expect(bad).toEqual([expect.objectContaining({ ok: false, errors: expect.arrayContaining([expect.stringMatching(/^VideoContentSourceUrl/)]) })]);
  });
});

describe('installStitchbox (the standalone worker)', () => {
  it('owns the life cycle and the fetch event, and answers every message as before (unknown types get an error)', async () => {
    const { self, listeners } = fakeWorker();
    installStitchbox(self);
    expect(Object.keys(listeners).sort()).toEqual(['activate', 'fetch', 'install', 'message', 'sync']);
    expect(await message(listeners, { type: 'SKIP_WAITING' })).toEqual([{ ok: false, error: 'unknown message "SKIP_WAITING"' }]);
  });

  it('leaves requests that are not stitchbox\'s to the browser (no respondWith)', () => {
    const { self, listeners } = fakeWorker();
    installStitchbox(self);
    let responded = 0;
    for (const url of ['https://site.example/index.html', 'https://cdn.example/v1/session/a/b/c.m3u8']) {
      listeners.fetch![0]!({ request: { url }, respondWith: () => { responded++; }, waitUntil: () => undefined });
    }
    expect(responded).toBe(0);
  });
});
