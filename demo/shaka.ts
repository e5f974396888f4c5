/**
 * The Shaka Player demo page (issue 6, proof item 1): registers the stitchbox worker, installs the `demo`
 * configuration, and then plays exactly as a MediaTailor customer's Shaka page does (players.md §1.1):
 * `player.attach(video)`, `getAdManager().requestMediaTailorStream(<absolute /v1/session/... URL>, {adsParams})`,
 * `player.load(manifestUrl)`. Shaka's own MediaTailor ad manager then reads the tracking JSON once (VOD,
 * players.md §1.4), detects the ads on the playhead and POSTs their beacons itself (client-side reporting,
 * protocols.md §14.2). Nothing in Shaka is patched or configured for stitchbox.
 *
 * In Shaka 5 `initMediaTailor(container, networkingEngine, video)` is gone: `setContainers` gives the
 * (server-side) container, and the manager is created on demand from the attached player's media element and
 * networking engine (players.md §1.1).
 *
 * Page query parameters: `stream` (asset path below /origin, default vod/master.m3u8), `ads.<name>=<v>` (sent as
 * adsParams: `ads.pod=2`). For tests, `window.__shaka` records every ad manager event with the playhead, every
 * tracking JSON Shaka read and every beacon request Shaka made (through the networking engine's public
 * request/response filters, which observe and change nothing).
 */
import shaka from 'shaka-player';
import { registerStitchbox } from '../src/client/registerStitchbox';
import { demoConfig } from './demoConfig';

interface ShakaEventRecord {
  /** The ad manager event's type, e.g. `ad-started`. */
  type: string;
  /** video.currentTime when it fired, seconds. */
  time: number;
  /** `adId` of the ad Shaka was playing (the one of the last `ad-started`), when there was one. */
  adId?: string;
  vastAdId?: string;
  /** `ad-cue-points-changed` only: Shaka's cue points. */
  cuepoints?: { start: number; end: number }[];
}

