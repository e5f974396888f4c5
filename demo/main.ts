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
 * `ads.prerollpod` and `ads.prerolldurations` choose its pod, like `ads.pod` and `ads.durations`).
 */
import Hls from 'hls.js';
import { registerStitchbox } from '../src/client/registerStitchbox';
import { openMediaTailorSession } from '../src/client/openSession';
import { createTrackingPoller } from '../src/client/createTrackingPoller';
import { attachAdTimeline } from '../src/client/attachAdTimeline';
import { mountAdPanel, type AdEventRecord } from './adPanel';
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
  /** `mode=client`: the page-side ad timeline's events, in order (demo/adPanel.ts). */
  adEvents: AdEventRecord[];
} = { avails: [], events: [], adEvents: [] };
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

async function main() {
  const params = new URLSearchParams(location.search);
  const stitchbox = await registerStitchbox();
  const preRoll = preRollFromQuery(params);
  await stitchbox.putConfig(demoConfig(location.origin, preRoll));
  log(`worker ready, configuration "demo" installed${preRoll === null ? '' : ` with a live pre-roll of at most ${preRoll} s`}`);

  const asset = params.get('stream') ?? 'vod/master.m3u8';
  const adsParams: Record<string, string> = {};
  const originParams: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k.startsWith('ads.')) adsParams[k.slice(4)] = v;
    else if (k.startsWith('origin.')) originParams[k.slice(7)] = v;
  }
  const body = { ...originParams, adsParams, reportingMode: params.get('mode') === 'client' ? 'client' : 'server' };
  const streamPackage = params.get('dialect') === 'streampackage';
  let session: { manifestUrl: string; trackingUrl: string };
  if (streamPackage) {
    session = await openStreamPackageSession(asset, body);
  } else {
    session = await openMediaTailorSession(`/v1/session/demo-account/demo/${asset}`, { originParams, adsParams, reportingMode: body.reportingMode as 'client' | 'server' });
  }
  demoState.session = session;
  $('session-info').innerHTML = `<dt>manifest</dt><dd>${session.manifestUrl}</dd><dt>tracking</dt><dd>${session.trackingUrl}</dd>`;
  log(`session opened: ${session.manifestUrl}`);

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
      log(`tracking (streampackage): ${fresh.length} new click-through(s), ${sp.clicks.length} in all`);
    }, (e) => log(`tracking poll failed: ${e.message}`)));
  } else hls.on(Hls.Events.MANIFEST_PARSED, async () => {
    // VOD: one tracking request after the first manifest is enough (protocols.md §3.1).
    const poller = createTrackingPoller({ trackingUrl: session.trackingUrl });
    poller.on('error', ({ error }) => log(`tracking poll failed: ${error.message}`));
    if (!(await poller.poll())) return;
    demoState.avails = poller.state().avails;
    renderPlan();
    log(`tracking: ${demoState.avails.length} avail(s)`);
    if (body.reportingMode !== 'client') return;
    // Client reporting: the page-side timeline fires the beacons and drives the ad panel; live asks for
    // tracking again after every playlist refresh, as Shaka does (players.md §1.4).
    // Its beacons go through the worker's outbox: written to IndexedDB first, kept while offline, sent once.
    const timeline = attachAdTimeline(video, poller, { reportingMode: 'client', persist: sessionStorage, fireBeacons: stitchbox.beaconSender(session.trackingUrl) });
    mountAdPanel(timeline, video, $('ad-panel'), demoState.adEvents);
    poller.on('update', ({ state }) => { demoState.avails = state.avails; renderPlan(); });
    hls.on(Hls.Events.LEVEL_LOADED, (_e, data) => { if (data.details.live) void poller.poll(); });
  });
  hls.loadSource(session.manifestUrl);
  hls.attachMedia(video);
  video.addEventListener('timeupdate', showAdState);
  video.addEventListener('ended', () => log('ended'));
  video.play().catch((e) => log(`play() refused: ${(e as Error).message}`));
}

main().catch((e) => {
  demoState.error = (e as Error).message;
  status.dataset.state = 'error';
  status.textContent = `error: ${(e as Error).message}`;
  log(`error: ${(e as Error).message}`);
});
