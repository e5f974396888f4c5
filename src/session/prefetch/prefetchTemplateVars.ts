/**
 * The ADS template variables of a prefetch request (protocols.md §10, §11). There is no break yet, so:
 *
 * - `[session.*]` are the session's (id, uuid, user_agent, referer, client_ip ""), and `[session.avail_duration_ms]`
 *   / `_secs` the 300 s of a break without a duration (decideAvail's default);
 * - `[player_params.*]` are the session's (MediaTailor adds the player variables of the session start to
 *   prefetch requests: UG creating-prefetch-schedules);
 * - `[avail.random]` is drawn per request; `[avail.index]` has no value (the break is not known);
 * - `[scte.*]` and `[asset.*]` have no value of their own;
 * - then every Retrieval.DynamicVariables entry named `<namespace>.<name>` with namespace session, avail, scte,
 *   player_params or asset sets that variable (e.g. `scte.event_id` → `[scte.event_id]`), over the above.
 *   Entries of other names are kept on the schedule but reach no template variable.
 */
import type { AdsTemplateVars } from '../../ads/expandAdsTemplate';
import type { SessionRecord } from '../sessionRecord';

/** A break without a signalled duration: 300 s (protocols.md §11 `[session.avail_duration_ms]`). */
const DEFAULT_AVAIL_MS = 300_000;

export function prefetchTemplateVars(session: SessionRecord, dynamicVariables: Record<string, string> | undefined, random: number): AdsTemplateVars {
  const vars: AdsTemplateVars = {
    session: {
      id: session.id, uuid: session.uuid, avail_duration_ms: DEFAULT_AVAIL_MS, avail_duration_secs: DEFAULT_AVAIL_MS / 1000,
      user_agent: session.userAgent, referer: session.referer, client_ip: '',
    },
    avail: { random },
    scte: {},
    playerParams: { ...session.playerParams },
    asset: {},
  };
  for (const [name, value] of Object.entries(dynamicVariables ?? {})) {
    const dot = name.indexOf('.');
    if (dot <= 0 || dot === name.length - 1) continue;
    const key = name.slice(dot + 1);
    switch (name.slice(0, dot)) {
      case 'session': vars.session[key] = value; break;
      case 'avail': vars.avail[key] = value; break;
      case 'scte': vars.scte[key] = value; break;
      case 'player_params': vars.playerParams[key] = value; break;
      case 'asset': vars.asset[key] = value; break;
    }
  }
  return vars;
}
