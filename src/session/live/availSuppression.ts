/**
 * Avail suppression (protocols.md §8; MediaTailor API_AvailSuppression): which live breaks a session does not
 * fill, judged against the live edge when the session started. Session init (`availSuppression` body key or
 * `aws.availSuppressionMode/Value` query) overrides the configuration's `AvailSuppression`, mode and value
 * always from the same source (§8).
 */
import { ErrorCode, StitchboxError } from '../../errors';
import type { AvailSuppressionConfig } from '../config';

export interface AvailSuppression {
  mode: 'OFF' | 'BEHIND_LIVE_EDGE' | 'AFTER_LIVE_EDGE';
  /** The HH:MM:SS value in seconds. */
  valueSeconds: number;
  fillPolicy: 'FULL_AVAIL_ONLY' | 'PARTIAL_AVAIL';
}

const MODES = ['OFF', 'BEHIND_LIVE_EDGE', 'AFTER_LIVE_EDGE'] as const;
const POLICIES = ['FULL_AVAIL_ONLY', 'PARTIAL_AVAIL'] as const;

/** `HH:MM:SS` → seconds, null when malformed. */
export function hhmmssSeconds(v: string): number | null {
  const m = /^(\d{1,2}):([0-5]\d):([0-5]\d)$/.exec(v.trim());
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}

/** Read mode / value / fillPolicy as a session gives them; throws BAD_REQUEST on a bad value. */
export function parseAvailSuppression(mode: unknown, value: unknown, fillPolicy: unknown, field: string): AvailSuppression {
  if (!MODES.includes(mode as AvailSuppression['mode'])) throw new StitchboxError(ErrorCode.BAD_REQUEST, `${field} mode must be OFF, BEHIND_LIVE_EDGE or AFTER_LIVE_EDGE`);
  const valueSeconds = value === undefined || value === null || value === '' ? 0 : typeof value === 'string' ? hhmmssSeconds(value) : null;
  if (valueSeconds === null) throw new StitchboxError(ErrorCode.BAD_REQUEST, `${field} value must be HH:MM:SS`);
  const policy = fillPolicy === undefined || fillPolicy === null || fillPolicy === '' ? 'FULL_AVAIL_ONLY' : fillPolicy;
  if (!POLICIES.includes(policy as AvailSuppression['fillPolicy'])) throw new StitchboxError(ErrorCode.BAD_REQUEST, `${field} fillPolicy must be FULL_AVAIL_ONLY or PARTIAL_AVAIL`);
  return { mode: mode as AvailSuppression['mode'], valueSeconds, fillPolicy: policy as AvailSuppression['fillPolicy'] };
}

/** The session's setting when it has one, else the configuration's (validated by validateConfig). */
export function effectiveSuppression(session: AvailSuppression | null | undefined, config: AvailSuppressionConfig | undefined): AvailSuppression | null {
  if (session) return session.mode === 'OFF' ? null : session;
  if (!config?.Mode || config.Mode === 'OFF') return null;
  return { mode: config.Mode, valueSeconds: hhmmssSeconds(config.Value ?? '00:00:00') ?? 0, fillPolicy: config.FillPolicy ?? 'FULL_AVAIL_ONLY' };
}
