import type { SkipReason } from '../session/plan';

/**
 * Why an ad cannot be stitched: MediaTailor's skip reason (protocols.md §13), its ads-log code
 * (`ERROR_VAST_MISSING_IMPRESSION`, ... protocols.md §12) and the VAST error code to put in `[ERRORCODE]`
 * when the ad's Error URLs are fired (VAST 4.2 §2.3.6.3).
 */
export interface AdRejection {
  reason: SkipReason;
  code: string;
  vastErrorCode: number;
  message: string;
}
