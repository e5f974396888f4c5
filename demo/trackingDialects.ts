/**
 * The tracking JSON in each dialect stitchbox speaks (README "URL surface and dialects"): the playing session's
 * own (MediaTailor `/v1/tracking/...`, or StreamPackage `/v1/ssai/tracking/...` with `dialect=streampackage`),
 * and, on demand, a separate session of the same stream, configuration and ad parameters opened in another
 * dialect: MediaTailor (protocols.md §4), Tencent StreamPackage (§17: incremental, click-through only) or
 * broadpeak.io `bk-ml=2.0` (§16, metadata-first, so its ads are known before any manifest). Those sessions are
 * never played: the ADS is asked for them, no segment is fetched, so they send no beacon.
 */
import { openBroadpeakSession, openMediaTailorSession, openStreamPackageSession } from '../src/client/openSession';
import { fetchText } from './livePanel';
import { firstMediaPlaylist } from './manifestPanel';

export type Dialect = 'mediatailor' | 'streampackage' | 'broadpeak';

export interface SessionSpec {
  config: string;
  asset: string;
  adsParams: Record<string, string>;
  originParams: Record<string, string>;
}

/**
 * Start a session as a player would: its multivariant playlist, then its first media playlist (MediaTailor asks
 * for tracking after the first manifest, protocols.md §3.1; StreamPackage's first answer follows the first
 * media playlist, §17).
 */
async function started(manifestUrl: string): Promise<void> {
  const url = new URL(manifestUrl, location.href).href;
  const media = firstMediaPlaylist(await fetchText(url), url);
  if (media) await fetchText(media);
}

/** Open a session of `spec` in `dialect`, start it and return its tracking URL and first answer. */
export async function trackingIn(dialect: Dialect, spec: SessionSpec): Promise<{ url: string; body: unknown }> {
  const opts = { adsParams: spec.adsParams, originParams: spec.originParams, reportingMode: 'server' as const };
  let trackingUrl: string;
  if (dialect === 'broadpeak') {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(spec.originParams)) q.set(k, v);
    for (const [k, v] of Object.entries(spec.adsParams)) q.set(`ads.${k}`, v);
    const s = await openBroadpeakSession(`/v1/bpk/${spec.config}/${spec.asset}${q.size ? `?${q}` : ''}`, { metadata: '2.0' });
    trackingUrl = s.trackingUrl;
  } else {
    const open = dialect === 'streampackage' ? openStreamPackageSession : openMediaTailorSession;
    const path = dialect === 'streampackage' ? `/v1/ssai/session/${spec.config}/${spec.asset}` : `/v1/session/demo-account/${spec.config}/${spec.asset}`;
    const s = await open(path, opts);
    await started(s.manifestUrl);
    trackingUrl = s.trackingUrl;
  }
  return { url: trackingUrl, body: JSON.parse(await fetchText(trackingUrl)) };
}

export function showJson(pre: HTMLElement, link: HTMLAnchorElement, url: string, body: unknown): void {
  link.href = url;
  link.textContent = new URL(url, location.href).pathname;
  link.hidden = false;
  pre.textContent = JSON.stringify(body, null, 2);
}
