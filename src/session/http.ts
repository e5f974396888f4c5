/** The engine's view of HTTP: plain values in and out, so it runs in a worker, in Node and in tests. */
import { StitchboxError } from '../errors';

export interface EngineRequest {
  method: string;
  /** Absolute URL as requested. */
  url: string;
  headers: Record<string, string>;
  /** The raw body text ('' when none). */
  body(): Promise<string>;
}

export type EngineResponse =
  | { kind: 'body'; status: number; headers: Record<string, string>; body: string }
  /** Serve this upstream URL's bytes (ad segments): the host fetches it and streams it back. */
  | { kind: 'proxy'; url: string; headers: Record<string, string> };

export interface EngineResult {
  response: EngineResponse;
  /** Work that must finish after the response (beacons, store writes): the worker passes it to waitUntil. */
  background: Promise<unknown>[];
}

const NO_STORE = { 'Cache-Control': 'no-store' };

export function json(status: number, value: unknown): EngineResponse {
  return { kind: 'body', status, headers: { 'Content-Type': 'application/json', ...NO_STORE }, body: JSON.stringify(value) };
}

export function m3u8(text: string): EngineResponse {
  return { kind: 'body', status: 200, headers: { 'Content-Type': 'application/vnd.apple.mpegurl', ...NO_STORE }, body: text };
}

const STATUS_OF: Record<string, number> = {
  BAD_REQUEST: 400, CONFIG_INVALID: 400, NOT_FOUND: 404, SESSION_NOT_FOUND: 404, CONFIG_NOT_FOUND: 404,
  ORIGIN_FAILED: 502, MANIFEST_INVALID: 502,
};

/** An error answer in MediaTailor's JSON error shape ({"message": ...}) with a stable code. */
export function errorResponse(e: unknown): EngineResponse {
  if (e instanceof StitchboxError) return json(STATUS_OF[e.code] ?? 500, { message: e.message, code: e.code });
  return json(500, { message: `internal error: ${(e as Error)?.message ?? String(e)}`, code: 'INTERNAL' });
}
