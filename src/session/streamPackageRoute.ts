/**
 * The Tencent StreamPackage URL surface (protocols.md §1.3, §2; DESIGN.md "The player-facing surface"):
 *
 *   POST /v1/ssai/session/{ChannelId}/{file}.m3u8        open a session
 *   GET  /v1/ssai/master/{ChannelId}/main.m3u8?session_id=ID   the session's multivariant playlist
 *   GET  /v1/ssai/tracking/{ChannelId}/{SessionId}       incremental click-through tracking (§17)
 *
 * `{ChannelId}` names a playback configuration. `{file}` is the origin asset below the configuration's
 * VideoContentSourceUrl, exactly like MediaTailor's `{asset}` (it may contain slashes): StreamPackage's own
 * example is a bare `xxx.m3u8`, stitchbox has no channel-to-asset table, so the path says which asset.
 * HLS only: StreamPackage names no DASH form (§2). Media playlists and ad segments of these sessions use the
 * MediaTailor routes (`/v1/manifest/ssai/...`, `/v1/segment/ssai/...`): players treat those URLs as opaque.
 */

export type StreamPackageRoute =
  | { kind: 'ssai-session'; channel: string; asset: string }
  | { kind: 'ssai-master'; channel: string; file: string }
  | { kind: 'ssai-tracking'; channel: string; sessionId: string };

/** The `{account}` that StreamPackage sessions carry in the MediaTailor-shaped URLs they share. */
export const STREAMPACKAGE_ACCOUNT = 'ssai';

const SAFE_TOKEN = /^[A-Za-z0-9._~-]{1,128}$/;

/**
 * Parse the decoded path segments after `v1/ssai/` (routes.ts has already refused empty, dot and
 * dot-dot segments). Null when the path is not one of the three StreamPackage routes.
 */
export function parseStreamPackageRoute(segs: readonly string[]): StreamPackageRoute | null {
  if (segs.length < 3) return null;
  const [kind, channel, ...tail] = segs;
  if (!SAFE_TOKEN.test(channel)) return null;
  switch (kind) {
    case 'session': {
      const asset = tail.join('/');
      return asset.endsWith('.m3u8') ? { kind: 'ssai-session', channel, asset } : null;
    }
    case 'master': {
      // The session id, not the file name, says which asset: any `*.m3u8` name is accepted (§1.3 writes main.m3u8).
      if (tail.length !== 1 || !tail[0].endsWith('.m3u8')) return null;
      return { kind: 'ssai-master', channel, file: tail[0] };
    }
    case 'tracking':
      if (tail.length !== 1 || !SAFE_TOKEN.test(tail[0])) return null;
      return { kind: 'ssai-tracking', channel, sessionId: tail[0] };
    default:
      return null;
  }
}

const enc = encodeURIComponent;

export const streamPackageUrls = {
  master: (scope: string, channel: string, sessionId: string) => `${scope}v1/ssai/master/${enc(channel)}/main.m3u8?session_id=${enc(sessionId)}`,
  tracking: (scope: string, channel: string, sessionId: string) => `${scope}v1/ssai/tracking/${enc(channel)}/${enc(sessionId)}`,
};
