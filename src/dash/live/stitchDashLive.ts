/**
 * Write one refresh of a live DASH session's MPD (protocols.md §15, ./index.ts): the origin's dynamic MPD
 * with each decided break Period replaced by its pieces (dashLiveLayout.ts). Pure apart from the state
 * updates it makes (servedThrough, `shown`), which the caller persists.
 *
 * - Origin Periods outside breaks, and breaks that play content (failed), pass through unchanged: their
 *   id, @start and presentationTimeOffset are the origin's (§15: an origin keeps them stable).
 * - A pending break holds the MPD back (DESIGN invariant 8): its Period and every Period after it are not
 *   listed yet, so the player waits at the end of the content before it rather than playing content that
 *   would be replaced later.
 * - Progressive listing: a piece of a decided break is listed once the origin's edge has passed its start,
 *   and nothing after an unlisted piece. So a Period is never listed and then withdrawn: an early return
 *   can only cut the piece under way (its @duration shrinks; id, @start, PTO stay).
 * - Ad and slate Periods: adPeriod.ts (PTO = the creative's first segment time, per-Representation absolute
 *   BaseURL from the caller); a content piece is a copy of X named `X_PT<offset>S` with every
 *   presentationTimeOffset moved on by the offset (stitchDashVod.shiftPresentationTime) and X's EventStreams
 *   dropped (their times belong to X's start).
 * - SCTE-35 EventStreams of replaced Periods go with them; an absolute MPD-level BaseURL (the origin's) and
 *   `<Location>` (the session URL) are written as for VOD (stitchDashVod.anchor).
 */
import type { PlannedAvail } from '../../session/plan';
import { adPeriod } from '../adPeriod';
import { isoSeconds } from '../isoSeconds';
import { writeMpd, type Mpd } from '../mpdModel';
import { cloneNode, contentOf, elements, getAttr, setAttr, type XNode } from '../mpdXml';
import { anchor, directoryOf, relativeTo, shiftPresentationTime } from '../stitchDashVod';
import { EPS, layoutBreak, type LivePiece } from './dashLiveLayout';
import type { DashLiveBreak, DashLiveState } from './dashLiveTimeline';
import type { OriginPeriod } from './originPeriods';
import { dashDuration } from '../../scte35/dashDuration';

export interface DashLiveWriteArgs {
  /** Absolute URL the origin MPD was fetched from. */
  mpdUrl: string;
  /** Absolute BaseURL of an ad or slate rendition in its Period (the session's /v1/dashsegment path, or the ad's location). */
  adBaseUrl(brk: DashLiveBreak, piece: number | 'slate', rendition: number, periodId: string): string;
  location?: string;
}

/** A Period as listed: what the property test and the tracking JSON check against. */
export interface ListedPeriod { id: string; start: number; kind: 'origin' | LivePiece['kind']; breakKey?: string; adIndex?: number }

/** The pieces of a decided break (layoutBreak over its persisted fields). */
export function piecesOf(b: DashLiveBreak): LivePiece[] {
  return b.avail ? layoutBreak({ periodId: b.key, start: b.start, signalledDuration: b.signalledDuration, periodEnd: b.periodEnd, avail: b.avail }) : [];
}

function pieceNode(b: DashLiveBreak, piece: LivePiece, x: XNode, args: DashLiveWriteArgs): XNode {
  const avail = b.avail as PlannedAvail;
  if (piece.kind === 'content') {
    const node = cloneNode(x);
    setAttr(node, 'id', piece.id);
    setAttr(node, 'start', isoSeconds(piece.start));
    const d = dashDuration(getAttr(x, 'duration'));
    setAttr(node, 'duration', d === null ? undefined : isoSeconds(Math.max(0, d - piece.offset)));
    const kids = contentOf(node);
    for (const s of elements(node, 'EventStream')) kids.splice(kids.indexOf(s), 1);
    shiftPresentationTime(node, piece.offset);
    return node;
  }
  const renditions = piece.kind === 'ad' ? avail.ads.find((a) => a.index === piece.adIndex)!.renditions : avail.slate!.renditions;
  return adPeriod({
    id: piece.id, start: piece.start, duration: piece.end - piece.start, renditions, contentPeriod: x,
    baseUrl: (r) => args.adBaseUrl(b, piece.kind === 'ad' ? piece.adIndex : 'slate', r, piece.id),
    segmentUrl: (r, s) => relativeTo(directoryOf(renditions[r].dash!.baseUrl), renditions[r].segments[s].uri),
  });
}

/**
 * Replace the Periods of `mpd` (mutated) as the state says, and return the text and the Periods listed.
 * `edge`: where the origin's published media ends (originPeriods.originEdge).
 */
export function writeDashLive(
  mpd: Mpd, periods: readonly OriginPeriod[], st: DashLiveState, edge: number, args: DashLiveWriteArgs,
): { text: string; listed: ListedPeriod[] } {
  const root = mpd.root;
  const byKey = new Map(st.breaks.map((b) => [b.key, b]));
  const kids = contentOf(root);
  const listed: ListedPeriod[] = [];
  let held = false;
  let served = st.servedThrough ?? -Infinity;
  periods.forEach((p, i) => {
    const at = kids.indexOf(p.node);
    if (held) { kids.splice(at, 1); return; }
    const b = p.id === null ? undefined : byKey.get(p.id);
    const nextStart = periods[i + 1]?.start ?? null;
    if (!b || b.state === 'failed' || p.start === null) {
      if (p.start !== null) served = Math.max(served, Math.min(nextStart ?? edge, edge));
      listed.push({ id: p.id ?? '', start: p.start ?? NaN, kind: 'origin' });
      return;
    }
    if (b.state === 'pending') { held = true; kids.splice(at, 1); return; }
    const out: XNode[] = [];
    for (const piece of piecesOf(b)) {
      if (piece.start >= edge - EPS) { held = true; break; }
      out.push(pieceNode(b, piece, p.node, args));
      listed.push({ id: piece.id, start: piece.start, kind: piece.kind, breakKey: b.key, ...(piece.kind === 'ad' ? { adIndex: piece.adIndex } : {}) });
      if (piece.kind === 'ad') b.shown = true;
      if (piece.kind === 'content') served = Math.max(served, Math.min(piece.end ?? edge, edge));
    }
    kids.splice(at, 1, ...out);
  });
  if (served > -Infinity) st.servedThrough = served;
  else st.servedThrough ??= edge;
  anchor(root, args.mpdUrl, args.location);
  return { text: writeMpd(mpd), listed };
}
