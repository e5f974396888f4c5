/**
 * One pass over an XML text that answers the two questions fast-xml-parser does not: is it well-formed
 * enough to be a VAST answer (balanced, properly nested elements, quoted attributes, closed comments,
 * CDATA and processing instructions), and does any element name carry a namespace prefix (`<vast:Ad>`,
 * `<vmap:AdBreak>`)? fast-xml-parser silently accepts `<a></b>` and truncated documents (VAST error 100
 * "XML parsing error" must be reported for those, VAST 4.2 §2.3.6.3), and its own validator costs about half
 * of a parse; this scanner jumps from `<` to `<` with indexOf and costs a small fraction of it.
 *
 * Tolerated on purpose (ad servers send them and browsers' players play them): a bare `&` in text (read
 * as itself), undeclared namespace prefixes, duplicate attributes, several top-level elements (the caller
 * picks the root it wants and reports the rest).
 */
export type WellFormedResult =
  | { ok: true; prefixed: boolean; roots: number }
  | { ok: false; message: string; offset: number };

const fail = (message: string, offset: number): WellFormedResult => ({ ok: false, message, offset });

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** XML NameStartChar, simplified: ASCII letters, `_`, `:` and anything beyond ASCII. */
function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c >= 0x80;
}

/** End of a name: whitespace, `/`, `>`, `=` or the end of the text. */
function nameEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 62 || c === 47 || c === 61 || isSpace(c)) break;
    i++;
  }
  return i;
}

function onlySpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** Index after a start tag's `>` (or `/>`), or a failure. `selfClosing` tells which. */
function readAttributes(text: string, from: number): { end: number; selfClosing: boolean } | { error: string; offset: number } {
  let i = from;
  const n = text.length;
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) return { error: 'unterminated start tag', offset: from };
    const c = text.charCodeAt(i);
    if (c === 62) return { end: i + 1, selfClosing: false };
    if (c === 47) {
      if (text.charCodeAt(i + 1) === 62) return { end: i + 2, selfClosing: true };
      return { error: "'/' not followed by '>' in a start tag", offset: i };
    }
    if (!isNameStart(c)) return { error: `unexpected character '${text[i]}' in a start tag`, offset: i };
    i = nameEnd(text, i);
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 61) return { error: 'attribute without a value', offset: i };
    i++;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    const q = text.charCodeAt(i);
    if (q !== 34 && q !== 39) return { error: 'attribute value without quotes', offset: i };
    const close = text.indexOf(q === 34 ? '"' : "'", i + 1);
    if (close === -1) return { error: 'unterminated attribute value', offset: i };
    const lt = text.indexOf('<', i + 1);
    if (lt !== -1 && lt < close) return { error: "'<' in an attribute value", offset: lt };
    i = close + 1;
  }
}

/** Skips `<!DOCTYPE ...>` including an internal subset in brackets. */
function doctypeEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91) depth++;
    else if (c === 93) depth--;
    else if (c === 62 && depth <= 0) return i + 1;
    else if (c === 34 || c === 39) {
      const close = text.indexOf(text[i], i + 1);
      if (close === -1) return -1;
      i = close;
    }
  }
  return -1;
}

export function checkWellFormed(text: string): WellFormedResult {
  const n = text.length;
  const stack: string[] = [];
  let roots = 0;
  let prefixed = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    // Text between markup only matters outside the root element.
    if (stack.length === 0 && !onlySpace(text, i, lt === -1 ? n : lt)) {
      return fail(roots ? 'text after the root element' : 'text before the root element', i);
    }
    if (lt === -1) break;
    const c = text.charCodeAt(lt + 1);
    if (c === 33 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end === -1) return fail('unterminated comment', lt);
        i = end + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        if (stack.length === 0) return fail('CDATA outside the root element', lt);
        const end = text.indexOf(']]>', lt + 9);
        if (end === -1) return fail('unterminated CDATA section', lt);
        i = end + 3;
      } else if (text.startsWith('<!DOCTYPE', lt) && roots === 0 && stack.length === 0) {
        const end = doctypeEnd(text, lt + 9);
        if (end === -1) return fail('unterminated DOCTYPE', lt);
        i = end;
      } else {
        return fail("unexpected '<!'", lt);
      }
    } else if (c === 63 /* ? */) {
      const end = text.indexOf('?>', lt + 2);
      if (end === -1) return fail('unterminated processing instruction', lt);
      i = end + 2;
    } else if (c === 47 /* / */) {
      const end = nameEnd(text, lt + 2);
      const name = text.slice(lt + 2, end);
      let j = end;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) !== 62) return fail(`end tag </${name}> not closed by '>'`, lt);
      const open = stack.pop();
      if (open === undefined) return fail(`end tag </${name}> without a start tag`, lt);
      if (open !== name) return fail(`end tag </${name}> where </${open}> was expected`, lt);
      i = j + 1;
    } else {
      if (!isNameStart(c)) return fail("'<' not followed by a name", lt);
      const end = nameEnd(text, lt + 1);
      const name = text.slice(lt + 1, end);
      if (!prefixed && name.indexOf(':') > 0) prefixed = true;
      const attrs = readAttributes(text, end);
      if ('error' in attrs) return fail(`<${name}>: ${attrs.error}`, attrs.offset);
      if (stack.length === 0) roots++;
      if (!attrs.selfClosing) stack.push(name);
      i = attrs.end;
    }
  }
  if (stack.length) return fail(`<${stack[stack.length - 1]}> is not closed`, n);
  if (roots === 0) return fail('no element', 0);
  return { ok: true, prefixed, roots };
}

/** 1-based line of an offset, for messages (computed only on failure). */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
