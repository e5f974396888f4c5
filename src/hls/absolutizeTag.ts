/**
 * Make the URI attributes of a passed-through tag absolute. A stitched playlist is served from the
 * worker's URL, not the origin's, so every relative URI in it would resolve against the wrong base
 * (players.md §3.2: hls.js resolves against the response URL).
 *
 * Tags and attributes (RFC 8216 §4.3.2.4-5, RFC 8216bis §4.4.4.9, §4.4.5.3-4, Apple HLS interstitials):
 * EXT-X-KEY and EXT-X-MAP URI, EXT-X-PART URI, EXT-X-PRELOAD-HINT URI, EXT-X-RENDITION-REPORT URI,
 * EXT-X-DATERANGE X-ASSET-URI and X-ASSET-LIST.
 */
import { findAttribute } from './attributes';

const URI_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  '#EXT-X-KEY': ['URI'],
  '#EXT-X-MAP': ['URI'],
  '#EXT-X-PART': ['URI'],
  '#EXT-X-PRELOAD-HINT': ['URI'],
  '#EXT-X-RENDITION-REPORT': ['URI'],
  '#EXT-X-DATERANGE': ['X-ASSET-URI', 'X-ASSET-LIST'],
};

/**
 * The name of the tag on `line` when it is one that may carry URI attributes, else null. Dispatches on
 * the character after `#EXT-X-` so the common lines (EXTINF, PROGRAM-DATE-TIME) cost two compares.
 */
export function uriTagName(line: string): string | null {
  switch (line.charCodeAt(7)) {
    case 75 /* K */: return line.startsWith('#EXT-X-KEY:') ? '#EXT-X-KEY' : null;
    case 77 /* M */: return line.startsWith('#EXT-X-MAP:') ? '#EXT-X-MAP' : null;
    case 80 /* P */:
      if (line.startsWith('#EXT-X-PART:')) return '#EXT-X-PART';
      return line.startsWith('#EXT-X-PRELOAD-HINT:') ? '#EXT-X-PRELOAD-HINT' : null;
    case 82 /* R */: return line.startsWith('#EXT-X-RENDITION-REPORT:') ? '#EXT-X-RENDITION-REPORT' : null;
    case 68 /* D */: return line.startsWith('#EXT-X-DATERANGE:') ? '#EXT-X-DATERANGE' : null;
    default: return null;
  }
}

/** `line` with its URI attributes resolved by `resolve`; `line` itself when it has none. */
export function absolutizeTag(line: string, tagName: string, resolve: (uri: string) => string): string {
  const names = URI_ATTRIBUTES[tagName];
  if (names === undefined) return line;
  const from = tagName.length + 1;
  let out = line;
  for (const name of names) {
    const span = findAttribute(out, from, name);
    if (span === null || span.end === span.start) continue;
    const uri = out.slice(span.start, span.end);
    const resolved = resolve(uri);
    if (resolved !== uri) out = out.slice(0, span.start) + resolved + out.slice(span.end);
  }
  return out;
}
