/**
 * VAST reader (VAST 2.0-4.3): text in, normalized ads out, problems recorded rather than thrown
 * (style.md: parsers tolerate and report). Throws only when the document is unusable:
 * - not well-formed XML, or no `<VAST>` root → VAST error 100 (VAST 4.2 §2.3.6.3 "XML parsing error");
 * - a VAST 1.0 `<VideoAdServingTemplate>` root → 102 ("VAST version of response not supported");
 * - a `<VAST>` root whose every `<Ad>` has neither `<InLine>` nor `<Wrapper>` → 101 ("schema validation error").
 * Namespace prefixes (`<vast:Ad>`) are ignored; URLs are trimmed of the whitespace around their CDATA.
 */
import { ErrorCode, StitchboxError, type Problem } from '../errors';
import type { VastAd, VastCreative, VastDocument, VastLinear, VastMediaFile, VastTracking } from './vastModel';
import { parseVastTime } from './parseVastTime';
import { child, children, childTags, findAttr, parseXml, textOf, type XmlElement, type XmlNode } from './xmlTree';

export type { VastAd, VastCreative, VastDocument, VastLinear, VastMediaFile, VastTracking } from './vastModel';

class Reader {
  readonly problems: Problem[] = [];

  problem(code: string, message: string): void {
    this.problems.push({ code, message });
  }

  /** Attribute by its spec name; a case-insensitive match is accepted and reported. */
  attr(node: XmlNode | undefined, name: string, where: string): string | null {
    const found = findAttr(node, name);
    if (!found) return null;
    if (!found.exact) this.problem('VAST_ATTRIBUTE_CASE', `${where}: attribute "${name}" written with another letter case`);
    return found.value;
  }

  /** Non-negative integer attribute; unreadable values are reported and read as null. */
  intAttr(node: XmlNode, name: string, where: string): number | null {
    const v = this.attr(node, name, where);
    if (v === null || v.trim() === '') return null;
    const n = Number(v.trim());
    if (!Number.isFinite(n) || n < 0) {
      this.problem('VAST_NUMBER_INVALID', `${where}: ${name}="${v}" is not a number`);
      return null;
    }
    return Math.round(n);
  }

  /** xs:boolean: "true"/"1", "false"/"0". */
  boolAttr(node: XmlNode, name: string, where: string): boolean | null {
    const v = this.attr(node, name, where);
    if (v === null) return null;
    const t = v.trim().toLowerCase();
    if (t === 'true' || t === '1') return true;
    if (t === 'false' || t === '0') return false;
    this.problem('VAST_BOOLEAN_INVALID', `${where}: ${name}="${v}" is not a boolean`);
    return null;
  }

  /** Non-empty trimmed texts of the `tag` children; empty ones are reported and dropped. */
  urls(node: XmlNode | undefined, tag: string, where: string): string[] {
    const out: string[] = [];
    for (const n of children(node, tag)) {
      const u = textOf(n);
      if (u) out.push(u);
      else this.problem('VAST_URL_EMPTY', `${where}: empty <${tag}> ignored`);
    }
    return out;
  }
}

function parseMediaFile(r: Reader, node: XmlNode, where: string): VastMediaFile | null {
  // VAST 1 put the URL in a <URL> child; VAST 2+ has it as the element text.
  const uri = textOf(node) || textOf(child(node, 'URL'));
  if (!uri) {
    r.problem('VAST_URL_EMPTY', `${where}: MediaFile without a URI ignored`);
    return null;
  }
  return {
    uri,
    delivery: (r.attr(node, 'delivery', where) ?? '').trim(),
    type: (r.attr(node, 'type', where) ?? '').trim(),
    width: r.intAttr(node, 'width', where),
    height: r.intAttr(node, 'height', where),
    bitrate: r.intAttr(node, 'bitrate', where),
    minBitrate: r.intAttr(node, 'minBitrate', where),
    maxBitrate: r.intAttr(node, 'maxBitrate', where),
    codec: r.attr(node, 'codec', where),
    id: r.attr(node, 'id', where),
    apiFramework: r.attr(node, 'apiFramework', where),
    scalable: r.boolAttr(node, 'scalable', where),
    maintainAspectRatio: r.boolAttr(node, 'maintainAspectRatio', where),
  };
}

function parseTracking(r: Reader, blocks: XmlNode[], where: string): VastTracking[] {
  const out: VastTracking[] = [];
  for (const block of blocks) {
    for (const t of children(block, 'Tracking')) {
      const event = (r.attr(t, 'event', where) ?? '').trim();
      const url = textOf(t);
      if (!event) {
        r.problem('VAST_TRACKING_NO_EVENT', `${where}: Tracking without an event attribute ignored`);
        continue;
      }
      if (!url) {
        r.problem('VAST_URL_EMPTY', `${where}: empty Tracking for "${event}" ignored`);
        continue;
      }
      out.push({ event, url, offset: r.attr(t, 'offset', where) });
    }
  }
  return out;
}

