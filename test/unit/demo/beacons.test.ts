import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BeaconHit } from '../../../demo/server/routes/beacons';
import { startDemoServer, type DemoServer } from '../../../demo/server/startDemoServer';
import { rawRequest } from './fixture';

// The beacon sink (DESIGN.md "The demo server"): every hit recorded in arrival order, listed and cleared.

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ port: 0 });
});
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  await fetch(`${server.url}/beacons/log`, { method: 'DELETE' });
});

async function log(): Promise<BeaconHit[]> {
  const res = await fetch(`${server.url}/beacons/log`);
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  return (await res.json()) as BeaconHit[];
}

describe('/beacons', () => {
  it('records GET and POST hits in arrival order with the URL as received, answering 204 with CORS', async () => {
    const before = Date.now();
    const urls = [
      '/beacons/track?event=impression&ad=x-a0-1-ad6&cb=123',
      '/beacons/track?event=start&ad=x-a0-1-ad6&cb=124',
      '/beacons/error?ad=x-a0-2-ad10&code=405',
      '/beacons/anything/else',
    ];
    for (const [i, u] of urls.entries()) {
      const res = await fetch(`${server.url}${u}`, i === 1 ? { method: 'POST', body: '{"a":1}', headers: { 'Content-Type': 'text/plain' } } : undefined);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
    const hits = await log();
    expect(hits.map((h) => [h.method, h.url])).toEqual([
      ['GET', urls[0]],
      ['POST', urls[1]],
      ['GET', urls[2]],
      ['GET', urls[3]],
    ]);
    for (const h of hits) {
      expect(h.time).toBeGreaterThanOrEqual(before);
      expect(h.time).toBeLessThanOrEqual(Date.now());
    }
    expect(hits.map((h) => h.time)).toEqual([...hits.map((h) => h.time)].sort((a, b) => a - b));
  });

  it('keeps path and query byte for byte, macros and encoding included', async () => {
    const u = '/beacons/track?event=complete&ad=a%2Fb%20c&cb=[CACHEBUSTING]&x=%E2%82%AC';
    expect((await rawRequest(server.url, u, { method: 'POST' })).status).toBe(204);
    expect((await log()).map((h) => [h.method, h.url])).toEqual([['POST', u]]);
  });

  it('does not record CORS preflights or reads of the log', async () => {
    await fetch(`${server.url}/beacons/track?event=start`, {
      method: 'OPTIONS',
      headers: { 'Access-Control-Request-Method': 'POST' },
    });
    await log();
    expect(await log()).toEqual([]);
  });

  it('DELETE /beacons/log clears the log', async () => {
    await fetch(`${server.url}/beacons/track?event=midpoint`);
    expect(await log()).toHaveLength(1);
    const res = await fetch(`${server.url}/beacons/log`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await log()).toEqual([]);
  });

  it('records every one of concurrent hits', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(`${server.url}/beacons/track?event=e&n=${i}`)));
    const hits = await log();
    expect(hits).toHaveLength(20);
    expect(new Set(hits.map((h) => h.url)).size).toBe(20);
  });

  it('each server has its own log', async () => {
    await fetch(`${server.url}/beacons/track?event=start`);
    const other = await startDemoServer({ port: 0 });
    try {
      expect(await (await fetch(`${other.url}/beacons/log`)).json()).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('refuses other methods on the log itself', async () => {
    expect((await fetch(`${server.url}/beacons/log`, { method: 'POST', body: 'x' })).status).toBe(405);
    expect(await log()).toEqual([]);
  });
});
