/**
 * The demo page: registers the stitchbox worker, installs the `demo` playback configuration, opens a
 * session and plays the stitched stream with hls.js (never Chromium's native HLS: environment.md §6).
 *
 * Page query parameters: `stream` (asset path below /origin, default vod/master.m3u8), `mode`
 * (`server` default: the worker fires beacons on ad segment requests; `client`), and any `ads.<name>=<v>`
 * (sent as adsParams, so `ads.fail=500` makes the sample ADS fail), and any `origin.<name>=<v>` (sent as top-level
 * session keys, which go to the origin as query parameters: `origin.cue=daterange&origin.speed=4` for the live
 * simulator), and any `hls.<option>=<number|boolean>` (hls.js config, demo/hlsConfigFromQuery.ts), and
 * `dialect=streampackage` (Tencent StreamPackage session and incremental click-through tracking,
 * demo/streamPackageMode.ts; the "Learn more" link opens the playing ad's landing page), and `preroll=<seconds>`
 * (the configuration gets a LivePreRollConfiguration with that MaxDurationSeconds whose ADS is the sample ADS:
 * `ads.prerollpod` and `ads.prerolldurations` choose its pod, like `ads.pod` and `ads.durations`), and
 * `config=<Name>` (play through an installed configuration other than the page's own `demo`, e.g. one installed
 * with the editor), and `overlays=on` (the session's overlayAvails: nonlinear ads are listed and drawn over the
 * video, demo/overlayAds.ts). A `stream` ending in `.mpd` plays with dash.js.
 *
 * The page is a tool to evaluate stitchbox with: the picker (demo/streamPicker.ts) writes these parameters; the
 * player has ad markers (adMarkers.ts), the ad countdown and click-through (adPanel.ts), the skip button
 * (skipButton.ts), companions (companionBanners.ts) and overlays; the configuration editor (configEditor.ts)
 * validates through the worker; panels show each break's decision (decisionsPanel.ts), the stitched manifest
 * beside the origin's (manifestPanel.ts), the beacon log (beaconLogPanel.ts) and the tracking JSON in each
 * dialect (trackingDialects.ts). Panels fetch only while open.
 */
import Hls from 'hls.js';
import { registerStitchbox, type Stitchbox } from '../src/client/registerStitchbox';
import { openMediaTailorSession } from '../src/client/openSession';
import { createTrackingPoller, type TrackingPoller } from '../src/client/createTrackingPoller';
import { attachAdTimeline } from '../src/client/attachAdTimeline';
import { mountAdPanel, type AdEventRecord } from './adPanel';
import { mountAdMarkers } from './adMarkers';
import { loadBeaconLog } from './beaconLogPanel';
import { mountConfigEditor, type ConfigEditorResult } from './configEditor';
import { decisionsUrlOf, loadDecisions } from './decisionsPanel';
import { mountLivePanel } from './livePanel';
import { loadManifests, originUrlOf } from './manifestPanel';
import { mountOverlays } from './overlayAds';
import { mountSkipButton } from './skipButton';
import { mountStreamPicker } from './streamPicker';
import { showJson, trackingIn, type Dialect } from './trackingDialects';
import type { PlaybackConfiguration } from '../src/session/config';
import type { MediaTailorTracking } from '../src/tracking/mediaTailorTypes';
import { demoConfig } from './demoConfig';
import { hlsConfigFromQuery } from './hlsConfigFromQuery';
import { clickThroughAdsOf, openStreamPackageSession, pollStreamPackage, type ClickThroughAd, type StreamPackageAnswer } from './streamPackageMode';

interface TrackingAd { adId: string; adTitle: string; startTimeInSeconds: number; durationInSeconds: number; clickThrough?: string }
interface TrackingAvail { availId: string; startTimeInSeconds: number; durationInSeconds: number; ads: TrackingAd[] }

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const video = $<HTMLVideoElement>('video');
const status = $('ad-status');
const logEl = $('log');

const demoState: {
  session?: { manifestUrl: string; trackingUrl: string }; avails: TrackingAvail[]; events: string[]; hls?: Hls; error?: string;
  /** StreamPackage mode: every tracking answer in order, and the click-through ads merged from them. */
  streamPackage?: { answers: StreamPackageAnswer[]; clicks: ClickThroughAd[] };
  /** The page-side ad timeline's events, in order (demo/adPanel.ts); beacons are the page's only in `mode=client`. */
  adEvents: AdEventRecord[];
  /** The configuration the session was opened with, and every result of the editor's "Validate and install". */
  config?: PlaybackConfiguration;
  configResults: ConfigEditorResult[];
} = { avails: [], events: [], adEvents: [], configResults: [] };
(window as unknown as { __stitchbox: typeof demoState }).__stitchbox = demoState;

