/**
 * The MPD as an ordered XML tree that round-trips (issue 7 item 1): fast-xml-parser with `preserveOrder`,
 * so what the stitcher does not know passes through unchanged — namespaces and prefixes, comments,
 * processing instructions, unknown elements and attributes, attribute order, whitespace between
 * elements. Entities are left as written (processEntities off): a value read here is the raw attribute text,
 * and a value set here is escaped by `setAttr`. Pure: no DOM (this runs in a service worker, DESIGN.md).
 *
 * Shape (fast-xml-parser's preserveOrder form): a node is `{ <tagName>: XNode[], ':@'?: {attrs} }`, or
 * `{ '#text': string }`, or `{ '#comment': [{ '#text' }] }`. Element names keep their prefix
 * (`scte35:Signal`); accessors match by local name.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export type XNode = Record<string, unknown>;

const ATTRS = ':@';
const TEXT = '#text';
const COMMENT = '#comment';
const CDATA = '#cdata';

const OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  commentPropName: COMMENT,
  cdataPropName: CDATA,
  ignorePiTags: false,
} as const;

let parser: XMLParser | null = null;
let builder: XMLBuilder | null = null;

/** The whole document (declaration, comments and root), or null when the text is not XML with an MPD root. */
export function parseXmlDocument(text: string): XNode[] | null {
  parser ??= new XMLParser(OPTIONS);
  let tree: unknown;
  try {
    tree = parser.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(tree)) return null;
  return tree as XNode[];
}

export function writeXmlDocument(doc: readonly XNode[]): string {
  builder ??= new XMLBuilder({ ...OPTIONS, format: false, suppressEmptyNode: true, suppressBooleanAttributes: false });
  return builder.build(doc) as string;
}

/** The element name of a node (with its prefix), or null for text, comments and CDATA. */
export function tagOf(node: XNode): string | null {
  for (const k of Object.keys(node)) {
    if (k === ATTRS || k === TEXT || k === COMMENT || k === CDATA) continue;
    return k;
  }
  return null;
}

/** Local name: `scte35:Signal` → `Signal`. */
export function localName(tag: string): string {
  const i = tag.indexOf(':');
  return i < 0 ? tag : tag.slice(i + 1);
}

/** Child nodes (elements, text, comments) in document order; [] for a non-element. */
export function contentOf(node: XNode): XNode[] {
  const tag = tagOf(node);
  if (tag === null) return [];
  const v = node[tag];
  return Array.isArray(v) ? (v as XNode[]) : [];
}

/** Child elements, optionally only those of local name `name`. */
export function elements(node: XNode | undefined, name?: string): XNode[] {
  if (!node) return [];
  return contentOf(node).filter((c) => {
    const t = tagOf(c);
    return t !== null && !t.startsWith('?') && (name === undefined || localName(t) === name);
  });
}

export function element(node: XNode | undefined, name: string): XNode | undefined {
  return elements(node, name)[0];
}

/** An attribute's raw value, or undefined. */
export function getAttr(node: XNode | undefined, name: string): string | undefined {
  const a = node?.[ATTRS] as Record<string, unknown> | undefined;
  const v = a?.[name];
  return typeof v === 'string' ? v : undefined;
}

/** Attribute values as XML text: `&`, `<` and `"` escaped. */
export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/>/g, '&gt;');
}

/** Raw text back to its value (the five predefined entities and numeric references). */
export function unescapeXml(raw: string): string {
  return raw.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (m, e: string) => {
    switch (e) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
      default: {
        const n = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(n) && n <= 0x10ffff ? String.fromCodePoint(n) : m;
      }
    }
  });
}

/** An attribute's value with entities decoded (URLs, ids), or undefined. */
export function attrValue(node: XNode | undefined, name: string): string | undefined {
  const raw = getAttr(node, name);
  return raw === undefined ? undefined : unescapeXml(raw);
}

/** Set (or, with undefined, remove) an attribute; a new one goes last, an existing one keeps its place. */
export function setAttr(node: XNode, name: string, value: string | undefined): void {
  let a = node[ATTRS] as Record<string, string> | undefined;
  if (value === undefined) {
    if (a) delete a[name];
    if (a && !Object.keys(a).length) delete node[ATTRS];
    return;
  }
  if (!a) { a = {}; node[ATTRS] = a; }
  a[name] = escapeXml(value);
}

/** Text content (entities decoded, trimmed). */
export function textContent(node: XNode | undefined): string {
  if (!node) return '';
  let out = '';
  for (const c of contentOf(node)) {
    if (typeof c[TEXT] === 'string') out += c[TEXT] as string;
    else if (Array.isArray(c[CDATA])) for (const t of c[CDATA] as XNode[]) out += String(t[TEXT] ?? '');
  }
  return unescapeXml(out).trim();
}

/** A new element; attribute values are given unescaped. */
export function newElement(tag: string, attrs: Record<string, string> = {}, content: XNode[] = []): XNode {
  const node: XNode = { [tag]: content };
  for (const [k, v] of Object.entries(attrs)) setAttr(node, k, v);
  return node;
}

export function textNode(value: string): XNode {
  return { [TEXT]: escapeXml(value) };
}

/** Replace the children of an element. */
export function setContent(node: XNode, content: XNode[]): void {
  const tag = tagOf(node);
  if (tag !== null) node[tag] = content;
}

/** A deep copy (the tree is plain JSON data). */
export function cloneNode<T>(node: T): T {
  return structuredClone(node);
}

/** The same tag with the prefix its sibling uses: new MPD elements follow the document's own prefix for the MPD namespace. */
export function prefixLike(sibling: XNode | undefined, local: string): string {
  const t = sibling ? tagOf(sibling) : null;
  const i = t ? t.indexOf(':') : -1;
  return i < 0 || !t ? local : `${t.slice(0, i)}:${local}`;
}
