/// <reference lib="webworker" />
/**
 * stitchbox inside a publisher's own Workbox worker: its routes go to the worker's router next to the
 * publisher's, through workbox-routing's `registerRoute(matchCallback, handler, method)` (passed in, so this
 * package does not depend on Workbox). The publisher keeps the worker's life cycle (skipWaiting,
 * clientsClaim, precaching) and its other routes; no Static Routing rules are added, since they would send
 * the publisher's own routes past the worker.
 */
import { createStitchboxWorker, type StitchboxWorker, type StitchboxWorkerOptions } from './createStitchboxWorker';

/** workbox-routing's methods; the engine answers each of them on its routes (405 where one does not apply). */
export const STITCHBOX_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
export type StitchboxMethod = (typeof STITCHBOX_METHODS)[number];

/** The shape of workbox-routing's registerRoute that stitchbox uses (a match callback and a handler callback). */
export type RegisterRoute = (
  match: (o: { url: URL; request: Request }) => boolean,
  handler: (o: { request: Request; event: ExtendableEvent }) => Promise<Response>,
  method?: StitchboxMethod,
) => unknown;

interface SyncEventLike extends ExtendableEvent { tag: string }

export interface StitchboxRoutesOptions extends StitchboxWorkerOptions {
  /** The worker's global scope; defaults to `globalThis` (the worker this module runs in). */
  self?: ServiceWorkerGlobalScope;
}

export function registerStitchboxRoutes(registerRoute: RegisterRoute, opts: StitchboxRoutesOptions = {}): StitchboxWorker {
  const self = opts.self ?? (globalThis as unknown as ServiceWorkerGlobalScope);
  const sb = createStitchboxWorker(self, opts);
  for (const method of STITCHBOX_METHODS) {
    registerRoute(({ url }) => sb.matches(url), ({ request, event }) => sb.respond(request, event), method);
  }
  self.addEventListener('activate', (event) => event.waitUntil(sb.activated()));
  self.addEventListener('sync' as keyof ServiceWorkerGlobalScopeEventMap, ((event: SyncEventLike) => sb.onSync(event)) as unknown as EventListener);
  self.addEventListener('message', (event) => sb.onMessage(event, { foreign: 'ignore' }));
  return sb;
}
