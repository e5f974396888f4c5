/**
 * The broadpeak.io service URL (protocols.md §1.4, §2): `/v1/bpk/{config}/{asset}` under the worker's scope,
 * `{asset}` an HLS path below the configuration's VideoContentSourceUrl (it may contain slashes). The same URL
 * is the session's manifest URL once it carries `bpkio_sessionid`, and its tracking URL with `bk-ml` (§16).
 * Only `.m3u8` assets are owned: the broadpeak flow serves HLS only (the multivariant playlist, HLS pod ids and
 * live timeline; README "broadpeak.io" says what DASH would need).
 */
export interface BroadpeakRoute {
  kind: 'bpk';
  config: string;
  asset: string;
}

/** The query parameter that names the session (BPK:session-management). */
export const BPK_SESSION_PARAM = 'bpkio_sessionid';
/** The query parameter that asks for the Session Tracking JSON (BPK:session-tracking-api). */
export const BPK_ML_PARAM = 'bk-ml';

const SAFE_TOKEN = /^[A-Za-z0-9._~-]{1,128}$/;

/** `segs`: the decoded path segments after `v1/bpk/` (already free of empty, dot and dot-dot segments). */
export function parseBroadpeakRoute(segs: readonly string[]): BroadpeakRoute | null {
  if (segs.length < 2 || !SAFE_TOKEN.test(segs[0])) return null;
  const asset = segs.slice(1).join('/');
  if (!asset.endsWith('.m3u8')) return null;
  return { kind: 'bpk', config: segs[0], asset };
}
