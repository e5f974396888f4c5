/**
 * A minimal page that plays the demo's DASH origin unstitched (issue 7 item 5: "dash.js and Shaka each play
 * DASH"), so the origin's MPDs are checked by real players before any stitching: no service worker, no ads.
 *
 * Query: `player=dashjs|shaka` (default dashjs), `src` (an MPD path, default /origin/dash/vod.mpd). For tests,
 * `window.__dash` records the player's errors (fatal or not), the Periods it switched to, and a log.
 */
import { MediaPlayer } from 'dashjs';
import shaka from 'shaka-player';
import { registerStitchbox } from '../src/client/registerStitchbox';
import { demoConfig } from './demoConfig';

interface DashPageState {
  player: 'dashjs' | 'shaka';
  src: string;
  /** Every player error, `fatal` as the player says it. */
  errors: { fatal: boolean; message: string }[];
  /** Period ids in the order playback entered them (dash.js periodSwitchCompleted; Shaka has no such event). */
  periods: string[];
  log: string[];
  loaded: boolean;
  /** The session answer in worker mode. */
  session?: { manifestUrl: string; trackingUrl: string };
}

const params = new URLSearchParams(location.search);
const video = document.getElementById('video') as HTMLVideoElement;
const logEl = document.getElementById('log') as HTMLElement;
const state: DashPageState = {
  player: params.get('player') === 'shaka' ? 'shaka' : 'dashjs',
  src: params.get('src') ?? '/origin/dash/vod.mpd',
  errors: [],
  periods: [],
  log: [],
  loaded: false,
};
(window as unknown as { __dash: DashPageState }).__dash = state;

function log(line: string): void {
  state.log.push(line);
  logEl.textContent += `${video.currentTime.toFixed(2)}  ${line}\n`;
}

/**
 * Worker mode (`sw=1&asset=dash/live.mpd&session=<JSON body>`, test/e2e/dashLive.spec.ts): register the stitchbox
 * worker, install the `demo` configuration, open a session with the given body (POST /v1/session, protocols.md
 * §1.1) and play its manifestUrl, the stitched MPD. `state.session` keeps the session answer for the test.
 */
async function sourceUrl(): Promise<string> {
  if (params.get('sw') !== '1') return new URL(state.src, location.href).href;
  const stitchbox = await registerStitchbox();
  await stitchbox.putConfig(demoConfig(location.origin));
  const r = await fetch(`/v1/session/any/demo/${params.get('asset') ?? 'dash/live.mpd'}`, { method: 'POST', body: params.get('session') ?? '{}' });
  if (!r.ok) throw new Error(`session POST: HTTP ${r.status}`);
  state.session = await r.json() as { manifestUrl: string; trackingUrl: string };
  state.src = state.session.manifestUrl;
  log(`session ${state.src}`);
  return new URL(state.src, location.href).href;
}

function play(url: string): void {
  if (state.player === 'dashjs') {
    const player = MediaPlayer().create();
    player.on('error', (e: { error?: { code?: number; message?: string } }) => {
      // dash.js reports unrecoverable errors through 'error' (MediaPlayerEvents.ERROR).
      state.errors.push({ fatal: true, message: `${e.error?.code ?? ''} ${e.error?.message ?? ''}` });
      log(`error ${e.error?.code} ${e.error?.message}`);
    });
    player.on('playbackError', () => state.errors.push({ fatal: true, message: 'playbackError' }));
    player.on('periodSwitchCompleted', (e: { toStreamInfo?: { id?: string } | null }) => {
      const id = e.toStreamInfo?.id ?? '?';
      state.periods.push(id);
      log(`period ${id}`);
    });
    player.on('streamInitialized', () => {
      state.loaded = true;
      log('loaded');
    });
    player.initialize(video, url, true);
  } else {
    shaka.polyfill.installAll();
    const player = new shaka.Player();
    player.addEventListener('error', (e) => {
      const err = (e as unknown as { detail: shaka.util.Error }).detail;
      state.errors.push({ fatal: err.severity === shaka.util.Error.Severity.CRITICAL, message: `${err.code} ${JSON.stringify(err.data).slice(0, 300)}` });
      log(`error ${err.code} severity ${err.severity}`);
    });
    void (async () => {
      try {
        await player.attach(video);
        await player.load(url);
        state.loaded = true;
        log('loaded');
        void video.play().catch(() => undefined);
      } catch (err) {
        const e = err as shaka.util.Error;
        state.errors.push({ fatal: true, message: `load: ${e.code ?? ''} ${String(e.message ?? e)}` });
        log(`load failed ${e.code}`);
      }
    })();
  }
}

sourceUrl().then(play, (e: unknown) => { state.errors.push({ fatal: true, message: `worker mode: ${String(e)}` }); log(`worker mode failed: ${String(e)}`); });
