/**
 * The `nextToken` of a tracking request (protocols.md §3.2): the doc's POST body `{"NextToken": …}` and the
 * GET query `?nextToken=…` used by third-party clients, each in both casings. No token (or an empty one):
 * null. A token that cannot be read or has expired: HTTP 400 with a message saying to poll without one.
 */
import { ErrorCode, StitchboxError } from '../errors';
import { decodeNextToken, type TrackingCursor } from '../tracking/nextToken';
import type { EngineRequest } from './http';

const NAMES = ['nextToken', 'NextToken'];

export async function trackingToken(req: EngineRequest, u: URL, now: number): Promise<{ raw: string; cursor: TrackingCursor } | null> {
  let raw: string | null = null;
  for (const n of NAMES) raw ??= u.searchParams.get(n);
  if (req.method === 'POST' && raw === null) {
    const text = (await req.body()).trim();
    if (text) {
      let body: unknown;
      try { body = JSON.parse(text); } catch {
        throw new StitchboxError(ErrorCode.BAD_REQUEST, 'the tracking request body is not JSON (expected {"NextToken": "…"})');
      }
      if (body && typeof body === 'object') {
        for (const n of NAMES) {
          const v = (body as Record<string, unknown>)[n];
          if (typeof v === 'string') { raw = v; break; }
        }
      }
    }
  }
  if (raw === null || raw.trim() === '') return null;
  const decoded = decodeNextToken(raw, now);
  if (!decoded.ok) throw new StitchboxError(ErrorCode.BAD_REQUEST, decoded.message);
  return { raw, cursor: decoded.cursor };
}
