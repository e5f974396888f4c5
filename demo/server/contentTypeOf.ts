/**
 * Content-Type by file extension for what the demo serves. HLS playlists use the RFC 8216 §4 type,
 * segments the types players and MSE probes expect (`video/mp2t`, `video/iso.segment`).
 */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.mpd': 'application/dash+xml',
  '.vtt': 'text/vtt; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export function contentTypeOf(filePath: string): string {
  const dot = filePath.lastIndexOf('.');
  const slash = filePath.lastIndexOf('/');
  if (dot <= slash) return 'application/octet-stream';
  return TYPES[filePath.slice(dot).toLowerCase()] ?? 'application/octet-stream';
}

/** Manifests change per request in a real origin: never let a cache keep them (DESIGN.md "The demo server"). */
export function isManifest(filePath: string): boolean {
  return filePath.endsWith('.m3u8') || filePath.endsWith('.mpd');
}
