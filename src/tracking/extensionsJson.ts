/**
 * Tracking JSON `extensions` (protocols.md §4.3, §4.4): the VAST Extensions as `{content, type}`, then each
 * VAST 4 `InteractiveCreativeFile` (SIMID) as MediaTailor lists it, `{type: "InteractiveCreativeFile",
 * content: "<InteractiveCreativeFile …>url</InteractiveCreativeFile>"}`; VAST 3 carries SIMID as an
 * Extension already, which passes through unchanged.
 */
import type { VastExtension, VastInteractiveCreativeFile } from '../vast/vastModel';
import { xmlEscape } from './vastJsonValues';

export function interactiveCreativeFileXml(f: VastInteractiveCreativeFile): string {
  let attrs = ` type="${xmlEscape(f.type)}"`;
  if (f.apiFramework !== null) attrs += ` apiFramework="${xmlEscape(f.apiFramework)}"`;
  if (f.variableDuration !== null) attrs += ` variableDuration="${f.variableDuration}"`;
  return `<InteractiveCreativeFile${attrs}>${xmlEscape(f.uri)}</InteractiveCreativeFile>`;
}

export function extensionsJson(extensions: readonly VastExtension[], interactive: readonly VastInteractiveCreativeFile[] = []): { content: string; type: string }[] {
  const out = extensions.map((e) => ({ content: e.content, type: e.type }));
  for (const f of interactive) out.push({ content: interactiveCreativeFileXml(f), type: 'InteractiveCreativeFile' });
  return out;
}
