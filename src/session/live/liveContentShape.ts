/**
 * The content shape (ads/contentShape.ts) a live decision filters ad ladders by, from the media playlist that
 * first saw the break. A WebVTT subtitle playlist says nothing of the audio/video container (its segments are
 * .vtt, it has no EXT-X-MAP), and taking it for MPEG-TS dropped every fMP4 ad of demuxed content (issue 5
 * item 5): then the session's first variant playlist is read from the origin for it. Fails open to the
 * playlist in hand when that read fails.
 */
import { contentShapeOf, type ContentShape } from '../../ads/contentShape';
import { parseMedia, type MediaPlaylist } from '../../hls/parseMedia';
import type { EffectiveSettings } from '../config';
import type { Ports } from '../ports';
import { withQuery } from '../routes';
import type { PlaylistRef, SessionRecord } from '../sessionRecord';
import { isSubtitlesRef } from '../subtitleSegments';

export async function liveContentShape(
  ports: Pick<Ports, 'fetchText'>,
  args: { session: SessionRecord; settings: EffectiveSettings; ref: PlaylistRef; playlist: MediaPlaylist },
): Promise<ContentShape> {
  const { session, ref, playlist } = args;
  const inHand = () => contentShapeOf(session.playlists ?? [ref], playlist);
  const variant = isSubtitlesRef(ref) ? session.playlists?.find((p) => p.kind === 'variant') : undefined;
  if (!variant) return inHand();
  try {
    const res = await ports.fetchText(withQuery(variant.url, session.originParams), { timeoutMs: args.settings.originTimeoutMs });
    if (res.status < 200 || res.status > 299) return inHand();
    return contentShapeOf(session.playlists, parseMedia(res.text).playlist);
  } catch {
    return inHand();
  }
}
