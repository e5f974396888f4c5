/**
 * Live sessions ask the ADS with the [scte.*] variables of the break's own cue (protocols.md §11), for
 * every cue style of the demo's live simulator, over real HTTP against the demo server.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createEngine } from '../../../src/session/engine';
import type { Ports } from '../../../src/session/ports';
import { parseConfig } from '../../../src/session/config';
import { createIdbStore } from '../../../sw/idbStore';
import { fetchText } from '../../../sw/fetchText';
import { startDemoServer } from '../../../demo/server/startDemoServer';

let server: { url: string; close(): Promise<void> | void };
beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });

describe('live ADS requests carry the cue\'s SCTE-35 values', () => {
  for (const cue of ['cueout', 'daterange', 'splicepoint', 'oatcls']) {
    it(cue, async () => {
      const adsRequests: string[] = [];
      const store = createIdbStore();
      const ports: Ports = {
        fetchText: async (url, opts) => { if (url.includes('/ads/vast')) adsRequests.push(url); return fetchText(url, opts); },
        store, now: () => Date.now(), randomBytes: (n) => new Uint8Array(randomBytes(n)), flushBeacons: async () => {}, log: (l, m) => { if (process.env.DEBUG_LIVE) console.log(l, m); },
      };
      const engine = createEngine(ports, { scope: '/' });
      await store.putConfig(parseConfig({
        Name: 'live', VideoContentSourceUrl: `${server.url}/origin`,
        AdDecisionServerUrl: `${server.url}/ads/vast?pod=1&event=[scte.event_id]&type=[scte.segmentation_type_id]&dur=[session.avail_duration_secs]`,
      }));
      // Stream time 100 s: the 60 s window holds the starts of the breaks at 40 s (first segment of the
      // window: plays content) and at 70 s (break k=2, event id 1002), 16 s long.
      const t0 = Date.now() - 100_000;
      const call = async (path: string, body = '') => {
        const r = await engine.handle({ method: body ? 'POST' : 'GET', url: `http://localhost${path}`, headers: {}, body: async () => body });
        await Promise.allSettled(r!.background);
        return r!.response.kind === 'body' ? r!.response.body : '';
      };
      const s = JSON.parse(await call('/v1/session/a/live/live/master.m3u8', JSON.stringify({ cue, t0: String(t0) })));
      const master = await call(s.manifestUrl);
      const media = master.split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
      const text = await call(media);
      if (process.env.DEBUG_LIVE) console.log(adsRequests, text.split('\n').slice(-12).join('\n'));
      expect(text).toContain('/v1/segment/');
      expect(adsRequests).toHaveLength(1);
      const q = new URL(adsRequests[0]).searchParams;
      // Plain EXT-X-CUE-OUT carries no SCTE-35, so there is no event id to send.
      expect(q.get('event')).toBe(cue === 'cueout' ? '' : '1002');
      expect(q.get('dur')).toBe('16');
      // splice_insert cues carry no segmentation descriptor; the time_signal of `splicepoint` carries 0x34 (52).
      expect(q.get('type')).toBe(cue === 'splicepoint' ? '52' : '');
    });
  }
});
