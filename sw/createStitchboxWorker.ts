/// <reference lib="webworker" />
/**
 * stitchbox inside a service worker, without event listeners of its own: the engine (src/session/engine.ts),
 * its ports (fetch with timeouts, the IndexedDB store, the beacon outbox) and one handler per worker event.
 * installStitchbox (the standalone worker, sw/main.ts) and registerStitchboxRoutes (inside a publisher's own
 * Workbox worker) both wire these handlers; neither has code of its own for a request or a message.
 */
import { StitchboxError } from '../src/errors';
import { collectExpiredSessions } from '../src/session/collectExpiredSessions';
import { parseConfig } from '../src/session/config';
import { createEngine, type Engine } from '../src/session/engine';
import { installPrefetchSchedule } from '../src/session/prefetch/installPrefetchSchedule';
import type { EngineResponse } from '../src/session/http';
import type { ClientMessage, WorkerReply } from '../src/session/messages';
import type { Ports } from '../src/session/ports';
import { fetchText } from './fetchText';
import { createIdbStore } from './idbStore';
import { createOutbox, sendBeacon, SYNC_TAG } from './outbox';
import { acceptPageBeacons } from './acceptPageBeacons';

export interface StitchboxWorkerOptions {
  /**
   * The path stitchbox's routes live under (`<scope>v1/session/...`), starting and ending with '/'. Defaults to
   * the path of the worker registration's scope. Pages open sessions under it (README "Use it on your site").
   */
  scope?: string;
}

export interface StitchboxWorker {
  readonly scope: string;
  readonly engine: Engine;
  /** Whether a request is stitchbox's: same origin as the worker and on one of its routes under the scope. */
  matches(url: URL): boolean;
  /** Answers a request on a stitchbox route; background work (beacons, session expiry) extends `event`. */
  respond(request: Request, event: ExtendableEvent): Promise<Response>;
  /** Static Routing API (environment.md §8): everything outside `<scope>v1/` goes straight to the network. */
  addStaticRoutes(event: ExtendableEvent): Promise<unknown>;
  /** On activate: deliver beacons a previous worker left in the outbox, and collect expired sessions. */
  activated(): Promise<unknown>;
  /** The Background Sync handler (a no-op for other tags). */
  onSync(event: ExtendableEvent & { tag: string }): void;
  /** The page client's messages (ClientMessage). `foreign: 'ignore'` leaves messages of other types unanswered. */
  onMessage(event: ExtendableMessageEvent, opts?: { foreign?: 'reply' | 'ignore' }): void;
}

/** Session expiry (issue 5 item 7): on activate, and at most every COLLECT_EVERY_MS on fetch. */
const COLLECT_EVERY_MS = 10 * 60_000;

interface SyncManagerLike { register(tag: string): Promise<void> }
interface InstallEventWithRoutes extends ExtendableEvent {
  addRoutes?: (rules: unknown) => Promise<void>;
}

function checkScope(scope: string): string {
  if (!scope.startsWith('/') || !scope.endsWith('/')) throw new Error(`stitchbox: scope must be a path that starts and ends with '/', got ${JSON.stringify(scope)}`);
  return scope;
}

