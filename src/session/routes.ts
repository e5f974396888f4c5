/**
 * The player-facing URL surface (DESIGN.md "The player-facing surface"): parsing request paths into routes
 * and building the URLs stitchbox writes. Paths are relative to the worker's scope; `scope` is its path
 * ('/' normally). `{asset}` may contain slashes.
 */
import { parseStreamPackageRoute, type StreamPackageRoute } from './streamPackageRoute';
import { parseBroadpeakRoute, type BroadpeakRoute } from './broadpeakRoute';
import { parseDashRoute, type DashRoute } from './dashRoute';

export type Route =
  | BroadpeakRoute
  | DashRoute
  | { kind: 'session'; account: string; config: string; asset: string }
  | { kind: 'master'; account: string; config: string; asset: string }
  | { kind: 'manifest'; account: string; config: string; sessionId: string; playlist: number }
  /** `vtt`: the `.vtt` form, the WebVTT stand-in of the segment in a subtitle playlist (subtitleSegments.ts). */
  | { kind: 'segment'; account: string; config: string; sessionId: string; avail: number; piece: number | 'slate'; rendition: number; segment: number | 'map'; vtt?: true }
  | { kind: 'tracking'; account: string; config: string; sessionId: string }
  /** Read-only: the session's break decisions (describeDecisions.ts), for the demo page. */
  | { kind: 'decisions'; account: string; config: string; sessionId: string }
  | StreamPackageRoute;

const SAFE_TOKEN = /^[A-Za-z0-9._~-]{1,128}$/;

function decodeSegments(path: string): string[] | null {
  const parts = path.split('/');
  const out: string[] = [];
  for (const p of parts) {
    let d: string;
    try { d = decodeURIComponent(p); } catch { return null; }
    // No empty, dot or dot-dot segments: an asset path must not climb out of the origin base.
    if (d === '' || d === '.' || d === '..' || d.includes('/') || d.includes('\\')) return null;
    out.push(d);
  }
  return out;
}

/** Parse `pathname` (already stripped of nothing: the full path) under `scope`. Null when not stitchbox's. */
export function parseRoute(pathname: string, scope = '/'): Route | null {
  if (!pathname.startsWith(scope)) return null;
  const rest = pathname.slice(scope.length);
  if (!rest.startsWith('v1/')) return null;
  const segs = decodeSegments(rest.slice(3));
  // broadpeak.io service URLs have no account segment: /v1/bpk/{config}/{asset} (broadpeakRoute.ts).
  if (segs && segs[0] === 'bpk') return parseBroadpeakRoute(segs.slice(1));
  if (!segs || segs.length < 3) return null;
  if (segs[0] === 'ssai') return parseStreamPackageRoute(segs.slice(1));
  const [kind, account, config] = segs;
  if (!SAFE_TOKEN.test(account) || !SAFE_TOKEN.test(config)) return null;
  const tail = segs.slice(3);
  switch (kind) {
    case 'session':
    case 'master': {
      if (tail.length === 0) return null;
      const asset = tail.join('/');
      if (kind === 'master' && !asset.endsWith('.m3u8')) return null;
      return { kind, account, config, asset };
    }
    case 'manifest': {
      if (tail.length !== 2 || !SAFE_TOKEN.test(tail[0])) return null;
      const m = /^(\d{1,4})\.m3u8$/.exec(tail[1]);
      if (!m) return null;
      return { kind, account, config, sessionId: tail[0], playlist: Number(m[1]) };
    }
    case 'segment': {
      if (tail.length !== 5 || !SAFE_TOKEN.test(tail[0])) return null;
      const [sid, a, p, r, s] = tail;
      if (!/^\d{1,4}$/.test(a) || !/^(\d{1,4}|slate)$/.test(p) || !/^\d{1,3}$/.test(r)) return null;
      const sm = /^(\d{1,6}|map)(\.[a-z0-9]{1,5})?$/.exec(s);
      if (!sm) return null;
      const route: Extract<Route, { kind: 'segment' }> = {
        kind, account, config, sessionId: sid, avail: Number(a), piece: p === 'slate' ? 'slate' : Number(p),
        rendition: Number(r), segment: sm[1] === 'map' ? 'map' : Number(sm[1]),
      };
      if (sm[2] === '.vtt') route.vtt = true;
      return route;
    }
    case 'tracking':
    case 'decisions': {
      if (tail.length !== 1 || !SAFE_TOKEN.test(tail[0])) return null;
      return { kind, account, config, sessionId: tail[0] };
    }
    case 'dash':
    case 'dashsegment':
      return parseDashRoute(kind, account, config, tail);
    default:
      return null;
  }
}

/** Append query parameters (already-decoded keys and values) to a URL path. */
export function withQuery(path: string, params: Record<string, string>): string {
  const q = Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  if (!q) return path;
  return path + (path.includes('?') ? '&' : '?') + q;
}

const enc = encodeURIComponent;

export const urls = {
  master: (scope: string, account: string, config: string, asset: string, sessionId: string) =>
    `${scope}v1/master/${enc(account)}/${enc(config)}/${asset.split('/').map(enc).join('/')}?aws.sessionId=${enc(sessionId)}`,
  tracking: (scope: string, account: string, config: string, sessionId: string) =>
    `${scope}v1/tracking/${enc(account)}/${enc(config)}/${enc(sessionId)}`,
  manifest: (scope: string, account: string, config: string, sessionId: string, playlist: number) =>
    `${scope}v1/manifest/${enc(account)}/${enc(config)}/${enc(sessionId)}/${playlist}.m3u8`,
  segment: (scope: string, account: string, config: string, sessionId: string, avail: number, piece: number | 'slate', rendition: number, segment: number | 'map', ext: string) =>
    `${scope}v1/segment/${enc(account)}/${enc(config)}/${enc(sessionId)}/${avail}/${piece}/${rendition}/${segment}${ext}`,
};

/** The extension of a URL's last path segment (`.ts`, `.m4s`, ...), '' if none or odd. */
export function extensionOf(url: string): string {
  const q = url.search(/[?#]/);
  const path = q < 0 ? url : url.slice(0, q);
  const m = /\.[A-Za-z0-9]{1,5}$/.exec(path.slice(path.lastIndexOf('/') + 1));
  return m ? m[0].toLowerCase() : '';
}
