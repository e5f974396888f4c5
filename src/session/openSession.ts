/**
 * Session initialisation in MediaTailor's three forms (protocols.md §1.1, §1.2): explicit POST with a JSON
 * body, explicit GET with `ads.*`/`playerParams.*`/`manifestParams.*` query parameters, and implicit
 * initialisation by the first multivariant request (server-side reporting).
 */
import { ErrorCode, StitchboxError } from '../errors';
import { parseAvailSuppression, type AvailSuppression } from './live/availSuppression';
import type { SessionRecord } from './sessionRecord';

/** Top-level body keys that are MediaTailor's own and are therefore not forwarded to the origin. */
const RESERVED = new Set(['adsParams', 'playerParams', 'manifestParams', 'reportingMode', 'availSuppression', 'overlayAvails', 'adSignaling', 'streamId']);

export interface SessionInit {
  playerParams: Record<string, string>;
  manifestParams: Record<string, string>;
  originParams: Record<string, string>;
  reportingMode: 'client' | 'server';
  overlayAvails: boolean;
  /** `availSuppression` / `aws.availSuppression*` (protocols.md §8); absent = the configuration's. */
  availSuppression?: AvailSuppression | null;
  /** `streamId` (body) / `aws.streamId` (query): matches prefetch schedules (protocols.md §1.1, §10). */
  streamId?: string;
}

function stringMap(v: unknown, field: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new StitchboxError(ErrorCode.BAD_REQUEST, `${field} must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (val === null || val === undefined) continue;
    if (typeof val === 'object') throw new StitchboxError(ErrorCode.BAD_REQUEST, `${field}.${k} must be a string`);
    out[k] = String(val);
  }
  return out;
}

function reportingModeOf(v: unknown): 'client' | 'server' {
  if (v === undefined || v === null || v === '') return 'client';
  if (v === 'client' || v === 'server') return v;
  throw new StitchboxError(ErrorCode.BAD_REQUEST, `reportingMode must be "client" or "server", not ${JSON.stringify(v)}`);
}

/**
 * Read a POST body. Shaka sends no Content-Type and may send nothing at all (players.md §1.2), so the raw
 * text is parsed as JSON whatever the headers say.
 */
export function initFromBody(text: string): SessionInit {
  const trimmed = text.trim();
  let body: unknown = {};
  if (trimmed) {
    try { body = JSON.parse(trimmed); } catch (e) {
      throw new StitchboxError(ErrorCode.BAD_REQUEST, `session body is not JSON: ${(e as Error).message}`);
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new StitchboxError(ErrorCode.BAD_REQUEST, 'session body must be a JSON object');
  const b = body as Record<string, unknown>;
  const originParams: Record<string, string> = {};
  for (const [k, v] of Object.entries(b)) {
    if (RESERVED.has(k) || v === null || v === undefined || typeof v === 'object') continue;
    originParams[k] = String(v);
  }
  const availSuppression = suppressionOfBody(b.availSuppression);
  const streamId = streamIdOf(b.streamId, 'streamId');
  return {
    // adsParams and playerParams both feed [player_params.*] (protocols.md §1.1); values are not URL-decoded.
    playerParams: { ...stringMap(b.playerParams, 'playerParams'), ...stringMap(b.adsParams, 'adsParams') },
    manifestParams: stringMap(b.manifestParams, 'manifestParams'),
    originParams,
    reportingMode: reportingModeOf(b.reportingMode),
    overlayAvails: b.overlayAvails === 'on' || b.overlayAvails === true,
    ...(availSuppression ? { availSuppression } : {}),
    ...(streamId ? { streamId } : {}),
  };
}

function streamIdOf(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw new StitchboxError(ErrorCode.BAD_REQUEST, `${field} must be a string`);
  return String(v);
}

function suppressionOfBody(v: unknown): AvailSuppression | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new StitchboxError(ErrorCode.BAD_REQUEST, 'availSuppression must be an object {mode, value, fillPolicy}');
  const o = v as Record<string, unknown>;
  return parseAvailSuppression(o.mode, o.value, o.fillPolicy, 'availSuppression');
}

/**
 * Read the query form (GET /v1/session and implicit /v1/master). `ads.k` and `playerParams.k` become player
 * params, `manifestParams.k` / `manifest.k` manifest params, `aws.*` are stitchbox's, the rest goes to the origin.
 */
export function initFromQuery(search: URLSearchParams, defaultMode: 'client' | 'server'): SessionInit {
  const init: SessionInit = { playerParams: {}, manifestParams: {}, originParams: {}, reportingMode: defaultMode, overlayAvails: false };
  for (const [k, v] of search) {
    if (k === 'aws.availSuppressionMode') {
      // Mode and value from the same source (protocols.md §8): both from the query.
      init.availSuppression = parseAvailSuppression(v, search.get('aws.availSuppressionValue') ?? undefined, search.get('aws.availSuppressionFillPolicy') ?? undefined, 'aws.availSuppression');
    } else if (k.startsWith('ads.')) init.playerParams[k.slice(4)] = v;
    else if (k.startsWith('playerParams.')) init.playerParams[k.slice(13)] = v;
    else if (k.startsWith('manifestParams.')) init.manifestParams[k.slice(15)] = v;
    else if (k.startsWith('manifest.')) init.manifestParams[k.slice(9)] = v;
    else if (k === 'aws.reportingMode' || k === 'reportingMode') init.reportingMode = reportingModeOf(v);
    else if (k === 'overlayAvails' || k === 'aws.overlayAvails') init.overlayAvails = v === 'on';
    else if (k === 'aws.streamId') { const id = streamIdOf(v, k); if (id) init.streamId = id; }
    else if (k === 'aws.sessionId' || k === 'sessionId' || k.startsWith('aws.')) continue;
    else init.originParams[k] = v;
  }
  return init;
}

/** 128 random bits as 32 hex characters: unguessable session ids. */
export function newSessionId(randomBytes: (n: number) => Uint8Array): string {
  let s = '';
  for (const b of randomBytes(16)) s += b.toString(16).padStart(2, '0');
  return s;
}

/** RFC 4122 §4.4 version-4 UUID from random bytes. */
export function newUuid(randomBytes: (n: number) => Uint8Array): string {
  const b = randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function createSessionRecord(args: {
  init: SessionInit; account: string; configName: string; assetPath: string; randomBytes: (n: number) => Uint8Array;
  now: number; userAgent: string; referer: string;
}): SessionRecord {
  const { init } = args;
  return {
    id: newSessionId(args.randomBytes),
    uuid: newUuid(args.randomBytes),
    account: args.account,
    configName: args.configName,
    assetPath: args.assetPath,
    format: args.assetPath.endsWith('.mpd') ? 'dash' : 'hls',
    reportingMode: init.reportingMode,
    playerParams: init.playerParams,
    manifestParams: init.manifestParams,
    originParams: init.originParams,
    overlayAvails: init.overlayAvails,
    availSuppression: init.availSuppression ?? null,
    ...(init.streamId ? { streamId: init.streamId } : {}),
    userAgent: args.userAgent,
    referer: args.referer,
    createdAt: args.now,
    lastSeenAt: args.now,
    playlists: null,
  };
}
