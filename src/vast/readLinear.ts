/**
 * A `Linear` creative (VAST 4.2 `Linear`): duration, skip offset, the `MediaFiles` block with its media files,
 * mezzanine, interactive files and closed captions (VAST 4.1 `MediaFiles`), tracking, clicks and icons.
 * VAST 2 and 3 put only MediaFile elements in MediaFiles; VAST 4 adds the others next to them.
 */
import { parseVastTime } from './parseVastTime';
import { readIcons } from './readIcons';
import type { VastClosedCaptionFile, VastInteractiveCreativeFile, VastLinear, VastMediaFile, VastMezzanine } from './vastModel';
import type { VastReader } from './vastReader';
import { child, children, textOf, type XmlNode } from './xmlTree';

function readMediaFile(r: VastReader, node: XmlNode, where: string): VastMediaFile | null {
  // VAST 1 put the URL in a <URL> child; VAST 2+ has it as the element text.
  const uri = textOf(node) || textOf(child(node, 'URL'));
  if (!uri) {
    r.problem('VAST_URL_EMPTY', `${where}: MediaFile without a URI ignored`);
    return null;
  }
  return {
    uri,
    delivery: r.str(node, 'delivery', where),
    type: r.str(node, 'type', where),
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
    fileSize: r.intAttr(node, 'fileSize', where),
    mediaType: r.attr(node, 'mediaType', where),
  };
}

function readMezzanine(r: VastReader, node: XmlNode, where: string): VastMezzanine | null {
  const uri = textOf(node);
  if (!uri) return null;
  return {
    uri,
    delivery: r.str(node, 'delivery', where),
    type: r.str(node, 'type', where),
    width: r.intAttr(node, 'width', where),
    height: r.intAttr(node, 'height', where),
    codec: r.attr(node, 'codec', where),
    id: r.attr(node, 'id', where),
    fileSize: r.intAttr(node, 'fileSize', where),
    mediaType: r.attr(node, 'mediaType', where),
  };
}

export function readLinear(r: VastReader, node: XmlNode, where: string): VastLinear {
  const durationNode = child(node, 'Duration');
  const durationText = durationNode === undefined ? null : textOf(durationNode);
  const time = parseVastTime(durationText);
  if (durationText !== null && time === null) r.problem('VAST_DURATION_INVALID', `${where}: Duration "${durationText}" is not HH:MM:SS(.mmm)`);
  else if (time && !time.standard) r.problem('VAST_DURATION_NONSTANDARD', `${where}: Duration "${durationText}" read as ${time.seconds} s`);

  const mediaFilesBlocks = children(node, 'MediaFiles');
  const mediaFiles: VastMediaFile[] = [];
  const mezzanines: VastMezzanine[] = [];
  const interactiveCreativeFiles: VastInteractiveCreativeFile[] = [];
  const closedCaptionFiles: VastClosedCaptionFile[] = [];
  for (const block of mediaFilesBlocks) {
    for (const mf of children(block, 'MediaFile')) {
      const m = readMediaFile(r, mf, where);
      if (m) mediaFiles.push(m);
    }
    for (const mz of children(block, 'Mezzanine')) {
      const m = readMezzanine(r, mz, where);
      if (m) mezzanines.push(m);
    }
    for (const ic of children(block, 'InteractiveCreativeFile')) {
      const uri = textOf(ic);
      if (uri) {
        interactiveCreativeFiles.push({
          uri, type: r.str(ic, 'type', where), apiFramework: r.attr(ic, 'apiFramework', where), variableDuration: r.boolAttr(ic, 'variableDuration', where),
        });
      }
    }
    for (const cc of children(child(block, 'ClosedCaptionFiles'), 'ClosedCaptionFile')) {
      const uri = textOf(cc);
      if (uri) closedCaptionFiles.push({ uri, type: r.str(cc, 'type', where), language: r.str(cc, 'language', where) });
    }
  }
  const trackingBlocks = children(node, 'TrackingEvents');
  const clicks = child(node, 'VideoClicks');
  return {
    duration: time ? time.seconds : null,
    durationText,
    skipOffset: r.attr(node, 'skipoffset', where),
    mediaFiles,
    tracking: r.tracking(trackingBlocks, where),
    clickThrough: r.firstUrl(clicks, 'ClickThrough', where),
    clickTracking: r.urls(clicks, 'ClickTracking', where),
    customClick: r.urls(clicks, 'CustomClick', where),
    adParameters: textOf(child(node, 'AdParameters')),
    mediaFilesBlocks: mediaFilesBlocks.length,
    trackingEventsBlocks: trackingBlocks.length,
    mezzanines,
    interactiveCreativeFiles,
    closedCaptionFiles,
    icons: readIcons(r, node, where),
  };
}