function log(line: string) {
  demoState.events.push(line);
  logEl.textContent += `${new Date().toISOString().slice(11, 23)} ${line}\n`;
}

/** `preroll=<seconds>`: a positive whole number, else null (and a line in the log). */
function preRollFromQuery(params: URLSearchParams): number | null {
  const v = params.get('preroll');
  if (v === null) return null;
  const n = Number(v);
  if (Number.isInteger(n) && n > 0) return n;
  log(`ignored: preroll=${v} (a positive whole number of seconds)`);
  return null;
}

function currentAd(t: number): { avail: TrackingAvail; ad: TrackingAd } | null {
  for (const avail of demoState.avails) {
    for (const ad of avail.ads) if (t >= ad.startTimeInSeconds && t < ad.startTimeInSeconds + ad.durationInSeconds) return { avail, ad };
  }
  return null;
}

function showAdState() {
  const hit = currentAd(video.currentTime);
  const learnMore = $<HTMLAnchorElement>('learn-more');
  learnMore.hidden = !hit?.ad.clickThrough;
  if (hit?.ad.clickThrough) learnMore.href = hit.ad.clickThrough;
  if (hit) {
    const n = hit.avail.ads.indexOf(hit.ad) + 1;
    const left = Math.max(0, hit.ad.startTimeInSeconds + hit.ad.durationInSeconds - video.currentTime);
    status.dataset.state = 'ad';
    status.textContent = `AD ${n} of ${hit.avail.ads.length}: ${hit.ad.adTitle} (${left.toFixed(0)} s left)`;
  } else {
    status.dataset.state = 'content';
    status.textContent = 'content';
  }
}

function renderPlan() {
  const ol = $('avails');
  ol.innerHTML = '';
  for (const a of demoState.avails) {
    const li = document.createElement('li');
    li.textContent = `at ${a.startTimeInSeconds.toFixed(1)} s: ${a.ads.length} ad(s), ${a.durationInSeconds.toFixed(1)} s — ${a.ads.map((x) => x.adTitle).join(', ')}`;
    ol.appendChild(li);
  }
}

/** The page's own `demo` configuration is reinstalled at each load, unless `config` names another one. */
async function installedConfig(stitchbox: Stitchbox, params: URLSearchParams): Promise<{ config: PlaybackConfiguration; names: string[] }> {
  const name = params.get('config') ?? 'demo';
  if (name === 'demo') {
    const preRoll = preRollFromQuery(params);
    await stitchbox.putConfig(demoConfig(location.origin, preRoll));
    log(`worker ready, configuration "demo" installed${preRoll === null ? '' : ` with a live pre-roll of at most ${preRoll} s`}`);
  }
  const all = await stitchbox.listConfigs();
  const config = all.find((c) => c.Name === name);
  if (!config) throw new Error(`no configuration named "${name}" is installed in the worker (install it with the editor)`);
  if (name !== 'demo') log(`worker ready, playing with configuration "${name}"`);
  return { config, names: all.map((c) => c.Name) };
}

/** The ad UI of the page: timeline, ad panel, skip button, markers; `mode` says who fires the beacons. */
function startAdUi(stitchbox: Stitchbox, poller: TrackingPoller, session: { trackingUrl: string }, mode: 'client' | 'server', redrawMarkers: () => void) {
  // Client reporting: the page-side timeline fires the beacons, through the worker's outbox (written to
  // IndexedDB first, kept while offline, sent once). Server reporting: the worker fires them on segment
  // requests, and the timeline only drives the UI (it fires nothing).
  const timeline = attachAdTimeline(video, poller, mode === 'client'
    ? { reportingMode: 'client', persist: sessionStorage, fireBeacons: stitchbox.beaconSender(session.trackingUrl) }
    : { reportingMode: 'server' });
  mountAdPanel(timeline, video, $('ad-panel'), demoState.adEvents);
  mountSkipButton(timeline, video, $<HTMLButtonElement>('skip-ad'), $('skip-countdown'));
  timeline.on('skip', ({ adId, to, beacons }) => log(`skipped ad ${adId} (seek to ${to.toFixed(1)} s)${beacons.length ? `, ${beacons.length} skip beacon(s) sent` : ''}`));
  poller.on('update', ({ state }) => { demoState.avails = state.avails; renderPlan(); redrawMarkers(); });
}

