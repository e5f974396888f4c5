/**
 * The DASH URL surface (protocols.md §2, §15):
 *
 *   GET /v1/dash/<acct>/<cfg>/<asset>.mpd?aws.sessionId=ID    the session's stitched MPD (without a session
 *                                                              id: implicit session start, server-side reporting)
 *   GET /v1/dashsegment/<acct>/<cfg>/<sid>/<availId>/<periodId>/<r>/<path>
 *        a segment of rendition <r> of an ad (or slate) Period of the plan; <path> is the segment's URL
 *        relative to the rendition's own location, as the Period's SegmentTemplate writes it. Fires the
 *        beacons due on it (server-side reporting), then serves the ad media.
 *
 * `<availId>` and `<periodId>` are the DASH ids of the plan (dashPeriodIds.ts), URI-encoded.
 */
export type DashRoute =
  | { kind: 'dash'; account: string; config: string; asset: string }
  | { kind: 'dashsegment'; account: string; config: string; sessionId: string; availId: string; periodId: string; rendition: number; path: string };

const SAFE_TOKEN = /^[A-Za-z0-9._~-]{1,128}$/;

/** `segs` are the decoded path segments after `v1/<kind>/<account>/<config>/` (routes.ts refused empty, dot and dot-dot ones). */
export function parseDashRoute(kind: string, account: string, config: string, tail: readonly string[]): DashRoute | null {
  if (kind === 'dash') {
    if (!tail.length) return null;
    const asset = tail.join('/');
    return asset.toLowerCase().endsWith('.mpd') ? { kind, account, config, asset } : null;
  }
  if (kind === 'dashsegment') {
    if (tail.length < 5 || !SAFE_TOKEN.test(tail[0]) || !/^\d{1,3}$/.test(tail[3])) return null;
    const [sessionId, availId, periodId, r] = tail;
    if (availId.length > 256 || periodId.length > 256) return null;
    return { kind, account, config, sessionId, availId, periodId, rendition: Number(r), path: tail.slice(4).map(encodeURIComponent).join('/') };
  }
  return null;
}

const enc = encodeURIComponent;

export const dashUrls = {
  mpd: (scope: string, account: string, config: string, asset: string, sessionId: string) =>
    `${scope}v1/dash/${enc(account)}/${enc(config)}/${asset.split('/').map(enc).join('/')}?aws.sessionId=${enc(sessionId)}`,
  segmentBase: (scope: string, account: string, config: string, sessionId: string, availId: string, periodId: string, rendition: number) =>
    `${scope}v1/dashsegment/${enc(account)}/${enc(config)}/${enc(sessionId)}/${enc(availId)}/${enc(periodId)}/${rendition}/`,
};
