/**
 * VAST 4.1 `AdVerifications` (or the VAST 3 extension, read by readVerifications.ts) → tracking JSON
 * `adVerifications` (protocols.md §4.4): every value a string, `browserOptional` as "true"/"false"/"".
 */
import type { VastVerification } from '../vast/vastModel';
import type { MediaTailorAdVerification } from './mediaTailorTypes';

export function adVerificationsJson(verifications: readonly VastVerification[]): MediaTailorAdVerification[] {
  return verifications.map((v) => ({
    executableResource: v.executableResources.map((x) => ({ apiFramework: x.apiFramework, language: x.language, type: x.type, uri: x.uri })),
    javaScriptResource: v.javaScriptResources.map((j) => ({
      apiFramework: j.apiFramework, browserOptional: j.browserOptional === null ? '' : String(j.browserOptional), uri: j.uri,
    })),
    trackingEvents: v.tracking.map((t) => ({ event: t.event, uri: t.url })),
    vendor: v.vendor,
    verificationParameters: v.verificationParameters,
  }));
}