export function createStitchboxWorker(self: ServiceWorkerGlobalScope, opts: StitchboxWorkerOptions = {}): StitchboxWorker {
  const scope = checkScope(opts.scope ?? new URL(self.registration.scope).pathname);
  const store = createIdbStore();

  const outbox = createOutbox({
    send: sendBeacon,
    now: () => Date.now(),
    // Background Sync, where the browser has it: the browser wakes the worker when it is online again.
    registerSync: async () => { await (self.registration as unknown as { sync?: SyncManagerLike }).sync?.register(SYNC_TAG); },
  });
  const flushOutbox = (retryNow = false) => outbox.flush({ retryNow }).catch((e) => console.error('[stitchbox] outbox:', e));

  const ports: Ports = {
    // A fetch that went through shows the network is back: beacons waiting out a backoff go at once.
    fetchText: async (url, o) => {
      const res = await fetchText(url, o);
      if (outbox.waiting) void flushOutbox(true);
      return res;
    },
    store,
    now: () => Date.now(),
    randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
    flushBeacons: () => flushOutbox(),
    log(level, message, details) {
      (level === 'error' ? console.error : level === 'warn' ? console.warn : console.info)(`[stitchbox] ${message}`, details ?? '');
    },
  };

  const engine = createEngine(ports, { scope });

  // A worker that starts for a fetch (not through activate) also replays the outbox, once.
  let startedFlush = false;

  /**
   * The idle time is the longest SessionIdleTimeoutSeconds of the installed configurations (default 1 h), so no
   * session is collected before its own configuration would allow.
   */
  let lastCollect = 0;
  async function collectSessions(): Promise<void> {
    lastCollect = Date.now();
    const configs = await store.listConfigs();
    const idleS = configs.length ? Math.max(...configs.map((c) => c.Stitchbox?.SessionIdleTimeoutSeconds ?? 3600)) : 3600;
    const gone = await collectExpiredSessions(store, Date.now(), idleS * 1000);
    if (gone.length) console.info(`[stitchbox] collected ${gone.length} expired session(s)`);
  }

  /**
   * Every answer of the worker is served under the publisher's origin, ad segments with bytes from the ad's CDN: a
   * browser must never sniff one into a document, and one opened as a page runs sandboxed (opaque origin, no
   * script), so nothing an ad server returns can act as the publisher's site (issue 9 item 4).
   */
  const HARDENING: Record<string, string> = { 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "sandbox; default-src 'none'" };

  async function toResponse(r: EngineResponse): Promise<Response> {
    if (r.kind === 'body') return new Response(r.body, { status: r.status, headers: { ...r.headers, ...HARDENING } });
    try {
      const upstream = await fetch(r.url, { headers: r.headers, credentials: 'omit', mode: 'cors' });
      const headers = new Headers(HARDENING);
      for (const h of ['content-type', 'content-length', 'content-range', 'accept-ranges']) {
        const v = upstream.headers.get(h);
        if (v) headers.set(h, v);
      }
      return new Response(upstream.body, { status: upstream.status, headers });
    } catch (e) {
      return new Response(JSON.stringify({ message: `ad segment fetch failed: ${(e as Error).message}` }), { status: 502, headers: { 'Content-Type': 'application/json', ...HARDENING } });
    }
  }

  function respond(req: Request, event: ExtendableEvent): Promise<Response> {
    // Called synchronously from the fetch event (directly or through Workbox's router), so waitUntil is allowed.
    if (!startedFlush) { startedFlush = true; event.waitUntil(flushOutbox()); }
    if (Date.now() - lastCollect > COLLECT_EVERY_MS) event.waitUntil(collectSessions().catch(() => undefined));
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => { headers[k] = v; });
    if (!headers['user-agent']) headers['user-agent'] = self.navigator.userAgent;
    const result = engine.handle({ method: req.method, url: req.url, headers, body: () => req.text() });
    return result.then(async (r) => {
      if (!r) return fetch(req);
      if (r.background.length) event.waitUntil(Promise.allSettled(r.background));
      return toResponse(r.response);
    });
  }

  async function answer(msg: ClientMessage, reply: (r: WorkerReply) => void): Promise<void> {
    try {
      switch (msg?.type) {
        case 'stitchbox:putConfig': {
          const config = parseConfig(msg.config);
          await store.putConfig(config);
          reply({ ok: true, config });
          break;
        }
        case 'stitchbox:listConfigs':
          reply({ ok: true, configs: await store.listConfigs() });
          break;
        // Prefetch schedules (src/session/prefetch): validated here with the same messages as anywhere else.
        case 'stitchbox:putPrefetchSchedule':
          reply({ ok: true, schedule: await installPrefetchSchedule(store, msg.schedule, Date.now()) });
          break;
        case 'stitchbox:listPrefetchSchedules':
          reply({ ok: true, schedules: await store.listPrefetchSchedules(typeof msg.configName === 'string' ? msg.configName : undefined) });
          break;
        case 'stitchbox:deletePrefetchSchedule':
          reply({ ok: true, deleted: await store.deletePrefetchSchedule(String(msg.configName), String(msg.name)) });
          break;
        // Client-side reporting (src/client): the page's beacons go through the same outbox, so they are written
        // to IndexedDB before they are sent, wait out an outage, and go once (invariant 5).
        case 'stitchbox:sendBeacons': {
          const queued = await acceptPageBeacons(store, msg.beacons, Date.now());
          reply({ ok: true, queued });
          void flushOutbox();
          break;
        }
        // The page saw the network come back (its `online` event).
        case 'stitchbox:flushBeacons':
          await flushOutbox(true);
          reply({ ok: true });
          break;
        case 'stitchbox:ping':
          reply({ ok: true });
          break;
        default:
          reply({ ok: false, error: `unknown message ${JSON.stringify((msg as { type?: unknown })?.type)}` });
      }
    } catch (e) {
      const errors = e instanceof StitchboxError ? (e.details?.errors as string[] | undefined) : undefined;
      reply({ ok: false, error: (e as Error).message, ...(errors ? { errors } : {}) });
    }
  }

  return {
    scope,
    engine,
    matches: (url) => url.origin === self.location.origin && engine.owns(url.pathname),
    respond,
    addStaticRoutes(event) {
      const e = event as InstallEventWithRoutes;
      if (typeof e.addRoutes !== 'function' || typeof (self as unknown as { URLPattern?: unknown }).URLPattern !== 'function') return Promise.resolve();
      const URLPatternCtor = (self as unknown as { URLPattern: new (init: object) => unknown }).URLPattern;
      return e.addRoutes([
        { condition: { not: { urlPattern: new URLPatternCtor({ pathname: `${scope}v1/*` }) } }, source: 'network' },
      ]).catch((err) => console.info('[stitchbox] static routing not used:', (err as Error).message));
    },
    activated: () => Promise.all([flushOutbox(), collectSessions().catch(() => undefined)]),
    onSync(event) {
      if (event.tag !== SYNC_TAG) return;
      // Rejecting tells the browser the sync is not done: it tries again later (Background Sync retry).
      event.waitUntil(outbox.flush({ retryNow: true }).then(() => { if (outbox.waiting) throw new Error('beacons still waiting for the network'); }));
    },
    onMessage(event, o = {}) {
      const msg = event.data as ClientMessage;
      // Inside a publisher's worker other code has messages of its own (e.g. workbox-window's SKIP_WAITING).
      if (o.foreign === 'ignore' && !(typeof msg?.type === 'string' && msg.type.startsWith('stitchbox:'))) return;
      const reply = (r: WorkerReply) => event.ports[0]?.postMessage(r);
      event.waitUntil(answer(msg, reply));
    },
  };
}
