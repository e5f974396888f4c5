/**
 * Live HLS stitching (issue 5). Design, in short:
 *
 * - Replacement: ad time replaces the content between cue-out and cue-in in every playlist (protocols.md §7).
 * - Backbone: the origin's media sequence numbers. A break's identity is the origin msn of its first
 *   segment, the same in every rendition because the origin aligns markers (§6.1). Cue event ids are not
 *   read yet (the cue reader does not expose them), except an EXT-X-DATERANGE's ID: an origin lists the SCTE35-OUT
 *   again before the first segment of a window that starts inside the range (RFC 8216 §4.3.2.7, rfc8216bis
 *   §4.4.5.1: the ID is the date range, not the tag's place), and that listing is the same break, not a new one
 *   at that msn (liveTimeline.ts dateRangeOf).
 * - Timeline (liveTimeline.ts), persisted per session after every change (invariant 7): the breaks seen,
 *   their end, signalled duration, the origin EXTINF and discontinuity flags of their segments as first seen
 *   (so every rendition uses the same numbers), the decision state and the decided avail, and
 *   `servedThrough`, the highest origin msn any response listed. A break found at or before it (the session
 *   joined mid-break, or a lagging rendition found it late) plays content: replacing listed content would
 *   break invariant 1. Back-to-back breaks (a cue-out closing the previous break) play content too.
 * - Layout (breakRegion.ts): the ads' first renditions, then slate, laid end to end. Each ad or slate
 *   segment is listed with the origin segment during which its end is reached (progressive reveal: never
 *   ahead of the origin's time). When the break ends, the segment straddling the end goes with the last
 *   origin segment and the rest is cut (early cue-in, EARLY_CUE_IN). Origin segments that start after the
 *   layout is over play content again (underfill without slate). A playlist uses, per ad, the closest
 *   rendition among those with the first rendition's segment count, so every playlist lists the same
 *   number of segments at the same places (invariant 2); with none, the first rendition.
 * - Numbering (liveWindow.ts): stitched msn of content segment m = m + Σ over breaks resumed at or before m
 *   of (segments listed − origin segments replaced); inside a break, the break's start plus the segments
 *   listed before. The discontinuity number likewise: origin cc + Σ (pieces + 1 for the return to
 *   content − origin discontinuities dropped). Both are pure functions of the timeline and the window's
 *   first msn, so EXT-X-MEDIA-SEQUENCE and EXT-X-DISCONTINUITY-SEQUENCE move by exactly what left the
 *   window, in every playlist, across worker restarts (invariant 3).
 * - Decisions (liveStitcher.ts): the first request that sees a break starts decideAvail and records it
 *   pending; other requests and renditions share the in-memory promise; after a restart a pending break
 *   without one is decided again with the original deadline. A response waits for the break that holds
 *   its window at most min(RESPONSE_WAIT_MS, what is left of Stitchbox.DecisionBudgetMs), and meanwhile
 *   the window ends before the break's first segment (held back, invariant 8). A break still pending when
 *   its budget is spent, or when its first segment reaches the start of a window, fails open to content
 *   for good (never replaced later).
 * - Tracking (liveClock.ts, liveTracking.ts): a stitched clock anchored at the first served segment (t = 0,
 *   protocols.md §5.1) moves to the end of every written window; a break's stitched msn and time are recorded
 *   when its first ad segment is written, and the tracking JSON lists it from then until its segments have
 *   left the newest window, ids being stitched msns (§5.2).
 * - PDT: ad and slate segments continue the break start's PDT by their durations; content keeps its own
 *   (stitchMedia, players.md §1.9).
 * - Avail suppression (availSuppression.ts, protocols.md §8): judged once per break when it is first seen,
 *   against the origin edge of the session's first window; a PARTIAL_AVAIL partial fill is a break starting
 *   at the join point (`cueMsn` keeps the cue-out's msn for matching) with the signalled time left.
 * - Prefetch (src/session/prefetch, §10): a break starting its decision first claims a matching prefetched
 *   result (startDecision) and is then filled from it with no ADS request; retrievals run in the background
 *   of the engine's live manifest responses (LiveStitcher.prefetch).
 * - Subtitles (../subtitleSegments.ts): a WebVTT playlist lists, for each layout segment, a WebVTT stand-in with the
 *   layout's EXTINF (liveWindow.ts piecesOf), so it numbers and breaks like the video; a decision started by a
 *   subtitle playlist reads the first variant for the content's container (liveContentShape.ts).
 * - Live pre-roll (livePreRoll.ts, §9): placed once, by the session's first window (no join edge yet), as a
 *   break with `preRoll` set, [avail.index] 0 and key 'preroll', at the latest segment start at least
 *   max(2 × TARGETDURATION, EXT-X-START distance) before the edge; none when that is the window's first
 *   segment or before it (no room). Its "signalled" duration is MaxDurationSeconds, it ends by duration only,
 *   and it is decided with the pre-roll ADS, no slate, no threshold and no prefetch (startDecision), so the
 *   layout is the chosen ads and content resumes after them (regionOf). Everything else is the break machinery:
 *   shared decision, held back while pending, fail open, persisted, tracked, beacons. Signalled breaks that start
 *   inside its maximum span, or before it in the first window, play content (observeWindow).
 * - Serialisation: per session, timeline updates run one at a time (an in-memory promise chain), and each
 *   is recomputed from the stored timeline and the playlist in hand, so whoever comes first, the result
 *   is the same.
 * - Pruning (pruneTimeline.ts): breaks that ended one whole window before the oldest window recently served
 *   are folded into `tl.pruned` (their numbering deltas), so a long session's timeline stays bounded and the
 *   numbering is unchanged; a window older than the base fails open.
 * - Warm path (refreshCache.ts, in memory only): a refresh whose window only slid parses its new segments
 *   (parseMediaSlide.ts), resumes the previous window's cue scan over them (windowBreaks.ts), moves the tracking
 *   clock by the segments after its anchor (liveClock.ts) and slices the previous stitched text
 *   (stitchMediaSlide.ts); a restarted worker or any other change takes the full path, which writes the same
 *   bytes and stores the same timeline.
 */
export { createLiveStitcher, RESPONSE_WAIT_MS, type LiveStitcher, type LiveServeArgs } from './liveStitcher';
export { emptyTimeline, isLivePlaylist, observeWindow, type LiveBreak, type LiveTimeline } from './liveTimeline';
export { planLiveWindow, type LiveWindowPlan, type LivePieceRef } from './liveWindow';
export { layoutOf, regionOf, type BreakLayout, type BreakRegion } from './breakRegion';
export { buildLiveTracking } from './liveTracking';
export { effectiveSuppression, parseAvailSuppression, type AvailSuppression } from './availSuppression';
