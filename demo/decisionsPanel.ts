/**
 * Each break's decision, from the worker's read-only decisions route (`/v1/decisions/...`,
 * src/session/describeDecisions.ts): the ads stitched, slate, ads skipped with their reason (protocols.md §13),
 * why a break plays content, and the ADS latency.
 */
import type { BreakDecision, SessionDecisions } from '../src/session/describeDecisions';
import { fetchText } from './livePanel';

/** The decisions URL of a session, from its tracking URL (MediaTailor or StreamPackage form); null if neither. */
export function decisionsUrlOf(trackingUrl: string): string | null {
  const u = new URL(trackingUrl, location.href);
  const mt = /^(.*\/)v1\/tracking\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(u.pathname);
  if (mt) return `${mt[1]}v1/decisions/${mt[2]}/${mt[3]}/${mt[4]}`;
  const sp = /^(.*\/)v1\/ssai\/tracking\/([^/]+)\/([^/]+)$/.exec(u.pathname);
  if (sp) return `${sp[1]}v1/decisions/ssai/${sp[2]}/${sp[3]}`;
  return null;
}

const cell = (text: string, cls?: string) => { const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; return td; };

function row(b: BreakDecision): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.state = b.state;
  const ads = b.ads.map((a) => `${a.adTitle || a.vastAdId} (${a.duration.toFixed(1)} s${a.skipOffset ? `, skippable at ${a.skipOffset}` : ''})`).join('\n');
  const skipped = b.skipped.map((s) => `${s.vastAdId}: ${s.reason} — ${s.message}`).join('\n');
  tr.append(
    cell(`${b.index}${b.preRoll ? ' (pre-roll)' : ''}`),
    cell(b.startTime === null ? '—' : `${b.startTime.toFixed(1)} s`),
    cell(b.state === 'failed' ? `content: ${b.failure ?? 'failed'}` : b.state === 'pending' ? 'deciding…' : ads || 'no ads'),
    cell(b.slateSeconds > 0 ? `${b.slateSeconds.toFixed(1)} s` : '—'),
    cell(skipped || '—', skipped ? 'skipped' : undefined),
    cell(b.adsLatencyMs === null ? '—' : `${Math.round(b.adsLatencyMs)} ms`),
  );
  return tr;
}

export async function loadDecisions(url: string, table: HTMLTableElement): Promise<SessionDecisions> {
  const d = JSON.parse(await fetchText(url)) as SessionDecisions;
  const body = table.tBodies[0] ?? table.createTBody();
  body.replaceChildren(...(d.breaks.length ? d.breaks.map(row) : [Object.assign(document.createElement('tr'), { innerHTML: '<td colspan="6">no break decided yet</td>' })]));
  return d;
}
