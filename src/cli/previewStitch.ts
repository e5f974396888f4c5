import { webcrypto } from 'node:crypto';
import { createEngine, type Engine } from '../session/engine';
import type { EngineResponse } from '../session/http';
import { createMemoryStore } from '../session/memoryStore';
import type { PlaybackConfiguration } from '../session/config';
import type { Ports } from '../session/ports';
import type { PlaylistRef } from '../session/sessionRecord';
import type { SessionPlan } from '../session/plan';
import { parseRoute } from '../session/routes';
import { slateSegments } from '../session/buildInsertions';
import { cliFetchText } from './cliFetchText';

/** The engine's URLs need an absolute base; nothing is ever fetched from it (RFC 6761: `.invalid` never resolves). */
const HOST = 'https://stitchbox.invalid';
const ACCOUNT = 'cli';
const CONFIG = 'preview';

/** A message the engine logged while stitching: `warn`/`error` mean a break plays content (or worse). */
export interface PreviewMessage {
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** A stitched session of the real engine, opened on one manifest and one ADS, inside this process. */
export interface Preview {
  format: 'hls' | 'dash';
  /** HLS: the stitched multivariant playlist as the engine serves it (a media playlist asset gets a one-variant one). */
  multivariant?: string;
  /** HLS: the session's playlists in the order the multivariant playlist names them (engine.ts loadMaster). */
  playlists?: PlaylistRef[];
  /** HLS: the engine's URL of playlist `i`, as the multivariant playlist writes it. */
  playlistUri?: (i: number) => string;
  /** HLS: stitched media playlist `i`, ad segment URIs replaced by the ads' own URLs. */
  media?: (i: number) => Promise<string>;
  /** DASH: the stitched MPD (client-side reporting: ad Periods' BaseURLs are the ads' own locations). */
  mpd?: string;
  /** What the engine logged so far. */
  messages: PreviewMessage[];
  /** Waits for the engine's background work (the ad plan started by the multivariant request). */
  settle(): Promise<void>;
}

/** An engine error answer ({"message"}) or a refused request, as the one line the command prints. */
export class PreviewError extends Error {}

const bodyOf = (r: EngineResponse | undefined, what: string): string => {
  if (!r) throw new PreviewError(`${what}: the engine did not take the request`);
  if (r.kind !== 'body') throw new PreviewError(`${what}: the engine answered with a proxy`);
  if (r.status !== 200) {
    let message = r.body;
    try { message = (JSON.parse(r.body) as { message?: string }).message ?? r.body; } catch { /* not JSON: as is */ }
    throw new PreviewError(message);
  }
  return r.body;
};

/**
 * `stitchbox stitch` (DESIGN.md "The command line"): the real engine with the command line's ports (files and
 * http(s) through cliFetchText, the in-memory store, no beacons sent: flushBeacons does nothing) on a configuration
 * whose origin is the manifest's directory and whose ADS is the VAST document as given (its URL is used as the
 * AdDecisionServerUrl template, so `[session.id]`-style variables in a URL are filled as the worker would). The
 * session is opened with client-side reporting (protocols.md §14.2), so the worker's own beacon routes play no part.
 * `manifestUrl`'s query becomes origin parameters of the session, which the engine appends to every origin request
 * (protocols.md §1.1).
 */
export async function previewStitch(manifestUrl: string, adsUrl: string): Promise<Preview> {
  const u = new URL(manifestUrl);
  const slash = u.pathname.lastIndexOf('/');
  const asset = decodeURIComponent(u.pathname.slice(slash + 1));
  const origin = `${u.protocol}//${u.host}${u.pathname.slice(0, slash)}`;
  const messages: PreviewMessage[] = [];
  const store = createMemoryStore();
  const ports: Ports = {
    fetchText: cliFetchText,
    store,
    now: Date.now,
    randomBytes: (n) => webcrypto.getRandomValues(new Uint8Array(n)),
    flushBeacons: async () => {},
    log: (level, message) => { messages.push({ level, message }); },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
  // Put straight into the store, not through validateConfig: that one allows only http(s) origins and ADSs,
  // and file: is what makes an offline preview.
  const config: PlaybackConfiguration = { Name: CONFIG, VideoContentSourceUrl: origin, AdDecisionServerUrl: adsUrl };
  await store.putConfig(config);
  const engine: Engine = createEngine(ports, { scope: '/' });
  const background: Promise<unknown>[] = [];
  const request = async (method: 'GET' | 'POST', path: string, body = '') => {
    const r = await engine.handle({ method, url: `${HOST}${path}`, headers: {}, body: async () => body });
    if (r) background.push(...r.background);
    return r?.response;
  };

  const originParams = Object.fromEntries(u.searchParams);
  const opened = JSON.parse(bodyOf(await request('POST', `/v1/session/${ACCOUNT}/${CONFIG}/${encodeURIComponent(asset)}`, JSON.stringify({ ...originParams, reportingMode: 'client' })), 'session')) as { manifestUrl: string };
  const settle = async () => { await Promise.allSettled(background); };
  const sessionId = new URL(opened.manifestUrl, HOST).searchParams.get('aws.sessionId')!;

  if (asset.toLowerCase().endsWith('.mpd')) {
    const mpd = bodyOf(await request('GET', opened.manifestUrl), asset);
    // The MPD's Location is the session's URL on the worker (dashSession.ts), which does not exist here.
    return { format: 'dash', mpd: mpd.replace(/<Location>https:\/\/stitchbox\.invalid\/[^<]*<\/Location>/, ''), messages, settle };
  }
  const multivariant = bodyOf(await request('GET', opened.manifestUrl), asset);
  const playlists = (await store.getSession(sessionId))?.playlists ?? [];
  const playlistUri = (i: number) => `/v1/manifest/${ACCOUNT}/${CONFIG}/${encodeURIComponent(sessionId)}/${i}.m3u8`;
  const media = async (i: number) => {
    const text = bodyOf(await request('GET', playlistUri(i)), `playlist ${i}`);
    // Client-side reporting needs no worker between the player and the ad media: each /v1/segment/ URI becomes the
    // ad segment of the plan it stands for (what engine.ts serveSegment would proxy; it is read from the plan here
    // because the engine proxies only http(s), and a preview's ads may be files).
    const plan = await store.getPlan(sessionId);
    return text.replace(/\/v1\/segment\/[^\s",]+/g, (uri) => adSegmentUrl(plan, uri) ?? uri);
  };
  return { format: 'hls', multivariant, playlists, playlistUri, media, messages, settle };
}

/** The upstream URL of a `/v1/segment/` URI of a VOD plan (engine.ts serveSegment's lookup), or null (live, .vtt stand-ins). */
function adSegmentUrl(plan: SessionPlan | undefined, uri: string): string | null {
  const route = parseRoute(uri, '/');
  if (!plan || route?.kind !== 'segment' || route.vtt) return null;
  const avail = plan.avails[route.avail];
  const slate = route.piece === 'slate';
  const rendition = (slate ? avail?.slate?.renditions : avail?.ads[route.piece as number]?.renditions)?.[route.rendition];
  if (!rendition) return null;
  const segments = slate ? slateSegments(rendition, avail.slate!.duration) : rendition.segments;
  return (route.segment === 'map' ? segments[0]?.map?.uri : segments[route.segment]?.uri) ?? null;
}
