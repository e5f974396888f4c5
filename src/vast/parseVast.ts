/**
 * VAST reader (VAST 2.0-4.3): text in, normalized ads out, problems recorded rather than thrown
 * (style.md: parsers tolerate and report). Throws only when the document is unusable:
 * - not well-formed XML, or no `<VAST>` root → VAST error 100 (VAST 4.2 §2.3.6.3 "XML parsing error");
 * - a VAST 1.0 `<VideoAdServingTemplate>` root → 102 ("VAST version of response not supported");
 * - a `<VAST>` root whose every `<Ad>` has neither `<InLine>` nor `<Wrapper>` → 101 ("schema validation error").
 * Namespace prefixes (`<vast:Ad>`) are ignored; URLs are trimmed of the whitespace around their CDATA.
 * `readVastElement` reads a `<VAST>` element already in a tree (VMAP 1.0 `AdSource/VASTAdData`).
 */
import { ErrorCode, StitchboxError, type Problem } from '../errors';
import { readCreative } from './readCreative';
import { readExtensions } from './readExtensions';
import { readVerifications } from './readVerifications';
import type { VastAd, VastCreative, VastDocument, VastViewableImpression, VastWrapperOptions } from './vastModel';
import { VastReader } from './vastReader';
import { child, children, childTags, parseXml, textOf, type XmlElement, type XmlNode } from './xmlTree';

export type {
  VastAd, VastCompanion, VastCompanionAds, VastCreative, VastDocument, VastExtension, VastIcon, VastLinear, VastMediaFile,
  VastNonLinear, VastNonLinearAds, VastTracking, VastVerification,
} from './vastModel';

function readViewable(r: VastReader, body: XmlNode, where: string): VastViewableImpression | null {
  const v = child(body, 'ViewableImpression');
  if (v === undefined) return null;
  return {
    id: r.str(v, 'id', where),
    viewable: r.urls(v, 'Viewable', where),
    notViewable: r.urls(v, 'NotViewable', where),
    viewUndetermined: r.urls(v, 'ViewUndetermined', where),
  };
}

function readWrapperOptions(r: VastReader, wrapper: XmlNode, where: string): VastWrapperOptions {
  return {
    followAdditionalWrappers: r.boolAttr(wrapper, 'followAdditionalWrappers', where),
    allowMultipleAds: r.boolAttr(wrapper, 'allowMultipleAds', where),
    fallbackOnNoAd: r.boolAttr(wrapper, 'fallbackOnNoAd', where),
  };
}

function readWrapperUri(r: VastReader, body: XmlNode, where: string): string | null {
  const uri = textOf(child(body, 'VASTAdTagURI'));
  if (uri) return uri;
  // VAST 1 / early 2.0 ad servers: <VASTAdTagURL><URL>…</URL></VASTAdTagURL>.
  const legacy = child(body, 'VASTAdTagURL');
  const legacyUri = textOf(child(legacy, 'URL')) || textOf(legacy);
  if (legacyUri) {
    r.problem('VAST_WRAPPER_LEGACY_URI', `${where}: wrapper URI read from VASTAdTagURL`);
    return legacyUri;
  }
  r.problem('VAST_WRAPPER_NO_URI', `${where}: wrapper without VASTAdTagURI`);
  return null;
}

