/**
 * A thin reading layer over fast-xml-parser's object tree, so the VAST reader never touches the parser's
 * conventions directly. No DOM: this runs in a service worker (style.md, shaka-player lib/ads/).
 *
 * Tree shape (the options below): every element is an array entry under its tag name; an element with
 * neither attributes nor children is its text (a string, possibly ""); otherwise an object whose text
 * is under `#text` and whose attributes are under `:@`. Namespace prefixes are removed, so `<vast:Ad>`
 * reads as `Ad`. CDATA is merged into the text, entities (named and numeric) are decoded once.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlNode = string | XmlElement;
export interface XmlElement {
  readonly [key: string]: unknown;
}

const TEXT = '#text';
const ATTRS = ':@';

// fast-xml-parser refuses these names outright (prototype pollution guard); an Extension may legally
// contain them, so rename instead of failing the whole document.
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
const renameReserved = (name: string): string => (RESERVED.has(name) ? `_${name}` : name);

let parser: XMLParser | null = null;
function getParser(): XMLParser {
  parser ??= new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    attributesGroupName: ATTRS,
    textNodeName: TEXT,
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    // Numeric character references (&#38;) and the odd &nbsp; in ad-server output are decoded too.
    htmlEntities: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (_name: string, _jPath: unknown, _isLeaf: boolean, isAttribute: boolean) => !isAttribute,
    transformTagName: renameReserved,
    transformAttributeName: renameReserved,
  });
  return parser;
}

export type XmlParseResult = { ok: true; root: XmlElement } | { ok: false; message: string; line?: number };

/** Well-formedness check, then the tree. The parser alone accepts mismatched end tags, hence the validator. */
export function parseXml(text: string): XmlParseResult {
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { ok: false, message: `${valid.err.code}: ${valid.err.msg}`, line: valid.err.line };
  try {
    return { ok: true, root: getParser().parse(text) as XmlElement };
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
  return children(node, tag)[0];
}

/** Names of the child elements of `node` (attributes and text excluded). */
export function childTags(node: XmlNode | undefined): string[] {
  if (node === undefined || typeof node === 'string') return [];
  return Object.keys(node).filter((k) => k !== TEXT && k !== ATTRS);
}

/** Text content, trimmed (URLs in VAST are often padded with newlines around the CDATA). */
export function textOf(node: XmlNode | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.trim();
  const t = node[TEXT];
  return typeof t === 'string' ? t.trim() : '';
}

export function attributes(node: XmlNode | undefined): Readonly<Record<string, string>> | null {
  if (node === undefined || typeof node === 'string') return null;
  const a = node[ATTRS];
  return a !== null && typeof a === 'object' ? (a as Record<string, string>) : null;
}

/**
 * An attribute by its exact name, else by a case-insensitive match (ad servers write `adid`, `AdID`,
 * `skipOffset`). `exact` tells the caller whether to record a problem.
 */
export function findAttr(node: XmlNode | undefined, name: string): { value: string; exact: boolean } | null {
  const a = attributes(node);
  if (!a) return null;
  const v = a[name];
  if (typeof v === 'string') return { value: v, exact: true };
  const lower = name.toLowerCase();
  for (const k in a) {
    if (k.toLowerCase() === lower && typeof a[k] === 'string') return { value: a[k], exact: false };
  }
  return null;
}
