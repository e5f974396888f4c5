/**
 * Fault injection at the engine (issue 9 item 3), against the real demo server's fault switches
 * (demo/server/faults.ts): live origin media playlists answering 404/500, slow past the origin timeout, or cut
 * short mid-line. A failed refresh is an HTTP 502 with a JSON message (hls.js retries 5xx playlist loads); a
 * truncated one is served without its partial last line (src/hls/dropPartialLine.ts), so every segment the player
 * is given exists; the next good refresh is stitched as usual.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine, type Engine } from '../../../src/session/engine';
import { dropPartialLine } from '../../../src/hls/dropPartialLine';
import { parseConfig } from '../../../src/session/config';
import { createIdbStore } from '../../../sw/idbStore';
import { recordingPorts } from '../session/enginePorts';
import { startDemoServer } from '../../../demo/server/startDemoServer';

let server: { url: string; close(): Promise<void> | void };
beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });

async function liveSession(origin: Record<string, string>) {
  const store = createIdbStore();
  const rec = { adsRequests: [] as string[], delivered: [] as string[], logs: [] as string[] };
  const engine: Engine = createEngine(recordingPorts(store, rec), { scope: '/' });
  await store.putConfig(parseConfig({
    Name: 'demo', VideoContentSourceUrl: `${server.url}/origin`, AdDecisionServerUrl: `${server.url}/ads/vast?pod=1&sid=[session.id]&avail=[avail.index]`,
    Stitchbox: { OriginTimeoutMs: 500 },
  }));
  const call = async (method: string, path: string, body = '') => {
    const r = await engine.handle({ method, url: `http://localhost${path}`, headers: {}, body: async () => body });
    if (!r || r.response.kind !== 'body') throw new Error(`${path}: no body`);
    await Promise.allSettled(r.background);
    return r.response;
  };
  const s = JSON.parse((await call('POST', '/v1/session/a/demo/live/master.m3u8', JSON.stringify({ speed: '4', reportingMode: 'server', ...origin }))).body) as { manifestUrl: string };
  const master = await call('GET', s.manifestUrl);
  expect(master.status).toBe(200);
  const media = master.body.split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
  return { call, media, rec };
}

const uris = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#'));

describe('fault injection: live origin playlists', () => {
  for (const fail of ['404', '500']) {
    it(`origin ${fail} on a refresh: a 502 with a JSON message; the multivariant playlist still answered`, async () => {
      const { call, media } = await liveSession({ fail, failevery: '1' });
      const r = await call('GET', media);
      expect(r.status).toBe(502);
      expect(JSON.parse(r.body)).toMatchObject({ code: 'ORIGIN_FAILED', message: expect.stringContaining(`HTTP ${fail}`) });
    });
  }

  it('origin slower than OriginTimeoutMs: a 502, not a hang', async () => {
    const { call, media } = await liveSession({ fail: 'slow', failevery: '1', slowms: '1500' });
    const r = await call('GET', media);
    expect(r.status).toBe(502);
  });

  it('origin cut short mid-line: the partial line is dropped, every segment of the answer exists at the origin', async () => {
    const { call, media } = await liveSession({ fail: 'truncate', failevery: '1' });
    const r = await call('GET', media);
    expect(r.status).toBe(200);
    expect(r.body.startsWith('#EXTM3U')).toBe(true);
    const lines = r.body.split('\n').filter(Boolean);
    // Ends on a segment: no EXTINF or date tag of the segment that was cut off.
    expect(lines[lines.length - 1].startsWith('#')).toBe(false);
    const segs = uris(r.body).filter((u) => !u.startsWith('/v1/segment/'));
    expect(segs.length).toBeGreaterThan(3);
    for (const u of segs) expect(u, 'a complete live segment URI').toMatch(/\/origin\/live\/ts\/\w+\/\d+\.ts$/);
    const statuses = await Promise.all(segs.slice(-3).map(async (u) => (await fetch(u, { method: 'HEAD' })).status));
    expect(statuses).toEqual([200, 200, 200]);
  });

  it('failevery=2: refreshes alternate between faults and stitched playlists; each good one is valid and moves on', async () => {
    const { call, media } = await liveSession({ fail: '500', failevery: '2' });
    const seen = new Set<number>();
    let good = 0;
    let last = -1;
    for (let i = 0; i < 8; i++) {
      const r = await call('GET', media);
      seen.add(r.status);
      if (r.status === 200) {
        good++;
        const seq = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(r.body)![1]);
        expect(seq).toBeGreaterThanOrEqual(last);
        last = seq;
      }
      await new Promise((res) => setTimeout(res, 300));
    }
    expect([...seen].sort()).toEqual([200, 502]);
    expect(good).toBeGreaterThan(0);
  });
});

describe('dropPartialLine (RFC 8216 §4.1: every line ends with LF or CR LF)', () => {
  const playlist = '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:100\n'
    + Array.from({ length: 12 }, (_, i) => `#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:${String(i * 2).padStart(2, '0')}.000Z\n#EXTINF:2.000,\nts/720p/${1234 + i}.ts\n`).join('');

  it('complete bodies are unchanged; a final #EXT-X-ENDLIST without a line feed is kept', () => {
    expect(dropPartialLine(playlist)).toBe(playlist);
    expect(dropPartialLine(playlist.replace(/\n/g, '\r\n'))).toBe(playlist.replace(/\n/g, '\r\n'));
    expect(dropPartialLine(`${playlist}#EXT-X-ENDLIST`)).toBe(`${playlist}#EXT-X-ENDLIST`);
    expect(dropPartialLine('')).toBe('');
  });

  it('property: whatever the cut, what is left is whole lines of the original ending on a complete URI, never a fragment or a segment without its URI', () => {
    const whole = new Set(playlist.split('\n'));
    fc.assert(fc.property(fc.integer({ min: 0, max: playlist.length }), (at) => {
      const kept = dropPartialLine(playlist.slice(0, at));
      expect(playlist.startsWith(kept)).toBe(true);
      expect(kept === '' || kept.endsWith('\n')).toBe(true);
      const lines = kept.split('\n').slice(0, -1);
      for (const line of lines) expect(whole.has(line), line).toBe(true);
      // No EXTINF without its URI; cut inside a line, what is kept ends on a complete URI once one has arrived.
      if (lines.length) expect(lines[lines.length - 1].startsWith('#EXTINF:')).toBe(false);
      if (!playlist.slice(0, at).endsWith('\n') && lines.some((l) => l.startsWith('ts/'))) expect(lines[lines.length - 1]).toMatch(/^ts\/720p\/\d+\.ts$/);
    }), { numRuns: 1000 });
  });
});
