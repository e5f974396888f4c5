/**
 * VMAP 1.0 reader: where the ad breaks of a piece of content go (`AdBreak@timeOffset`), what kind they are
 * (`breakType`), where their ads come from (`AdSource`: inline `VASTAdData`, an `AdTagURI` to ask later, or
 * `CustomAdData`), and the break's own tracking (breakStart, breakEnd, error). Tolerant like parseVast:
 * problems are recorded, a bad break is kept with what could be read. Throws only when the document is
 * unusable, with the VMAP 1.0 error code in `vastErrorCode` (the same `[ERRORCODE]` slot):
 * 1002 "VMAP parsing error" (not well-formed), 1000 "VMAP schema error" (no `<VMAP>` root),
 * 1001 "VMAP version of response not supported" (a version other than 1.x).
 */
import { ErrorCode, StitchboxError, type Problem } from '../errors';
import { parseTimeOffset } from './parseTimeOffset';
import { parseVastTime } from './parseVastTime';
import { parseXmlOrThrow, readVastElement } from './parseVast';
import { readExtensions } from './readExtensions';
import { VastReader } from './vastReader';
import type { VmapAdBreak, VmapAdSource, VmapDocument } from './vmapModel';
import { child, children, childTags, rawOf, textOf, type XmlElement, type XmlNode } from './xmlTree';

export type { VmapAdBreak, VmapAdSource, VmapDocument, VmapTimeOffset } from './vmapModel';

const BREAK_EVENTS = new Set(['breakStart', 'breakEnd', 'error']);

function readAdSource(r: VastReader, node: XmlNode, where: string): VmapAdSource {
  const source: VmapAdSource = {
    id: r.str(node, 'id', where),
    allowMultipleAds: r.boolAttr(node, 'allowMultipleAds', where),
    followRedirects: r.boolAttr(node, 'followRedirects', where),
    vast: null, adTagUri: null, templateType: '', customData: null,
  };
  // VMAP 1.0 names it VASTAdData; some ad servers write VASTData.
  let data = child(node, 'VASTAdData');
  if (data === undefined && child(node, 'VASTData') !== undefined) {
    r.problem('VMAP_TAG_NAME', `${where}: <VASTData> read as <VASTAdData>`);
    data = child(node, 'VASTData');
  }
  const tag = child(node, 'AdTagURI');
  const custom = child(node, 'CustomAdData');
  if (data !== undefined) {
    const vast = child(data, 'VAST');
    if (vast === undefined) r.problem('VMAP_VAST_MISSING', `${where}: VASTAdData without a <VAST> element`);
    else {
      try {
        source.vast = readVastElement(r, vast);
      } catch (e) {
        r.problem('VMAP_VAST_INVALID', `${where}: inline VAST unusable: ${(e as Error).message}`);
      }
    }
  } else if (tag !== undefined) {
    source.adTagUri = textOf(tag) || null;
    source.templateType = r.str(tag, 'templateType', where);
    if (!source.adTagUri) r.problem('VAST_URL_EMPTY', `${where}: empty <AdTagURI>`);
  } else if (custom !== undefined) {
    source.templateType = r.str(custom, 'templateType', where);
    source.customData = textOf(custom) || rawOf(custom);
  } else {
    r.problem('VMAP_AD_SOURCE_EMPTY', `${where}: AdSource with neither VASTAdData, AdTagURI nor CustomAdData`);
  }
  return source;
}

function readBreak(r: VastReader, node: XmlNode, index: number): VmapAdBreak {
  const breakId = r.str(node, 'breakId', `AdBreak #${index}`);
  const where = `AdBreak ${breakId ? `"${breakId}"` : `#${index}`}`;
  const timeOffsetText = r.str(node, 'timeOffset', where);
  const timeOffset = parseTimeOffset(timeOffsetText);
  if (timeOffset === null) r.problem('VMAP_TIME_OFFSET_INVALID', `${where}: timeOffset="${timeOffsetText}" is not start, end, HH:MM:SS.mmm, n% or #n`);
  const breakTypes = r.str(node, 'breakType', where).split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (!breakTypes.length) r.problem('VMAP_BREAK_TYPE_MISSING', `${where}: no breakType`);
  const repeat = r.attr(node, 'repeatAfter', where);
  const source = child(node, 'AdSource');
  const tracking: VmapAdBreak['tracking'] = [];
  for (const t of children(child(node, 'TrackingEvents'), 'Tracking')) {
    const event = r.str(t, 'event', where);
    const url = textOf(t);
    if (!url) continue;
    if (!BREAK_EVENTS.has(event)) r.problem('VMAP_TRACKING_EVENT', `${where}: tracking event "${event}" is not breakStart, breakEnd or error`);
    tracking.push({ event, url });
  }
  return {
    breakId,
    breakTypes,
    timeOffsetText,
    timeOffset,
    repeatAfter: repeat === null ? null : (parseVastTime(repeat)?.seconds ?? null),
    adSource: source === undefined ? null : readAdSource(r, source, where),
    tracking,
    extensions: readExtensions(r, node, 'Extensions', 'Extension', where),
  };
}

/** A `<VMAP>` element of a tree. */
export function readVmapElement(r: VastReader, root: XmlNode): VmapDocument {
  const version = r.str(root, 'version', 'VMAP');
  if (!version) r.problem('VMAP_VERSION_MISSING', 'VMAP root without a version attribute');
  else if (!/^1(\.\d+)*$/.test(version)) {
    throw new StitchboxError(ErrorCode.VAST_INVALID, `VMAP version ${version} is not supported`, { vastErrorCode: 1001 });
  }
  return {
    version,
    breaks: children(root, 'AdBreak').map((b, i) => readBreak(r, b, i)),
    extensions: readExtensions(r, root, 'Extensions', 'Extension', 'VMAP'),
  };
}

export function rootVmap(top: XmlElement): XmlNode {
  const root = child(top, 'VMAP');
  if (root !== undefined) return root;
  const found = childTags(top);
  throw new StitchboxError(ErrorCode.VAST_INVALID, found.length ? `no <VMAP> root (found <${found[0]}>)` : 'no <VMAP> root element', { vastErrorCode: 1000 });
}

export function parseVmap(xml: string): { vmap: VmapDocument; problems: Problem[] } {
  let top: XmlElement;
  try {
    top = parseXmlOrThrow(xml, 'VMAP');
  } catch (e) {
    throw new StitchboxError(ErrorCode.VAST_INVALID, (e as Error).message, { vastErrorCode: 1002, details: (e as StitchboxError).details });
  }
  const r = new VastReader();
  return { vmap: readVmapElement(r, rootVmap(top)), problems: r.problems };
}
