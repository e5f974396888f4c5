/**
 * Replace every playlist URI of a multivariant playlist and keep every other byte (line endings, blank
 * lines, comments, unknown tags, attribute order and spacing): EXT-X-STREAM-INF's URI line (RFC 8216
 * §4.3.4.2), EXT-X-MEDIA URI= (§4.3.4.1), EXT-X-I-FRAME-STREAM-INF URI= (§4.3.4.3), and the URI=
 * attribute some packagers put on EXT-X-STREAM-INF itself.
 *
 * `index` numbers the playlists in document order, each distinct URI (as written) once; `uris[index]` is
 * that URI. Session-level URIs that are not playlists (EXT-X-SESSION-DATA, EXT-X-SESSION-KEY,
 * EXT-X-CONTENT-STEERING) are left as written.
 */
import { findAttribute } from './attributes';
import { forEachLine } from './forEachLine';

export function rewriteMaster(input: string, rewrite: (uri: string, index: number) => string): { text: string; uris: string[] } {
  // A leading byte order mark is dropped: playlists MUST NOT contain one and clients SHOULD fail to parse
  // those that do (RFC 8216 §4.1), so passing an origin's BOM on would break the player (found by fuzzing).
  const text = input.charCodeAt(0) === 0xfeff ? input.replace(/^\uFEFF+/, '') : input;
  const uris: string[] = [];
  const indexOf = new Map<string, number>();
  const parts: string[] = [];
  let copied = 0;
  let awaitingUri = false;

  const replace = (start: number, end: number) => {
    const uri = text.slice(start, end);
    let index = indexOf.get(uri);
    if (index === undefined) {
      index = uris.length;
      uris.push(uri);
      indexOf.set(uri, index);
    }
    parts.push(text.slice(copied, start), rewrite(uri, index));
    copied = end;
  };
  const replaceAttribute = (start: number, end: number) => {
    const span = findAttribute(text, text.indexOf(':', start) + 1, 'URI', end);
    if (span !== null && span.end > span.start) replace(span.start, span.end);
  };

  forEachLine(text, (start, end) => {
    let s = start;
    let e = end;
    while (s < e && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9 || text.charCodeAt(s) === 0xfeff)) s++;
    while (e > s && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
    if (s === e) return;
    if (text.charCodeAt(s) !== 35 /* # */) {
      if (awaitingUri) replace(s, e);
      awaitingUri = false;
      return;
    }
    if (!text.startsWith('#EXT', s)) return; // a comment between STREAM-INF and its URI
    if (text.startsWith('#EXT-X-STREAM-INF:', s)) {
      replaceAttribute(s, e);
      awaitingUri = true;
      return;
    }
    awaitingUri = false;
    if (text.startsWith('#EXT-X-MEDIA:', s) || text.startsWith('#EXT-X-I-FRAME-STREAM-INF:', s)) replaceAttribute(s, e);
  });
  parts.push(text.slice(copied));
  return { text: parts.join(''), uris };
}
