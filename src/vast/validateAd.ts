/**
 * MediaTailor's per-ad VAST validation (protocols.md §12): an inline ad needs an Impression, exactly one
 * Creatives block, exactly one Linear, exactly one MediaFiles block with at least one MediaFile, and at
 * most one TrackingEvents block. A pod is walked ad by ad and a bad ad is skipped, not the whole break.
 *
 * VAST error codes (VAST 4.2 §2.3.6.3): a required element missing or repeated is a schema error (101);
 * an ad with no linear creative cannot play in a linear break (201, "different linearity"); a wrapper
 * that reaches this point was never resolved (300, "general Wrapper error").
 */
import type { AdRejection } from './adRejection';
import type { VastAd } from './vastModel';

function reject(code: string, vastErrorCode: number, message: string, reason: AdRejection['reason'] = 'VAST_PARSING_ERROR'): AdRejection {
  return { reason, code, vastErrorCode, message };
}

export function validateAd(ad: VastAd): AdRejection | null {
  if (ad.kind === 'wrapper') {
    return reject('ERROR_VAST_REDIRECT_UNRESOLVED', 300, `ad "${ad.id}" is a wrapper that was not resolved to an inline ad`, 'INVALID_VAST_WRAPPER_AD');
  }
  if (!ad.impressions.length) return reject('ERROR_VAST_MISSING_IMPRESSION', 101, `ad "${ad.id}" has no Impression URL`);
  if (ad.creativesBlocks === 0 || !ad.creatives.length) return reject('ERROR_VAST_MISSING_CREATIVES', 101, `ad "${ad.id}" has no Creative`);
  if ((ad.creativesBlocks ?? 1) > 1) return reject('ERROR_VAST_MISSING_CREATIVES', 101, `ad "${ad.id}" has ${ad.creativesBlocks} Creatives blocks, exactly one is allowed`);

  let linears = 0;
  for (const c of ad.creatives) linears += c.linearCount;
  if (linears === 0) return reject('ERROR_VAST_MISSING_CREATIVES', 201, `ad "${ad.id}" has no Linear creative`);
  if (linears > 1) return reject('ERROR_VAST_MULTIPLE_LINEAR', 101, `ad "${ad.id}" has ${linears} Linear elements, exactly one is allowed`);

  const linear = ad.creatives.find((c) => c.linear)!.linear!;
  if ((linear.trackingEventsBlocks ?? 1) > 1) {
    return reject('ERROR_VAST_MULTIPLE_TRACKING_EVENTS', 101, `ad "${ad.id}" has ${linear.trackingEventsBlocks} TrackingEvents blocks`);
  }
  if (linear.mediaFilesBlocks === 0 || !linear.mediaFiles.length) {
    return reject('ERROR_VAST_MISSING_MEDIAFILES', 101, `ad "${ad.id}" has no MediaFile`);
  }
  if ((linear.mediaFilesBlocks ?? 1) > 1) {
    return reject('ERROR_VAST_INVALID_MEDIA_FILE', 101, `ad "${ad.id}" has ${linear.mediaFilesBlocks} MediaFiles blocks, exactly one is allowed`);
  }
  return null;
}
