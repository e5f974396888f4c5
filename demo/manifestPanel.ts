/**
 * The stitched manifest beside the origin's. The origin URL is the configuration's VideoContentSourceUrl, the
 * asset and the session's origin parameters (how the worker builds it: src/session/engine.ts originUrl). For
 * HLS both multivariant playlists are fetched, then the first media playlist of each (where the ads are);
 * a DASH MPD is shown as it is.
 */
import { fetchText } from './livePanel';

/** The first media playlist URI of an HLS multivariant playlist, resolved against its URL; null for a media playlist. */
export function firstMediaPlaylist(text: string, base: string): string | null {
  if (!text.includes('#EXT-X-STREAM-INF')) return null;
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => l.startsWith('#EXT-X-STREAM-INF'));
  const uri = lines.slice(i + 1).find((l) => l.trim() !== '' && !l.startsWith('#'));
  return uri ? new URL(uri.trim(), base).href : null;
}

/** The origin URL of a session's asset (VideoContentSourceUrl/asset?originParams). */
export function originUrlOf(videoContentSourceUrl: string, asset: string, originParams: Record<string, string>): string {
  const u = new URL(`${videoContentSourceUrl.replace(/\/+$/, '')}/${asset}`, location.href);
  for (const [k, v] of Object.entries(originParams)) u.searchParams.set(k, v);
  return u.href;
}

async function mediaOf(url: string): Promise<{ url: string; text: string }> {
  const absolute = new URL(url, location.href).href;
  const top = await fetchText(absolute);
  const media = firstMediaPlaylist(top, absolute);
  return media ? { url: media, text: await fetchText(media) } : { url: absolute, text: top };
}

export async function loadManifests(stitchedUrl: string, originUrl: string, stitchedPre: HTMLElement, originPre: HTMLElement): Promise<void> {
  const [stitched, origin] = await Promise.allSettled([mediaOf(stitchedUrl), mediaOf(originUrl)]);
  const put = (pre: HTMLElement, r: PromiseSettledResult<{ url: string; text: string }>) => {
    pre.textContent = r.status === 'fulfilled' ? `# ${r.value.url}\n${r.value.text}` : `failed: ${(r.reason as Error).message}`;
  };
  put(stitchedPre, stitched);
  put(originPre, origin);
}
