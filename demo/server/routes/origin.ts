import path from 'node:path';
import type { DemoRoute } from '../route';
import { serveBelow } from '../sendFile';
import { rawPath } from './static';

/**
 * The sample origin. `/origin/vod/` is the cue-marked VOD (pre-, mid-, post-roll as `#EXT-X-CUE-OUT:0` +
 * `#EXT-X-CUE-IN`, protocols.md §7); its media playlists point at the segments of `/origin/content/`,
 * the same stream without markers. Files come from demo/media (scripts/make-media.sh).
 */
const MOUNTS: ReadonlyArray<{ prefix: string; dir: string }> = [
  { prefix: '/origin/vod/', dir: 'vod' },
  { prefix: '/origin/content/', dir: 'content' },
];

export function originRoute(mediaDir: string): DemoRoute {
  return {
    match: (p) => p.startsWith('/origin/'),
    handle(req, res) {
      const p = rawPath(req.url);
      const mount = MOUNTS.find((m) => p.startsWith(m.prefix));
      if (!mount) {
        res.statusCode = 404;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end('no such origin stream\n');
        return;
      }
      return serveBelow(req, res, path.join(mediaDir, mount.dir), p.slice(mount.prefix.length - 1));
    },
  };
}
