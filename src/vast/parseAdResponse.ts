/**
 * An ad decision server's answer, read once: a VAST document or a VMAP document, as its root element says
 * (the ADS chooses; the caller cannot know in advance, protocols.md §7 "No markers: a VAST response becomes
 * one pre-roll; a VMAP response places breaks"). Throws what parseVast / parseVmap throw.
 */
import type { Problem } from '../errors';
import { parseVast, parseXmlOrThrow, readVastElement } from './parseVast';
import { readVmapElement } from './parseVmap';
import type { VastDocument } from './vastModel';
import { VastReader } from './vastReader';
import type { VmapDocument } from './vmapModel';
import { child } from './xmlTree';

export type AdResponse =
  | { kind: 'vast'; vast: VastDocument; problems: Problem[] }
  | { kind: 'vmap'; vmap: VmapDocument; problems: Problem[] };

export function parseAdResponse(xml: string): AdResponse {
  const top = parseXmlOrThrow(xml, 'the ad response');
  const vmap = child(top, 'VMAP');
  if (vmap !== undefined && child(top, 'VAST') === undefined) {
    const r = new VastReader();
    return { kind: 'vmap', vmap: readVmapElement(r, vmap), problems: r.problems };
  }
  const vast = child(top, 'VAST');
  if (vast !== undefined) {
    const r = new VastReader();
    return { kind: 'vast', vast: readVastElement(r, vast), problems: r.problems };
  }
  // Neither: parseVast throws with the reason (VAST 1.0, another root) and its error code.
  const parsed = parseVast(xml);
  return { kind: 'vast', vast: parsed.vast, problems: parsed.problems };
}