function readAd(r: VastReader, node: XmlNode, index: number): VastAd | null {
  const id = r.attr(node, 'id', `Ad #${index}`) ?? '';
  const where = `Ad ${id ? `"${id}"` : `#${index}`}`;
  let inline = child(node, 'InLine');
  if (inline === undefined && child(node, 'Inline') !== undefined) {
    r.problem('VAST_TAG_CASE', `${where}: <Inline> read as <InLine>`);
    inline = child(node, 'Inline');
  }
  const wrapper = child(node, 'Wrapper');
  if (inline === undefined && wrapper === undefined) {
    r.problem('VAST_AD_EMPTY', `${where}: neither InLine nor Wrapper; ad ignored`);
    return null;
  }
  if (inline !== undefined && wrapper !== undefined) r.problem('VAST_AD_AMBIGUOUS', `${where}: both InLine and Wrapper; InLine used`);
  const body = (inline ?? wrapper)!;

  let sequence: number | null = null;
  const seqText = r.attr(node, 'sequence', where);
  if (seqText !== null && seqText.trim() !== '') {
    const n = Number(seqText.trim());
    if (Number.isInteger(n)) sequence = n;
    else r.problem('VAST_SEQUENCE_INVALID', `${where}: sequence="${seqText}" is not an integer; treated as standalone`);
  }

  const adSystem = child(body, 'AdSystem');
  const creativesBlocks = children(body, 'Creatives');
  const creatives: VastCreative[] = [];
  for (const block of creativesBlocks) {
    for (const c of children(block, 'Creative')) creatives.push(readCreative(r, c, where));
  }
  const pricing = child(body, 'Pricing');
  const expires = textOf(child(body, 'Expires'));
  const extensions = readExtensions(r, body, 'Extensions', 'Extension', where);

  return {
    id,
    sequence,
    kind: inline !== undefined ? 'inline' : 'wrapper',
    adSystem: textOf(adSystem),
    adSystemVersion: r.attr(adSystem, 'version', where) ?? '',
    adTitle: textOf(child(body, 'AdTitle')),
    impressions: r.urls(body, 'Impression', where),
    errors: r.urls(body, 'Error', where),
    creatives,
    wrapperUri: inline === undefined ? readWrapperUri(r, body, where) : null,
    creativesBlocks: creativesBlocks.length,
    adType: r.str(node, 'adType', where),
    conditionalAd: r.boolAttr(node, 'conditionalAd', where),
    adServingId: textOf(child(body, 'AdServingId')),
    pricing: pricing === undefined ? null : { value: textOf(pricing), model: r.str(pricing, 'model', where), currency: r.str(pricing, 'currency', where) },
    advertiser: textOf(child(body, 'Advertiser')),
    categories: children(body, 'Category').map((c) => ({ authority: r.str(c, 'authority', where), value: textOf(c) })),
    description: textOf(child(body, 'Description')),
    survey: r.firstUrl(body, 'Survey', where),
    expires: /^\d+$/.test(expires) ? Number(expires) : null,
    extensions,
    verifications: readVerifications(r, body, extensions, where),
    viewableImpression: readViewable(r, body, where),
    blockedAdCategories: children(body, 'BlockedAdCategories').map((b) => textOf(b)).filter((t) => t !== ''),
    wrapper: inline === undefined ? readWrapperOptions(r, body, where) : null,
  };
}

/** A `<VAST>` element of a tree (a document root, or the content of a VMAP VASTAdData). */
export function readVastElement(r: VastReader, root: XmlNode): VastDocument {
  const version = (r.attr(root, 'version', 'VAST') ?? '').trim();
  if (!version) r.problem('VAST_VERSION_MISSING', 'VAST root without a version attribute');
  const adNodes = children(root, 'Ad');
  const ads: VastAd[] = [];
  for (let i = 0; i < adNodes.length; i++) {
    const ad = readAd(r, adNodes[i], i);
    if (ad) ads.push(ad);
  }
  if (adNodes.length > 0 && ads.length === 0) {
    throw new StitchboxError(ErrorCode.VAST_INVALID, 'no <Ad> has an <InLine> or <Wrapper>', { vastErrorCode: 101, details: { problems: r.problems } });
  }
  return { version, ads, errors: r.urls(root, 'Error', 'VAST') };
}

function rootOf(top: XmlElement): XmlNode {
  const roots = children(top, 'VAST');
  if (roots.length) return roots[0];
  if (children(top, 'VideoAdServingTemplate').length) {
    throw new StitchboxError(ErrorCode.VAST_INVALID, 'VAST 1.0 (VideoAdServingTemplate) is not supported', { vastErrorCode: 102 });
  }
  const found = childTags(top);
  throw new StitchboxError(ErrorCode.VAST_INVALID, found.length ? `no <VAST> root (found <${found[0]}>)` : 'no <VAST> root element', { vastErrorCode: 100 });
}

/** Parse a document, or throw VAST error 100 (not well-formed). Shared with the VMAP reader. */
export function parseXmlOrThrow(xml: string, what: string): XmlElement {
  const parsed = parseXml(xml);
  if (!parsed.ok) {
    throw new StitchboxError(ErrorCode.VAST_INVALID, `${what} is not well-formed XML: ${parsed.message}`, {
      vastErrorCode: 100,
      details: parsed.line !== undefined ? { line: parsed.line } : undefined,
    });
  }
  return parsed.root;
}

export function parseVast(xml: string): { vast: VastDocument; problems: Problem[] } {
  const top = parseXmlOrThrow(xml, 'VAST');
  const root = rootOf(top);
  const r = new VastReader();
  if (childTags(top).length > 1 || children(top, 'VAST').length > 1) {
    r.problem('VAST_EXTRA_ROOT', 'more than one top-level element; the first <VAST> is read');
  }
  return { vast: readVastElement(r, root), problems: r.problems };
}
