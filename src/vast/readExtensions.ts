/**
 * `Extensions` (VAST 4.2 `Extensions`) and `CreativeExtensions`: custom XML for whoever knows the type.
 * The content is kept as its inner XML, as written; MediaTailor passes it on the same way
 * (`extensions: [{type, content}]`, protocols.md §4.3).
 */
import type { VastExtension } from './vastModel';
import type { VastReader } from './vastReader';
import { children, rawOf, type XmlNode } from './xmlTree';

export function readExtensions(r: VastReader, parent: XmlNode, blockTag: string, tag: string, where: string): VastExtension[] {
  const out: VastExtension[] = [];
  for (const block of children(parent, blockTag)) {
    for (const e of children(block, tag)) out.push({ type: r.str(e, 'type', where), content: rawOf(e) });
  }
  return out;
}
