/**
 * Polls a session's tracking URL and keeps the merged answer (protocols.md §3; merge rules: mergeTracking.ts).
 *
 * Cadence (§3.1): live polls once per target duration (`targetDuration` seconds, or `intervalMs`); VOD
 * (neither given) polls once, when `start()` is called: call it after the first media manifest has been
 * fetched, as MediaTailor asks. A VOD poll that fails is retried with backoff until one succeeds (at most
 * `maxVodAttempts`), so one lost request does not leave the page without ads (players.md §1.4 "VOD trap").
 *
 * `nextToken` (§3.2): when an answer carries a non-empty token, the next request sends it as
 * `?nextToken=<token>` (the GET form; the server accepts both forms) and merges the partial answer into
 * what it already has. A 400 to a request with a token means the token expired: the poller drops it and
 * asks again without one at once.
 *
 * Errors (network, non-2xx, bad JSON) are reported as `error` events and never thrown out of a timer;
 * the next poll waits `backoffDelay(...)` instead of the interval, and the state is kept (fail open).
 * `stop()` clears the timer and aborts the request in flight; a late answer is ignored.
 */
import { TypedEventTarget } from './typedEventTarget';
import { emptyTrackingState, mergeTracking, type TrackingState } from './mergeTracking';

export interface TrackingPollerOptions {
  /** Absolute tracking URL (openSession gives one). */
  trackingUrl: string;
  /** Injected for tests and for pages that wrap fetch; default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Live cadence in milliseconds. */
  intervalMs?: number;
  /** Live cadence as the HLS target duration / DASH minimumUpdatePeriod, seconds (§3.1). */
  targetDuration?: number;
  /** The player's current time (seconds): avails missing from an answer are kept until behind it. */
  playhead?: () => number;
  /** VOD: give up after this many failed attempts (default 5). */
  maxVodAttempts?: number;
  /** Longest wait between attempts after errors (default 60 s). */
  maxBackoffMs?: number;
  /**
   * Turns an answer in another dialect into MediaTailor's shape before the merge: `readBroadpeakTracking`
   * for broadpeak.io's `bk-ml` JSON. Default: the answer as it is (MediaTailor, StreamPackage).
   */
  read?: (body: unknown) => unknown;
}

export interface TrackingPollerEvents extends Record<string, unknown> {
  /** After every successful answer that was merged. */
  update: { state: TrackingState; problems: string[] };
  error: { error: Error; failures: number; nextInMs: number | null };
}

/** Wait before the next attempt after `failures` consecutive failures: base × 2^(failures−1), capped. */
export function backoffDelay(baseMs: number, failures: number, maxMs: number): number {
  if (failures <= 0) return baseMs;
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
}

/** The tracking URL with the paging token (protocols.md §3.2). A token that is already percent-encoded (`%3D`) is kept as is. */
export function withNextToken(url: string, token: string): string {
  const value = /%[0-9A-Fa-f]{2}/.test(token) ? token : encodeURIComponent(token);
  return `${url}${url.includes('?') ? '&' : '?'}nextToken=${value}`;
}

const VOD_RETRY_BASE_MS = 1000;

export class TrackingPoller extends TypedEventTarget<TrackingPollerEvents> {
  readonly trackingUrl: string;
  readonly live: boolean;
  private current: TrackingState = emptyTrackingState();
  private token: string | null = null;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: AbortController | null = null;
  private running = false;
  private succeeded = false;
  private readonly intervalMs: number;
  private readonly opts: TrackingPollerOptions;
  private playheadFn: () => number;

  constructor(opts: TrackingPollerOptions) {
    super();
    if (!opts.trackingUrl) throw new Error('createTrackingPoller: trackingUrl is required');
    this.opts = opts;
    this.trackingUrl = opts.trackingUrl;
    const interval = opts.intervalMs ?? (opts.targetDuration !== undefined ? opts.targetDuration * 1000 : undefined);
    if (interval !== undefined && !(interval > 0)) throw new Error(`createTrackingPoller: the interval must be positive, not ${interval}`);
    this.live = interval !== undefined;
    this.intervalMs = interval ?? VOD_RETRY_BASE_MS;
    this.playheadFn = opts.playhead ?? (() => 0);
  }

  /** The merged avails so far. */
  state(): TrackingState { return this.current; }

  /** Where the playhead is (the ad timeline sets this when the page did not). */
  usePlayhead(fn: () => number): void { if (!this.opts.playhead) this.playheadFn = fn; }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.inflight?.abort();
    this.inflight = null;
  }

  /** One request now (also usable without start()). Resolves true when an answer was merged. */
  async poll(): Promise<boolean> {
    const f = this.opts.fetch ?? globalThis.fetch.bind(globalThis);
    const ac = new AbortController();
    this.inflight?.abort();
    this.inflight = ac;
    const token = this.token;
    try {
      const res = await f(token ? withNextToken(this.trackingUrl, token) : this.trackingUrl, { signal: ac.signal, credentials: 'same-origin', cache: 'no-store' });
      if (token && res.status === 400) {
        // An expired token (§3.2): start over without one, at once.
        this.token = null;
        if (this.inflight === ac) this.inflight = null;
        return this.poll();
      }
      if (!res.ok) throw new Error(`tracking answered HTTP ${res.status}`);
      let body: unknown;
      try { body = await res.json(); } catch (e) { throw new Error(`tracking answer is not JSON: ${(e as Error).message}`); }
      if (ac.signal.aborted) return false;
      if (this.opts.read) body = this.opts.read(body);
      const { state, problems } = mergeTracking(this.current, body, this.playheadFn());
      if (problems.length && state === this.current) throw new Error(`tracking answer unusable: ${problems.join('; ')}`);
      this.current = state;
      this.token = state.nextToken ? state.nextToken : null;
      this.failures = 0;
      this.succeeded = true;
      this.emit('update', { state, problems });
      return true;
    } catch (e) {
      if (ac.signal.aborted) return false;
      this.failures++;
      const error = e instanceof Error ? e : new Error(String(e));
      const next = this.nextDelay();
      this.emit('error', { error, failures: this.failures, nextInMs: this.running ? next : null });
      return false;
    } finally {
      if (this.inflight === ac) this.inflight = null;
    }
  }

  private nextDelay(): number | null {
    if (this.live) return this.failures ? backoffDelay(this.intervalMs, this.failures + 1, Math.max(this.intervalMs, this.opts.maxBackoffMs ?? 60_000)) : this.intervalMs;
    if (this.succeeded) return null;
    if (this.failures >= (this.opts.maxVodAttempts ?? 5)) return null;
    return backoffDelay(VOD_RETRY_BASE_MS, this.failures, this.opts.maxBackoffMs ?? 60_000);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.running) return;
      void this.poll().then(() => {
        if (!this.running) return;
        const next = this.nextDelay();
        if (next === null) this.running = false;
        else this.schedule(next);
      });
    }, ms);
  }
}

export function createTrackingPoller(opts: TrackingPollerOptions): TrackingPoller {
  return new TrackingPoller(opts);
}
