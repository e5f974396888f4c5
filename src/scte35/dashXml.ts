/**
 * The MPD as fast-xml-parser's object tree, read only as far as ad markers need (no DOM: this runs in a
 * service worker, DESIGN.md). Namespace prefixes are removed (`scte35:SpliceInsert` reads as
 * `SpliceInsert`, whatever prefix the MPD binds), every element is an array entry under its tag name, an
 * element with neither attributes nor children is its text, attributes sit under `:@`. AdaptationSets and
 * SegmentTemplates are not parsed (stop nodes): a live MPD's SegmentTimelines are most of its text.
 */
import { XMLParser } from 'fast-xml-parser';

export type XmlNode = string | { readonly [key: string]: unknown };

const TEXT = '#text';
const ATTRS = ':@';

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
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (_name: string, _jPath: unknown, _isLeaf: boolean, isAttribute: boolean) => !isAttribute,
    stopNodes: ['*.AdaptationSet', '*.SegmentTemplate', '*.SegmentList', '*.SegmentBase'],
  });
  return parser;
}

/** The `<MPD>` element, or null when the text is not XML with an MPD root. */
export function parseMpdRoot(text: string): XmlNode | null {
  let tree: unknown;
  try {
    tree = getParser().parse(text);
  } catch {
    return null;
  }
  return tree !== null && typeof tree === 'object' ? child(tree as XmlNode, 'MPD') ?? null : null;
}

/** Child elements named `tag`, in document order. */
export function children(node: XmlNode | undefined, tag: string): XmlNode[] {
  if (node === undefined || typeof node === 'string') return [];
  const v = node[tag];
  return Array.isArray(v) ? (v as XmlNode[]) : [];
}

export function child(node: XmlNode | undefined, tag: string): XmlNode | undefined {
  return children(node, tag)[0];
}

/** An attribute's value as written, or undefined. */
export function attr(node: XmlNode | undefined, name: string): string | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  const a = node[ATTRS] as Record<string, unknown> | undefined;
  const v = a?.[name];
  return typeof v === 'string' ? v : undefined;
}

/** Text content, trimmed (a Binary element is often wrapped over lines). */
export function textOf(node: XmlNode | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.trim();
  const t = node[TEXT];
  return typeof t === 'string' ? t.trim() : '';
}

/** A non-negative integer attribute (xs:unsignedInt / unsignedLong); null when absent or not one. */
export function uintAttr(node: XmlNode | undefined, name: string): number | null {
  const v = attr(node, name)?.trim();
  if (v === undefined || !/^\d+$/.test(v)) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : null;
}

/** An xs:boolean attribute ("true" / "false" / "1" / "0"); `fallback` when absent or not one. */
export function boolAttr(node: XmlNode | undefined, name: string, fallback: boolean): boolean {
  const v = attr(node, name)?.trim();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return fallback;
}
