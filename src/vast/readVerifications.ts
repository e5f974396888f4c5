/**
 * Open Measurement verification scripts (VAST 4.1 `AdVerifications`), and the same block inside
 * `<Extension type="AdVerifications">`, where VAST 3 and VAST 2 ad servers put it (IAB OM SDK guidance;
 * MediaTailor reads both: protocols.md §4.4). Extensions are kept raw, so that block is parsed on its own.
 */
import type { VastExtension, VastVerification } from './vastModel';
import type { VastReader } from './vastReader';
import { child, children, parseXml, textOf, type XmlNode } from './xmlTree';

function readBlock(r: VastReader, block: XmlNode | undefined, where: string): VastVerification[] {
  return children(block, 'Verification').map((v) => ({
    vendor: r.str(v, 'vendor', where),
    javaScriptResources: children(v, 'JavaScriptResource')
      .map((j) => ({ uri: textOf(j), apiFramework: r.str(j, 'apiFramework', where), browserOptional: r.boolAttr(j, 'browserOptional', where) }))
      .filter((j) => j.uri !== ''),
    executableResources: children(v, 'ExecutableResource')
      .map((x) => ({ uri: textOf(x), apiFramework: r.str(x, 'apiFramework', where), type: r.str(x, 'type', where), language: r.str(x, 'language', where) }))
      .filter((x) => x.uri !== ''),
    tracking: r.tracking(children(v, 'TrackingEvents'), where),
    verificationParameters: textOf(child(v, 'VerificationParameters')),
  }));
}

export function readVerifications(r: VastReader, body: XmlNode, extensions: readonly VastExtension[], where: string): VastVerification[] {
  const out: VastVerification[] = [];
  for (const block of children(body, 'AdVerifications')) out.push(...readBlock(r, block, where));
  for (const ext of extensions) {
    if (ext.type !== 'AdVerifications') continue;
    const parsed = parseXml(ext.content);
    if (!parsed.ok) {
      r.problem('VAST_EXTENSION_INVALID', `${where}: the AdVerifications extension is not well-formed XML (${parsed.message})`);
      continue;
    }
    for (const block of children(parsed.root, 'AdVerifications')) out.push(...readBlock(r, block, where));
  }
  return out;
}
