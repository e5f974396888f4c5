/**
 * Security (issue 9 item 4): session ids are unguessable — 128 bits from the ports' cryptographic random source
 * (src/session/openSession.ts newSessionId), 32 lower-case hex characters, in every way a session opens
 * (MediaTailor POST and GET, implicit /v1/master, DASH implicit /v1/dash, StreamPackage, broadpeak.io). The id is
 * the random bytes and nothing else: not the clock, not a counter.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { createEngine } from '../../../src/session/engine';
import { newSessionId } from '../../../src/session/openSession';
import { parseConfig } from '../../../src/session/config';
import type { Ports } from '../../../src/session/ports';
import { createIdbStore } from '../../../sw/idbStore';
import { recordingPorts } from '../session/enginePorts';
import { startDemoServer } from '../../../demo/server/startDemoServer';

let server: { url: string; close(): Promise<void> | void };
beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** An engine whose random port hands out `source` bytes and records them; its clock is frozen. */
async function engineWith(source: (n: number) => Uint8Array) {
  const store = createIdbStore();
  const handed: Uint8Array[] = [];
  const base = recordingPorts(store, { adsRequests: [], delivered: [], logs: [] });
  const ports: Ports = { ...base, now: () => 1_700_000_000_000, randomBytes: (n) => { const b = source(n); handed.push(b.slice()); return b; } };
  const engine = createEngine(ports, { scope: '/' });
  await store.putConfig(parseConfig({ Name: 'demo', VideoContentSourceUrl: `${server.url}/origin`, AdDecisionServerUrl: `${server.url}/ads/vast?pod=0` }));
  const get = async (method: string, path: string, body = '') => {
    const r = await engine.handle({ method, url: `http://localhost${path}`, headers: {}, body: async () => body });
    if (!r || r.response.kind !== 'body') throw new Error(`${path}: no body`);
    await Promise.allSettled(r.background);
    return r.response;
  };
  /** Opens one session in each form; returns each session id with the bytes handed out while opening it. */
  async function openAll(): Promise<{ form: string; id: string; bytes: Uint8Array[] }[]> {
    const out: { form: string; id: string; bytes: Uint8Array[] }[] = [];
    const take = async (form: string, f: () => Promise<string>) => {
      const from = handed.length;
      const id = await f();
      out.push({ form, id, bytes: handed.slice(from) });
    };
    const idOf = (s: string, re: RegExp) => re.exec(s)?.[1] ?? '';
    await take('POST /v1/session', async () => idOf(JSON.parse((await get('POST', '/v1/session/a/demo/vod/master.m3u8', '{}')).body).manifestUrl, /aws\.sessionId=([^&]+)/));
    await take('GET /v1/session', async () => idOf(JSON.parse((await get('GET', '/v1/session/a/demo/vod/master.m3u8')).body).manifestUrl, /aws\.sessionId=([^&]+)/));
    await take('implicit /v1/master', async () => idOf((await get('GET', '/v1/master/a/demo/vod/master.m3u8')).body, /\/v1\/manifest\/a\/demo\/([^/]+)\//));
    await take('POST /v1/ssai/session', async () => idOf(JSON.parse((await get('POST', '/v1/ssai/session/demo/vod/master.m3u8', '{}')).body).manifestUrl, /session_id=([^&]+)/));
    await take('GET /v1/bpk', async () => idOf((await get('GET', '/v1/bpk/demo/vod/master.m3u8')).headers['Location'], /bpkio_sessionid=([^&]+)/));
    await take('implicit /v1/dash', async () => idOf((await get('GET', '/v1/dash/a/demo/dash/vod.mpd')).body, /aws\.sessionId=([0-9a-f]+)/));
    return out;
  }
  return { openAll };
}

describe('security: session ids', () => {
  it('every form of session opening takes its id from 16 bytes of the random port, as hex', async () => {
    let call = 0;
    // Distinct, recognisable bytes per call: byte i of call c is (c * 16 + i) mod 256, c counting from 1.
    const { openAll } = await engineWith((n) => { call++; return Uint8Array.from({ length: n }, (_, i) => (call * 16 + i) & 0xff); });
    for (const { form, id, bytes } of await openAll()) {
      expect(id, form).toMatch(/^[0-9a-f]{32}$/);
      // The id is exactly one 16-byte draw of the port.
      expect(bytes.filter((b) => b.length === 16).map(hex), form).toContain(id);
    }
  });

  it('same random bytes, same id, whatever the clock or how many sessions came before: nothing but the port goes in', async () => {
    const fixed = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
    const { openAll } = await engineWith((n) => fixed.slice(0, n));
    const ids = await openAll();
    for (const { form, id } of ids) expect(id, form).toBe(hex(fixed));
    expect(newSessionId(() => fixed.slice())).toBe(hex(fixed));
  });

  it('with the cryptographic source: unique, every bit and hex digit evenly spread, consecutive ids as far apart as random ones', async () => {
    const { openAll } = await engineWith((n) => new Uint8Array(nodeRandomBytes(n)));
    const engineIds = (await openAll()).map((x) => x.id);
    // The rest straight from newSessionId with the same source (the engine adds nothing: tests above).
    const N = 4000;
    const ids = [...engineIds, ...Array.from({ length: N - engineIds.length }, () => newSessionId((n) => new Uint8Array(nodeRandomBytes(n))))];
    expect(new Set(ids).size).toBe(N);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    // Each of the 128 bits is set in about half the ids: N/2 ± 5σ (σ = √N/2 ≈ 32).
    const bits = ids.map((id) => BigInt(`0x${id}`));
    for (let b = 0n; b < 128n; b++) {
      const set = bits.reduce((s, x) => s + Number((x >> b) & 1n), 0);
      expect(Math.abs(set - N / 2), `bit ${b}`).toBeLessThan(5 * Math.sqrt(N) / 2);
    }
    // Hex digits: chi-square over 16 cells with 15 degrees of freedom; 60 is far past p = 1e-6.
    const counts = new Array(16).fill(0);
    for (const id of ids) for (const c of id) counts[parseInt(c, 16)]++;
    const expected = (N * 32) / 16;
    expect(counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0)).toBeLessThan(60);
    // Consecutive ids differ in about 64 of 128 bits (a counter or a clock would differ in a few).
    let distance = 0;
    for (let i = 1; i < N; i++) { let x = bits[i] ^ bits[i - 1]; while (x) { distance += Number(x & 1n); x >>= 1n; } }
    expect(distance / (N - 1)).toBeGreaterThan(62);
    expect(distance / (N - 1)).toBeLessThan(66);
  });
});