function parseLinear(r: Reader, node: XmlNode, where: string): VastLinear {
  const durationNode = child(node, 'Duration');
  const durationText = durationNode === undefined ? null : textOf(durationNode);
  const time = parseVastTime(durationText);
  if (durationText !== null && time === null) r.problem('VAST_DURATION_INVALID', `${where}: Duration "${durationText}" is not HH:MM:SS(.mmm)`);
  else if (time && !time.standard) r.problem('VAST_DURATION_NONSTANDARD', `${where}: Duration "${durationText}" read as ${time.seconds} s`);

  const mediaFilesBlocks = children(node, 'MediaFiles');
  const mediaFiles: VastMediaFile[] = [];
  for (const block of mediaFilesBlocks) {
    for (const mf of children(block, 'MediaFile')) {
      const m = parseMediaFile(r, mf, where);
      if (m) mediaFiles.push(m);
    }
  }
  const trackingBlocks = children(node, 'TrackingEvents');
  const clicks = child(node, 'VideoClicks');
  const clickThroughs = r.urls(clicks, 'ClickThrough', where);
  return {
    duration: time ? time.seconds : null,
    durationText,
    skipOffset: r.attr(node, 'skipoffset', where),
    mediaFiles,
    tracking: parseTracking(r, trackingBlocks, where),
    clickThrough: clickThroughs[0] ?? null,
    clickTracking: r.urls(clicks, 'ClickTracking', where),
    customClick: r.urls(clicks, 'CustomClick', where),
    adParameters: textOf(child(node, 'AdParameters')),
    mediaFilesBlocks: mediaFilesBlocks.length,
    trackingEventsBlocks: trackingBlocks.length,
  };
}

function parseCreative(r: Reader, node: XmlNode, where: string): VastCreative {
  // VAST 4 spells it adId, VAST 3 AdID; anything else is accepted and reported.
  const v4 = findAttr(node, 'adId');
  const v3 = findAttr(node, 'AdID');
  const adId = v4?.exact ? v4.value : v3?.exact ? v3.value : r.attr(node, 'adId', where);
  const universalAdIds = children(node, 'UniversalAdId').map((u) => ({
    idRegistry: r.attr(u, 'idRegistry', where) ?? '',
    // VAST 4.0 carried the value in idValue; 4.1+ in the element text.
    value: textOf(u) || (r.attr(u, 'idValue', where) ?? ''),
  }));
  const linears = children(node, 'Linear');
  return {
    id: r.attr(node, 'id', where) ?? '',
    adId: adId ?? '',
    sequence: r.attr(node, 'sequence', where) ?? '',
    universalAdIds,
    linear: linears.length ? parseLinear(r, linears[0], where) : null,
    linearCount: linears.length,
  };
}

function parseAd(r: Reader, node: XmlNode, index: number): VastAd | null {
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
    for (const c of children(block, 'Creative')) creatives.push(parseCreative(r, c, where));
  }

  let wrapperUri: string | null = null;
  if (inline === undefined) {
    wrapperUri = textOf(child(body, 'VASTAdTagURI')) || null;
    if (wrapperUri === null) {
      // VAST 1 / early 2.0 ad servers: <VASTAdTagURL><URL>…</URL></VASTAdTagURL>.
      const legacy = child(body, 'VASTAdTagURL');
      wrapperUri = textOf(child(legacy, 'URL')) || textOf(legacy) || null;
      if (wrapperUri !== null) r.problem('VAST_WRAPPER_LEGACY_URI', `${where}: wrapper URI read from VASTAdTagURL`);
      else r.problem('VAST_WRAPPER_NO_URI', `${where}: wrapper without VASTAdTagURI`);
    }
  }

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
    wrapperUri,
    creativesBlocks: creativesBlocks.length,
  };
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

export function parseVast(xml: string): { vast: VastDocument; problems: Problem[] } {
  const parsed = parseXml(xml);
  if (!parsed.ok) {
    throw new StitchboxError(ErrorCode.VAST_INVALID, `VAST is not well-formed XML: ${parsed.message}`, {
      vastErrorCode: 100,
      details: parsed.line !== undefined ? { line: parsed.line } : undefined,
    });
  }
  const root = rootOf(parsed.root);
  const r = new Reader();
  if (childTags(parsed.root).length > 1 || children(parsed.root, 'VAST').length > 1) {
    r.problem('VAST_EXTRA_ROOT', 'more than one top-level element; the first <VAST> is read');
  }
  const version = (r.attr(root, 'version', 'VAST') ?? '').trim();
  if (!version) r.problem('VAST_VERSION_MISSING', 'VAST root without a version attribute');

  const adNodes = children(root, 'Ad');
  const ads: VastAd[] = [];
  adNodes.forEach((n, i) => {
    const ad = parseAd(r, n, i);
    if (ad) ads.push(ad);
  });
  if (adNodes.length > 0 && ads.length === 0) {
    throw new StitchboxError(ErrorCode.VAST_INVALID, 'no <Ad> has an <InLine> or <Wrapper>', { vastErrorCode: 101, details: { problems: r.problems } });
  }
  return { vast: { version, ads, errors: r.urls(root, 'Error', 'VAST') }, problems: r.problems };
}