interface ShakaDemoState {
  sessionUrl?: string;
  manifestUrl?: string;
  /** Every ad manager event, in order. */
  events: ShakaEventRecord[];
  /** Every tracking JSON Shaka read (MEDIATAILOR_TRACKING_INFO responses), parsed. */
  tracking: unknown[];
  /** Every beacon request Shaka made (MEDIATAILOR_TRACKING_EVENT), with the playhead. */
  beacons: { method: string; url: string; time: number }[];
  log: string[];
  error?: string;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const video = $<HTMLVideoElement>('video');
const status = $('ad-status');
const logEl = $('log');

const state: ShakaDemoState = { events: [], tracking: [], beacons: [], log: [] };
(window as unknown as { __shaka: ShakaDemoState }).__shaka = state;

function log(line: string) {
  state.log.push(line);
  logEl.textContent += `${new Date().toISOString().slice(11, 23)} ${line}\n`;
}

/** The ad manager's event names (shaka.ads.Utils: ADS_LOADED, AD_STARTED, AD_FIRST_QUARTILE, ... CUEPOINTS_CHANGED). */
function adEventTypes(): string[] {
  const names = new Set<string>();
  for (const [key, value] of Object.entries(shaka.ads.Utils as unknown as Record<string, unknown>)) {
    if (/^(ADS?_|CUEPOINTS_)/.test(key) && typeof value === 'string') names.add(value);
  }
  return [...names].sort();
}

async function main() {
  const params = new URLSearchParams(location.search);
  const stitchbox = await registerStitchbox();
  await stitchbox.putConfig(demoConfig(location.origin));
  log('worker ready, configuration "demo" installed');

  shaka.polyfill.installAll();
  if (!shaka.Player.isBrowserSupported()) throw new Error('Shaka Player does not support this browser');
  const player = new shaka.Player();
  player.addEventListener('error', (e) => log(`shaka error: ${JSON.stringify((e as unknown as { detail: unknown }).detail)}`));
  await player.attach(video);

  const net = player.getNetworkingEngine()!;
  const Advanced = shaka.net.NetworkingEngine.AdvancedRequestType;
  net.registerRequestFilter((_type, request, context) => {
    if (context?.type === Advanced.MEDIATAILOR_TRACKING_EVENT) {
      state.beacons.push({ method: request.method, url: request.uris[0], time: video.currentTime });
    }
  });
  net.registerResponseFilter((_type, response, context) => {
    if (context?.type !== Advanced.MEDIATAILOR_TRACKING_INFO) return;
    try {
      state.tracking.push(JSON.parse(new TextDecoder().decode(response.data as ArrayBuffer)));
    } catch (e) {
      log(`tracking JSON unreadable: ${(e as Error).message}`);
    }
  });

  const adManager = player.getAdManager()!;
  const container = $('ad-container');
  adManager.setContainers(container, container);
  let current: { adId: string; vastAdId: string } | undefined;
  for (const type of adEventTypes()) {
    adManager.addEventListener(type, (e) => {
      const ad = (e as unknown as { ad?: { getAdId?: () => string; getVastAdId?: () => string } }).ad;
      if (type === shaka.ads.Utils.AD_STARTED && ad?.getAdId) {
        current = { adId: ad.getAdId(), vastAdId: ad.getVastAdId?.() ?? '' };
        // `ad-impression` carries no ad; Shaka fires it just before `ad-started` of the same ad (players.md §1.6).
        const last = state.events.at(-1);
        if (last?.type === shaka.ads.Utils.AD_IMPRESSION && last.adId === undefined) Object.assign(last, current);
      }
      const record: ShakaEventRecord = { type, time: video.currentTime };
      if (current) Object.assign(record, current);
      // `ad-cue-points-changed`: where Shaka's UI would mark the ads on the seek bar.
      const cuepoints = (e as unknown as { cuepoints?: { start: number; end: number }[] }).cuepoints;
      if (cuepoints) record.cuepoints = cuepoints.map(({ start, end }) => ({ start, end }));
      state.events.push(record);
      log(`${type} at ${video.currentTime.toFixed(2)}${current ? ` (ad ${current.adId})` : ''}`);
      if (type === shaka.ads.Utils.AD_STARTED) {
        status.dataset.state = 'ad';
        status.textContent = `AD ${current?.vastAdId ?? ''}`;
      } else if (type === shaka.ads.Utils.AD_STOPPED) {
        current = undefined;
        status.dataset.state = 'content';
        status.textContent = 'content';
      }
    });
  }

  const asset = params.get('stream') ?? 'vod/master.m3u8';
  const adsParams: Record<string, string> = {};
  for (const [k, v] of params) if (k.startsWith('ads.')) adsParams[k.slice(4)] = v;
  // Absolute: Shaka 5.2 resolves the answer's relative URLs with `new URL(x, sessionUrl)` (players.md §1.3).
  state.sessionUrl = `${location.origin}/v1/session/demo-account/demo/${asset}`;
  const manifestUrl = await adManager.requestMediaTailorStream(state.sessionUrl, { adsParams });
  state.manifestUrl = manifestUrl;
  // textContent, not innerHTML: the URLs carry the page's query.
  for (const [term, value] of [['session', state.sessionUrl], ['manifest', manifestUrl]]) {
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = term;
    dd.textContent = value;
    $('session-info').append(dt, dd);
  }
  log(`session opened: ${manifestUrl}`);
  await player.load(manifestUrl);
  log('loaded');
  video.addEventListener('ended', () => log('ended'));
  video.play().catch((e) => log(`play() refused: ${(e as Error).message}`));
}

main().catch((e) => {
  state.error = e instanceof Error ? e.message : JSON.stringify(e);
  status.dataset.state = 'error';
  status.textContent = `error: ${state.error}`;
  log(`error: ${state.error}`);
});
