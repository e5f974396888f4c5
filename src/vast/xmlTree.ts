/**
 * A thin reading layer over fast-xml-parser, so the VAST and VMAP readers never touch the parser's
 * conventions directly. No DOM: this runs in a service worker (style.md, shaka-player lib/ads/).
 *
 * The parser's ordered output is turned into XmlNode (name, attributes, child elements, text) in one pass.
 * Namespace prefixes are removed, so `<vast:Ad>` reads as `Ad`. Text is entity-decoded once, only when it
 * contains `&`, and CDATA is never decoded; attribute values are decoded when read. `Extension` and
 * `CreativeExtension` elements are kept as their raw inner XML (their content is for whoever understands
 * the type; the MediaTailor tracking JSON carries it as a string, protocols.md §4.3).
 *
 * Speed (the ADS answer is parsed on the request path, and the target is 2x @dailymotion/vast-client):
 * entity processing off, `jPath: false` (no path string built per node), `preserveOrder` (no compaction
 * pass), the prefix-stripping parser only when the well-formedness pass saw a prefixed element name, and
 * that pass (checkWellFormed) instead of fast-xml-parser's validator, which cost half a parse.
 */
import { XMLParser, type X2jOptions } from 'fast-xml-parser';
import { checkWellFormed, lineOf } from './checkWellFormed';
import { decodeXmlEntities } from './decodeXmlEntities';

/**
 * One element: its name (namespace prefix removed), attributes as written (entities still in them), child
 * elements, and its text: the text pieces entity-decoded and the CDATA sections as written, in document
 * order. For an element kept unparsed (Extension, CreativeExtension) `text` is its raw inner XML.
 */
export interface XmlNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>> | null;
  readonly kids: readonly XmlNode[];
  readonly text: string;
}
/** The document: a nameless node whose kids are the top-level elements. */
export type XmlElement = XmlNode;

const TEXT = '#text';
const CDATA = '#cdata';
const ATTRS = ':@';
const RAW = new Set(['Extension', 'CreativeExtension']);

// fast-xml-parser refuses these names outright (prototype pollution guard); an Extension may legally
// contain them, so rename instead of failing the whole document.
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
const renameReserved = (name: string): string => (RESERVED.has(name) ? `_${name}` : name);

type Entry = Record<string, unknown>;

/** fast-xml-parser's ordered output (`[{ Tag: [...], ':@': {...} }, { '#text': '...' }]`) to XmlNode. */
function element(name: string, content: readonly Entry[], attrs: unknown): XmlNode {
  const kids: XmlNode[] = [];
  let text = '';
  const raw = RAW.has(name);
  for (let i = 0; i < content.length; i++) {
    const e = content[i];
    let key = '';
    for (const k in e) {
      if (k !== ATTRS) { key = k; break; }
    }
    if (key === TEXT) {
      const t = e[TEXT] as string;
      text += raw ? t : decodeXmlEntities(t);
    } else if (key === CDATA) {
      const c = e[CDATA] as Entry[];
      for (let j = 0; j < c.length; j++) text += c[j][TEXT] as string;
    } else if (key !== '') {
      kids.push(element(key, e[key] as Entry[], e[ATTRS]));
    }
  }
  return { name, attrs: attrs === undefined ? null : (attrs as Record<string, string>), kids, text };
}

const parsers: { plain?: XMLParser; prefixed?: XMLParser } = {};
function getParser(prefixed: boolean): XMLParser {
  const key = prefixed ? 'prefixed' : 'plain';
  const options: Partial<X2jOptions> & { jPath?: boolean } = {
    // The ordered form skips fast-xml-parser's compaction pass, and keeps text and CDATA in order.
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    textNodeName: TEXT,
    cdataPropName: CDATA,
    removeNSPrefix: prefixed,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    stopNodes: [...RAW].map((n) => `*.${n}`),
    jPath: false,
    transformTagName: renameReserved,
  };
  return (parsers[key] ??= new XMLParser(options as X2jOptions));
}

export type XmlParseResult = { ok: true; root: XmlElement; roots: number } | { ok: false; message: string; line?: number };

/** Well-formedness check (checkWellFormed), then the tree. */
export function parseXml(text: string): XmlParseResult {
  const wf = checkWellFormed(text);
  if (!wf.ok) return { ok: false, message: wf.message, line: lineOf(text, wf.offset) };
  try {
    return { ok: true, root: element('', getParser(wf.prefixed).parse(text) as Entry[], undefined), roots: wf.roots };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

const NO_NODES: readonly XmlNode[] = [];

/** All child elements named `tag`, in document order. */
export function children(node: XmlNode | undefined, tag: string): readonly XmlNode[] {
  if (node === undefined) return NO_NODES;
  const kids = node.kids;
  let out: XmlNode[] | null = null;
  for (let i = 0; i < kids.length; i++) {
    if (kids[i].name === tag) (out ??= []).push(kids[i]);
  }
  return out ?? NO_NODES;
}

export function child(node: XmlNode | undefined, tag: string): XmlNode | undefined {
  if (node === undefined) return undefined;
  const kids = node.kids;
  for (let i = 0; i < kids.length; i++) if (kids[i].name === tag) return kids[i];
  return undefined;
}

/** Names of the child elements of `node`, each once, in document order. */
export function childTags(node: XmlNode | undefined): string[] {
  if (node === undefined) return [];
  return [...new Set(node.kids.map((k) => k.name))];
}

/** Text content, trimmed: URLs in VAST are often padded with newlines around their CDATA. */
export function textOf(node: XmlNode | undefined): string {
  return node === undefined ? '' : node.text.trim();
}

/** The raw inner XML of an element kept unparsed (Extension, CreativeExtension), trimmed. */
export function rawOf(node: XmlNode | undefined): string {
  return node === undefined ? '' : node.text.trim();
}

export function attributes(node: XmlNode | undefined): Readonly<Record<string, string>> | null {
  return node === undefined ? null : node.attrs;
}

/**
 * An attribute by its exact name, else by a case-insensitive match (ad servers write `adid`, `AdID`,
 * `skipOffset`). `exact` tells the caller whether to record a problem. The value is entity-decoded.
 */
export function findAttr(node: XmlNode | undefined, name: string): { value: string; exact: boolean } | null {
  const a = node === undefined ? null : node.attrs;
  if (!a) return null;
  const v = a[name];
  if (typeof v === 'string') return { value: decodeXmlEntities(v), exact: true };
  const lower = name.toLowerCase();
  for (const k in a) {
    if (k.length === name.length && k.toLowerCase() === lower && typeof a[k] === 'string') return { value: decodeXmlEntities(a[k]), exact: false };
  }
  return null;
}
