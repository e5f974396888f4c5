/**
 * Character references in XML text and attribute values, decoded once (XML 1.0 §4.1, §4.6): the five
 * predefined entities, decimal and hexadecimal references, and `&nbsp;`, which ad servers copy from HTML.
 * Anything else (a bare `&`, an unknown name) is kept as written: a URL with a raw `&` still works.
 * The tree keeps text raw so that CDATA is never decoded; this runs only on strings that contain `&`.
 */
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Longest reference we look for: `&#x10FFFF;` is 10 characters. */
const MAX_REF = 10;

function reference(body: string): string | null {
  if (body.charCodeAt(0) === 35 /* # */) {
    const hex = body.charCodeAt(1) === 120 || body.charCodeAt(1) === 88;
    const digits = body.slice(hex ? 2 : 1);
    if (!digits || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return null;
    const cp = parseInt(digits, hex ? 16 : 10);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : null;
  }
  return Object.prototype.hasOwnProperty.call(NAMED, body) ? NAMED[body] : null;
}

export function decodeXmlEntities(s: string): string {
  let amp = s.indexOf('&');
  if (amp === -1) return s;
  let out = '';
  let from = 0;
  while (amp !== -1) {
    const semi = s.indexOf(';', amp + 1);
    if (semi === -1) break;
    const value = semi - amp <= MAX_REF ? reference(s.slice(amp + 1, semi)) : null;
    if (value !== null) {
      out += s.slice(from, amp) + value;
      from = semi + 1;
      amp = s.indexOf('&', from);
    } else {
      amp = s.indexOf('&', amp + 1);
    }
  }
  return out + s.slice(from);
}
