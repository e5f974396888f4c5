/**
 * A thin reading layer over fast-xml-parser's object tree, so the VAST and VMAP readers never touch the
 * parser's conventions directly. No DOM: this runs in a service worker (style.md, shaka-player lib/ads/).
 *
 * Tree shape (the options below): every element is an array entry under its tag name; an element with
 * neither attributes nor children is its text (a string, possibly ""); otherwise an object whose text is
 * under `#text`, whose CDATA sections are under `#cdata` and whose attributes are under `:@`. Namespace
 * prefixes are removed, so `<vast:Ad>` reads as `Ad`. Text and attribute values are kept raw by the parser
 * and decoded here, once, only when they contain `&`; CDATA is never decoded. `Extension` and
 * `CreativeExtension` elements are kept as their raw inner XML (VAST 4.2 §3.18: their content is for
 * whoever understands the type; the MediaTailor tracking JSON carries it as a string, protocols.md §4.3).
 *
 * Speed (the ADS answer is parsed on the request path): the parser runs with entity processing off and
 * `jPath: false` (no path string built per node), and the prefix-stripping parser only when the
 * well-formedness pass saw a prefixed element name; that pass replaces fast-xml-parser's validator.
 */
import { XMLParser, type X2jOptions } from 'fast-xml-parser';
import { checkWellFormed, lineOf } from './checkWellFormed';
import { decodeXmlEntities } from './decodeXmlEntities';

export type XmlNode = string | XmlElement;
export interface XmlElement {
  readonly [key: string]: unknown;
}

const TEXT = '#text';
const CDATA = '#cdata';
const ATTRS = ':@';
const RAW_ELEMENTS = ['*.Extension', '*.CreativeExtension'];

// fast-xml-parser refuses these names outright (prototype pollution guard); an Extension may legally
// contain them, so rename instead of failing the whole document.
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
const renameReserved = (name: string): string => (RESERVED.has(name) ? `_${name}` : name);

const parsers: { plain?: XMLParser; prefixed?: XMLParser } = {};
function getParser(prefixed: boolean): XMLParser {
  const key = prefixed ? 'prefixed' : 'plain';
  const options: Partial<X2jOptions> & { jPath?: boolean } = {
    ignoreAttributes: false,
    attributeNamePrefix: '',
    attributesGroupName: ATTRS,
    textNodeName: TEXT,
    cdataPropName: CDATA,
    removeNSPrefix: prefixed,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    stopNodes: RAW_ELEMENTS,
    jPath: false,
    isArray: (_name: string, _jPath: unknown, _isLeaf: boolean, isAttribute: boolean) => !isAttribute,
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
    return { ok: true, root: getParser(wf.prefixed).parse(text) as XmlElement, roots: wf.roots };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

/** All child elements named `tag`, in document order. */
export function children(node: XmlNode | undefined, tag: string): XmlNode[] {
  if (node === undefined || typeof node === 'string') return [];
  const v = node[tag];
  return Array.isArray(v) ? (v as XmlNode[]) : [];
}

export function child(node: XmlNode | undefined, tag: string): XmlNode | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  const v = node[tag];
  return Array.isArray(v) ? (v[0] as XmlNode) : undefined;
}

/** Names of the child elements of `node` (attributes and text excluded). */
export function childTags(node: XmlNode | undefined): string[] {
  if (node === undefined || typeof node === 'string') return [];
  return Object.keys(node).filter((k) => k !== TEXT && k !== ATTRS && k !== CDATA);
}

/** Text content (text decoded, then CDATA as written), trimmed: URLs in VAST are often padded around their CDATA. */
export function textOf(node: XmlNode | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return decodeXmlEntities(node).trim();
  const t = node[TEXT];
  const c = node[CDATA] as string[] | undefined;
  let s = typeof t === 'string' ? decodeXmlEntities(t) : '';
  if (c !== undefined) s += c.length === 1 ? c[0] : c.join('');
  return s.trim();
}

/** The raw inner XML of an element kept unparsed (Extension, CreativeExtension), trimmed. */
export function rawOf(node: XmlNode | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.trim();
  const t = node[TEXT];
  return typeof t === 'string' ? t.trim() : '';
}

export function attributes(node: XmlNode | undefined): Readonly<Record<string, string>> | null {
  if (node === undefined || typeof node === 'string') return null;
  const a = node[ATTRS];
  return a !== undefined && a !== null && typeof a === 'object' ? (a as Record<string, string>) : null;
}

/**
 * An attribute by its exact name, else by a case-insensitive match (ad servers write `adid`, `AdID`,
 * `skipOffset`). `exact` tells the caller whether to record a problem. The value is entity-decoded.
 */
export function findAttr(node: XmlNode | undefined, name: string): { value: string; exact: boolean } | null {
  const a = attributes(node);
  if (!a) return null;
  const v = a[name];
  if (typeof v === 'string') return { value: decodeXmlEntities(v), exact: true };
  const lower = name.toLowerCase();
  for (const k in a) {
    if (k.length === name.length && k.toLowerCase() === lower && typeof a[k] === 'string') return { value: decodeXmlEntities(a[k]), exact: false };
  }
  return null;
}
