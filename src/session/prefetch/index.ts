/**
 * Ad prefetch schedules (issue 5 item 4, protocols.md §10), MediaTailor's single prefetch schedules:
 *
 * - Schedules (prefetchSchedule.ts) have the CreatePrefetchSchedule shape and are installed per playback
 *   configuration through the client API (src/client/registerStitchbox.ts), validated with one message per
 *   problem, MediaTailor's quotas included.
 * - Retrieval (prefetcher.ts): a live media playlist request of a session that matches a schedule
 *   (matchPrefetch.ts: configuration and streamId) while `now` is in the retrieval window asks the ADS once
 *   per session and schedule, in the response's background, with the variables of prefetchTemplateVars.ts.
 *   The worker only runs on fetches, so a retrieval happens only when the player asks for a playlist inside
 *   the window. The decided ads (every ad that could be stitched, no slate) are stored in IndexedDB.
 * - Consumption (liveStitcher.startDecision): a break starting its decision claims a ready prefetch whose
 *   consumption window holds the break's arrival time and whose criteria equal the break's [scte.*] values;
 *   it is then filled from those ads (whole ads, slate for the rest, as decideAvail does) with no ADS
 *   request. One prefetch fills one break. A prefetch that failed, or matches no break, changes nothing.
 * - Records of a session go with the session (Store.deleteSession, collectExpiredSessions).
 */
export { checkPrefetchSchedule, parsePrefetchSchedule, isActiveSchedule, PREFETCH_LIMITS, type PrefetchSchedule, type AvailMatchingCriterion } from './prefetchSchedule';
export { schedulesForSession, inRetrievalWindow, prefetchFits, pickPrefetch, criteriaOf, type BreakForPrefetch } from './matchPrefetch';
export { prefetchKey, type PrefetchRecord } from './prefetchRecord';
export { prefetchTemplateVars } from './prefetchTemplateVars';
export { createPrefetcher, type Prefetcher } from './prefetcher';
export { installPrefetchSchedule } from './installPrefetchSchedule';
