/**
 * Beacons handed over by the page (client-side reporting, src/client) → outbox jobs. The page is not trusted
 * more than any caller: each entry must be an http(s) URL with a key of reasonable size, and a time that is a
 * time. Keys are put under `page/` so that a page cannot claim (and so silence) a beacon of the worker's own
 * server-side ledger.
 */
import { ErrorCode, StitchboxError } from '../errors';
import type { BeaconJob } from '../session/ports';

/** At most this many beacons per message (an ad's events are a handful; a page replaying a backlog, a few hundred). */
export const MAX_PAGE_BEACONS = 500;
const MAX_KEY = 1024;
const MAX_URL = 8192;
/** A due time further than this from the worker's clock is the page's clock or a bug: the worker's time is used. */
const MAX_SKEW_MS = 24 * 3600_000;

export function pageBeaconJobs(input: unknown, now: number): BeaconJob[] {
  if (!Array.isArray(input)) throw new StitchboxError(ErrorCode.BAD_REQUEST, 'beacons: an array of {key, url, dueAt} is required');
  if (input.length > MAX_PAGE_BEACONS) throw new StitchboxError(ErrorCode.BAD_REQUEST, `beacons: at most ${MAX_PAGE_BEACONS} per message`);
  const problems: string[] = [];
  const jobs: BeaconJob[] = [];
  input.forEach((b: unknown, i) => {
    const x = (b ?? {}) as Record<string, unknown>;
    if (typeof x.key !== 'string' || !x.key || x.key.length > MAX_KEY) { problems.push(`beacons[${i}].key: a string of 1-${MAX_KEY} characters`); return; }
    if (typeof x.url !== 'string' || x.url.length > MAX_URL || !/^https?:\/\/[^\s]+$/i.test(x.url)) { problems.push(`beacons[${i}].url: an http(s) URL`); return; }
    const due = typeof x.dueAt === 'number' && Number.isFinite(x.dueAt) && Math.abs(x.dueAt - now) <= MAX_SKEW_MS ? x.dueAt : now;
    jobs.push({ key: `page/${x.key}`, url: x.url, dueAt: due });
  });
  if (problems.length) throw new StitchboxError(ErrorCode.BAD_REQUEST, `beacons: ${problems.join('; ')}`, { details: { errors: problems } });
  return jobs;
}