async function main() {
  const params = new URLSearchParams(location.search);
  const stitchbox = await registerStitchbox();
  const { config, names } = await installedConfig(stitchbox, params);
  demoState.config = config;
  mountStreamPicker($<HTMLFormElement>('picker'), params, names);
  mountConfigEditor($('config-editor'), stitchbox, config, (r) => {
    demoState.configResults.push(r);
    log(r.ok ? `configuration "${r.installed!.Name}" installed` : `configuration refused: ${r.messages.join('; ')}`);
  });

  const asset = params.get('stream') ?? 'vod/master.m3u8';
  const adsParams: Record<string, string> = {};
  const originParams: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k.startsWith('ads.')) adsParams[k.slice(4)] = v;
    else if (k.startsWith('origin.')) originParams[k.slice(7)] = v;
  }
  const mode: 'client' | 'server' = params.get('mode') === 'client' ? 'client' : 'server';
  const overlayAvails = params.get('overlays') === 'on';
  const body = { ...originParams, adsParams, reportingMode: mode, ...(overlayAvails ? { overlayAvails: 'on' } : {}) };
  const streamPackage = params.get('dialect') === 'streampackage';
  let session: { manifestUrl: string; trackingUrl: string };
  if (streamPackage) {
    session = await openStreamPackageSession(asset, body, config.Name);
  } else {
    session = await openMediaTailorSession(`/v1/session/demo-account/${config.Name}/${asset}`, { originParams, adsParams, reportingMode: mode, overlayAvails });
  }
  demoState.session = session;
  const info = $('session-info');
  info.replaceChildren();
  for (const [k, v] of [['configuration', config.Name], ['reporting', mode], ['manifest', session.manifestUrl], ['tracking', session.trackingUrl]]) {
    info.append(Object.assign(document.createElement('dt'), { textContent: k }), Object.assign(document.createElement('dd'), { textContent: v }));
  }
  log(`session opened: ${session.manifestUrl}`);
  mountPanels({ config: config.Name, asset, adsParams, originParams }, session, originUrlOf(config.VideoContentSourceUrl, asset, originParams));

  const redrawMarkers = mountAdMarkers($('ad-markers'), video, () => demoState.avails);
  const showOverlays = mountOverlays($('overlay'), video);
  // The poller's merged state keeps linear avails only; overlays are read from each raw answer.
  const read = (b: unknown) => { if (overlayAvails && b && typeof b === 'object') showOverlays(b as MediaTailorTracking); return b; };

  if (asset.endsWith('.mpd')) {
    await playDash(session, () => {
      const poller = createTrackingPoller({ trackingUrl: session.trackingUrl, read, ...(asset.includes('live') ? { intervalMs: 4000 } : {}) });
      poller.on('error', ({ error }) => log(`tracking poll failed: ${error.message}`));
      startAdUi(stitchbox, poller, session, mode, redrawMarkers);
      let first = true;
      poller.on('update', ({ state }) => { if (first) log(`tracking: ${state.avails.length} avail(s)`); first = false; });
      poller.start();
    });
    return;
  }

  if (!Hls.isSupported()) throw new Error('this browser has no Media Source Extensions; stitchbox\'s demo needs hls.js');
  const tuned = hlsConfigFromQuery(params, Hls.DefaultConfig);
  for (const p of tuned.problems) log(`ignored: ${p}`);
  const hls = new Hls(tuned.config);
  demoState.hls = hls;
  hls.on(Hls.Events.ERROR, (_e, data) => log(`hls.js ${data.fatal ? 'FATAL ' : ''}error: ${data.type} ${data.details} at ${video.currentTime.toFixed(2)}`));
  if (streamPackage) {
    const sp = { answers: [] as StreamPackageAnswer[], clicks: [] as ClickThroughAd[] };
    demoState.streamPackage = sp;
    let targetS = 2;
    hls.on(Hls.Events.LEVEL_LOADED, (_e, data) => { targetS = data.details.targetduration || targetS; });
    // Poll at the playlist's target duration (protocols.md §17), from the first media playlist on.
    hls.once(Hls.Events.LEVEL_LOADED, () => pollStreamPackage(session.trackingUrl, () => targetS * 1000, (answer) => {
      sp.answers.push(answer);
      const fresh = clickThroughAdsOf(answer);
      sp.clicks.push(...fresh);
      const byAvail = new Map<string, TrackingAvail>();
      for (const c of sp.clicks) {
        const a = byAvail.get(c.availId) ?? { availId: c.availId, startTimeInSeconds: c.startTimeInSeconds, durationInSeconds: 0, ads: [] };
        a.ads.push({ adId: c.adId, adTitle: c.adTitle, startTimeInSeconds: c.startTimeInSeconds, durationInSeconds: c.durationInSeconds, clickThrough: c.clickThrough });
        a.durationInSeconds += c.durationInSeconds;
        byAvail.set(c.availId, a);
      }
      demoState.avails = [...byAvail.values()].sort((x, y) => x.startTimeInSeconds - y.startTimeInSeconds);
      renderPlan();
      redrawMarkers();
      log(`tracking (streampackage): ${fresh.length} new click-through(s), ${sp.clicks.length} in all`);
    }, (e) => log(`tracking poll failed: ${e.message}`)));
  } else hls.on(Hls.Events.MANIFEST_PARSED, async () => {
    // VOD: one tracking request after the first manifest is enough (protocols.md §3.1).
    const poller = createTrackingPoller({ trackingUrl: session.trackingUrl, read });
    poller.on('error', ({ error }) => log(`tracking poll failed: ${error.message}`));
    if (!(await poller.poll())) return;
    demoState.avails = poller.state().avails;
    renderPlan();
    redrawMarkers();
    log(`tracking: ${demoState.avails.length} avail(s)`);
    startAdUi(stitchbox, poller, session, mode, redrawMarkers);
    // Live asks for tracking again after every playlist refresh, as Shaka does (players.md §1.4).
    hls.on(Hls.Events.LEVEL_LOADED, (_e, data) => { if (data.details.live) void poller.poll(); });
  });
  hls.loadSource(session.manifestUrl);
  hls.attachMedia(video);
  video.addEventListener('timeupdate', showAdState);
  video.addEventListener('ended', () => log('ended'));
  video.play().catch((e) => log(`play() refused: ${(e as Error).message}`));
}

