/**
 * RFC 8216 §4.2 attribute lists: `NAME=value,NAME="quoted, with commas",NAME=0x1F,NAME=12.5`.
 *
 * Tolerant on input, as players are: whitespace around names and after commas (`AUTOSELECT=YES, DEFAULT=YES`
 * in videojs fixtures), spaces between a closing quote and the comma (x9k3 `CUE="..." ,CUE-OUT=YES`), an
 * unterminated quote (the value runs to the end), and a name without `=` (recorded with an empty value).
 */

/** Called for each attribute: its name and the span of its value in `text` (without quotes). Return `false` to stop. */
export type AttributeVisitor = (name: string, valueStart: number, valueEnd: number, quoted: boolean) => boolean | void;

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** Walk the attribute list in `text` from `start` (the character after the tag's `:`) to `end` (default: the end). */
export function scanAttributes(text: string, start: number, visit: AttributeVisitor, end: number = text.length): void {
  const n = end;
  let i = start;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || c === 44 /* , */) { i++; continue; }
    let eq = text.indexOf('=', i);
    if (eq >= n) eq = -1;
    let comma = text.indexOf(',', i);
    if (comma >= n) comma = -1;
    if (eq < 0 || (comma >= 0 && comma < eq)) {
      // A bare name (no value): keep it visible, e.g. the `4` of `#EXT-X-CUE-OUT:4,SpliceType=...`.
      const end = comma < 0 ? n : comma;
      const name = text.slice(i, end).trim();
      if (name && visit(name, end, end, false) === false) return;
      i = end + 1;
      continue;
    }
    const name = text.slice(i, eq).trim();
    let j = eq + 1;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === 34 /* " */) {
      let close = text.indexOf('"', j + 1);
      if (close >= n) close = -1;
      const valueEnd = close < 0 ? n : close;
      if (visit(name, j + 1, valueEnd, true) === false) return;
      if (close < 0) return;
      const next = text.indexOf(',', close + 1);
      i = next < 0 || next >= n ? n : next + 1;
    } else {
      let next = text.indexOf(',', j);
      if (next >= n) next = -1;
      let valueEnd = next < 0 ? n : next;
      while (valueEnd > j && isSpace(text.charCodeAt(valueEnd - 1))) valueEnd--;
      if (visit(name, j, valueEnd, false) === false) return;
      i = next < 0 ? n : next + 1;
    }
  }
}

/** Parse an attribute list (the text after `#EXT-X-TAG:`). Values are unquoted; a repeated name keeps the last value. */
export function parseAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  scanAttributes(text, 0, (name, s, e) => { out[name] = text.slice(s, e); });
  return out;
}

/**
 * The span of attribute `name`'s value in `line` (attributes from `from` to `to`, default the end), without
 * quotes; null when absent.
 */
export function findAttribute(line: string, from: number, name: string, to: number = line.length): { start: number; end: number; quoted: boolean } | null {
  let found: { start: number; end: number; quoted: boolean } | null = null;
  scanAttributes(line, from, (n, start, end, quoted) => {
    if (n !== name) return true;
    found = { start, end, quoted };
    return false;
  }, to);
  return found;
}

/**
 * Format an attribute list. Names in `quoted` get quoted-string values (RFC 8216 §4.2: URI, CODECS,
 * GROUP-ID, ...); others (decimal integers, enumerated strings, hex) are written bare.
 */
export function formatAttributes(attrs: Record<string, string | number>, quoted: ReadonlySet<string>): string {
  let out = '';
  for (const name of Object.keys(attrs)) {
    const value = String(attrs[name]);
    if (out) out += ',';
    out += quoted.has(name) ? `${name}="${value}"` : `${name}=${value}`;
  }
  return out;
}
