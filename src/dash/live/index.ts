/**
 * Live DASH stitching (issue 7; MPD@type="dynamic"). The ideas of the HLS live path (src/session/live), on
 * Periods instead of segments. Design, in short:
 *
 * - Input (protocols.md §15): multi-period; a Period whose first SCTE-35 Event is a cue-out (findDashBreaks)
 *   is a break. Its identity is its Period@id (the same for every session and every refresh: an origin keeps
 *   ids and starts stable). A cue-out that is not at its Period's start is not stitched (content, logged):
 *   replacing part of a Period that is still growing would need its listed content cut back.
 * - Replacement (§7, §15; dashLiveLayout.ts): the ads replace the break Period X from its start, each its own
 *   Period `X_<k+1>` at X@start + the ads before it (Period@start = tracking startTime relative to
 *   availabilityStartTime, Period@id = adId, §5.1, §5.2); slate Periods `X_slate[_n]` to the break's end when
 *   the session has a DASH slate (SlateAdUrl naming an .mpd), else X's content comes back as `X_PT<t>S`
 *   with its presentationTimeOffset moved on; the origin's next Period follows (the return). The break ends
 *   at X@start + the signalled duration or at the origin's next Period, whichever is first (an early return
 *   cuts the ad under way, EARLY_CUE_IN).
 * - Stability (§15, §19): every Period id, @start and PTO is a pure function of the persisted break (X@start
 *   and X's end as first seen, the decided ads) or the origin's own, so every refresh, tab and worker restart
 *   writes the same; pieces are listed only once the origin's edge has passed their start (stitchDashLive.ts),
 *   so a listed Period is never withdrawn by a later, earlier return.
 * - State (dashLiveTimeline.ts), persisted per session after every change (invariant 7) inside the session's
 *   live timeline record (LiveTimeline.dash): the breaks seen, their decision state and avail, and
 *   `servedThrough`, the origin time up to which content has been listed. A break starting before it (the
 *   session joined mid-break, its first MPD already had the break's media) plays content: replacing listed
 *   content would change what the player has. Breaks are dropped when their Period leaves the origin's window.
 * - Decisions (dashLiveStitcher.ts): the first request that sees a break starts decideAvail (DASH creatives,
 *   loadDashCreative) and records it pending; other requests share the in-memory promise; after a restart a
 *   pending break is decided again with the original deadline. A response waits at most
 *   min(DASH_RESPONSE_WAIT_MS, what is left of the decision budget); meanwhile the break Period and every
 *   Period after it are held back (not listed, invariant 8). A break still pending when its budget is spent
 *   fails open to content, for good.
 * - Tracking (dashLiveTracking.ts): `dashAvailabilityStartTime` = the origin's MPD@availabilityStartTime;
 *   availId = X, adId = the ad's Period id, eventId = the ptsTime (90 kHz) of the ad start (§5.2).
 * - Not done: the live pre-roll for DASH (§9), avail suppression (§8), prefetch (§10) and SINGLE_PERIOD input.
 */
export { createDashLiveStitcher, isDynamicMpdText, DASH_RESPONSE_WAIT_MS, type DashLiveStitcher, type DashLiveServeArgs } from './dashLiveStitcher';
export { buildDashLiveTracking } from './dashLiveTracking';
export { layoutBreak, breakEnd, adPeriodIdOf, slatePeriodIdOf, type LivePiece } from './dashLiveLayout';
export type { DashLiveBreak, DashLiveState } from './dashLiveTimeline';