/** DASH (`stream=….mpd`): dash.js plays the session's MPD; `onLoaded` runs once its first manifest was read. */
async function playDash(session: { manifestUrl: string }, onLoaded: () => void): Promise<void> {
  const dashjs = await import('dashjs');
  const player = dashjs.MediaPlayer().create();
  player.on(dashjs.MediaPlayer.events.ERROR, (e: unknown) => log(`dash.js error: ${JSON.stringify((e as { error?: unknown }).error ?? e).slice(0, 300)}`));
  let loaded = false;
  player.on(dashjs.MediaPlayer.events.MANIFEST_LOADED, () => { if (!loaded) { loaded = true; onLoaded(); } });
  player.initialize(video, session.manifestUrl, true);
  video.addEventListener('timeupdate', showAdState);
  video.addEventListener('ended', () => log('ended'));
}

/** The panels: each loads only while open (livePanel.ts). */
function mountPanels(spec: { config: string; asset: string; adsParams: Record<string, string>; originParams: Record<string, string> }, session: { manifestUrl: string; trackingUrl: string }, originUrl: string) {
  const decisionsUrl = decisionsUrlOf(session.trackingUrl);
  const decisions = $<HTMLDetailsElement>('decisions-panel');
  mountLivePanel(decisions, async () => {
    if (!decisionsUrl) throw new Error('no decisions route for this session');
    await loadDecisions(decisionsUrl, decisions.querySelector('table')!);
  }, 4000);
  mountLivePanel($<HTMLDetailsElement>('beacon-panel'), async () => { await loadBeaconLog($<HTMLOListElement>('beacon-log')); }, 2000);
  mountLivePanel($<HTMLDetailsElement>('manifest-panel'), () => loadManifests(session.manifestUrl, originUrl, $('manifest-stitched'), $('manifest-origin')), spec.asset.includes('live') ? 4000 : 0);

  const tracking = $<HTMLDetailsElement>('tracking-panel');
  const pre = $('tracking-json');
  const link = tracking.querySelector<HTMLAnchorElement>('.tracking-link')!;
  let dialect: Dialect | 'session' = 'session';
  const load = mountLivePanel(tracking, async () => {
    pre.textContent = 'loading…';
    if (dialect === 'session' && demoState.streamPackage) {
      // StreamPackage answers are incremental (protocols.md §17): a request here would take events from the
      // page's own poller, so the panel shows the answers that poller has had.
      showJson(pre, link, session.trackingUrl, demoState.streamPackage.answers);
      return;
    }
    if (dialect === 'session') {
      const r = await fetch(session.trackingUrl, { cache: 'no-store' });
      showJson(pre, link, session.trackingUrl, await r.json());
      return;
    }
    const { url, body } = await trackingIn(dialect, spec);
    showJson(pre, link, url, body);
  }, 0);
  for (const b of tracking.querySelectorAll<HTMLButtonElement>('[data-dialect]')) {
    b.addEventListener('click', () => { dialect = b.dataset.dialect as Dialect | 'session'; void load(); });
  }
}

main().catch((e) => {
  demoState.error = (e as Error).message;
  status.dataset.state = 'error';
  status.textContent = `error: ${(e as Error).message}`;
  log(`error: ${(e as Error).message}`);
});
