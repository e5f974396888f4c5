/**
 * EXT-OATCLS-SCTE35 next to an EXT-X-CUE-* tag (the AWS Elemental form: OATCLS, then EXT-X-CUE-OUT;
 * OATCLS, then EXT-X-CUE-IN) is not a cue of its own but that cue's SCTE-35 payload, the one `[scte.*]`
 * is read from (protocols.md §6.1, [UNCERTAIN] there; UG-OLD:manifest-hls-example). Alone in its
 * segment's block it is a cue itself.
 */
import type { Cue } from '../hls/readCueTag';

/**
 * The cues of one segment's block (the lines between two URIs), in line order, with every EXT-OATCLS-SCTE35
 * that sits beside an EXT-X-CUE-* / EXT-X-CUE tag folded into it: its section goes to the first such cue of
 * the same kind that has none, and it is not counted again. Returns `cues` itself when nothing changes.
 */
export function hlsCueAttach(cues: Cue[]): Cue[] {
  if (cues.length < 2) return cues;
  let hasOatcls = false;
  let hasOwned = false;
  for (const c of cues) {
    if (c.style === 'oatcls') hasOatcls = true;
    else if (c.style === 'cueout' || c.style === 'adobe') hasOwned = true;
  }
  if (!hasOatcls || !hasOwned) return cues;
  const out: Cue[] = [];
  for (const c of cues) {
    if (c.style !== 'oatcls') { out.push(c); continue; }
    const target = cues.find((t) => (t.style === 'cueout' || t.style === 'adobe') && t.kind === c.kind && t.scte35 === undefined);
    if (target !== undefined && c.scte35 !== undefined) {
      target.scte35 = c.scte35;
      delete target.scte35Error;
    }
  }
  return out;
}
