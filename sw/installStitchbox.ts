/// <reference lib="webworker" />
/**
 * The standalone stitchbox worker's event wiring (sw/main.ts is this one call): stitchbox owns the worker's
 * life cycle (skipWaiting, clients.claim, so that a page's first manifest request already goes through it) and,
 * where the browser has the Static Routing API, sends everything outside its routes straight to the network.
 * A worker of the publisher's own with other routes uses registerStitchboxRoutes instead.
 */
import { createStitchboxWorker, type StitchboxWorker, type StitchboxWorkerOptions } from './createStitchboxWorker';

interface SyncEventLike extends ExtendableEvent { tag: string }

export function installStitchbox(self: ServiceWorkerGlobalScope, opts: StitchboxWorkerOptions = {}): StitchboxWorker {
  const sb = createStitchboxWorker(self, opts);

  self.addEventListener('install', (event) => {
    // Static Routing API (environment.md §8): content segments never pay for a trip through the worker.
    event.waitUntil(Promise.all([self.skipWaiting(), sb.addStaticRoutes(event)]));
  });

  self.addEventListener('activate', (event) => {
    // Take over open pages at once, and deliver beacons a previous worker left in the outbox.
    event.waitUntil(Promise.all([self.clients.claim(), sb.activated()]));
  });

  self.addEventListener('sync' as keyof ServiceWorkerGlobalScopeEventMap, ((event: SyncEventLike) => sb.onSync(event)) as unknown as EventListener);

  self.addEventListener('fetch', (event) => {
    if (!sb.matches(new URL(event.request.url))) return;
    event.respondWith(sb.respond(event.request, event));
  });

  self.addEventListener('message', (event) => sb.onMessage(event));
  return sb;
}
