/**
 * A local ad server for wrapper tests (fakes only at the network boundary): serves the corpus files under
 * /corpus/, and generated chains:
 * - /chain/<n>/<k>: wrapper k of a chain of n wrappers (k = 1..n), each with its own Impression, Error and
 *   start tracking; /chain/<n>/<n+1> is the InLine ad at the end;
 * - /loop/a and /loop/b: two wrappers pointing at each other; /self: a wrapper pointing at
 *   /self?cb=[CACHEBUSTING] (a loop behind a cache-buster);
 * - /inline?ads=N&seq=1: N inline ads (a pod when seq=1); /empty: a VAST with no Ad and a VAST-level Error;
 * - /slow?ms=M&to=<path>: answers the wrapper to `to` after M ms; /status/<code>: that HTTP status;
 * - /text?body=...: the body as given.
 * Every request is logged in `requests`.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

const CORPUS = new URL('../../../../shared/corpus/vast/', import.meta.url);

export interface WrapperServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export function wrapperXml(base: string, id: string, next: string, attrs = '', extra = ''): string {
  return `<VAST version="4.2"><Ad id="${id}"><Wrapper${attrs}><AdSystem>test</AdSystem>
  <Error><![CDATA[${base}/err?ad=${id}&code=[ERRORCODE]]]></Error>
  <Impression><![CDATA[${base}/imp?ad=${id}]]></Impression>
  <Creatives><Creative><Linear><TrackingEvents><Tracking event="start"><![CDATA[${base}/start?ad=${id}]]></Tracking></TrackingEvents>
  <VideoClicks><ClickTracking><![CDATA[${base}/click?ad=${id}]]></ClickTracking></VideoClicks></Linear></Creative></Creatives>
  <VASTAdTagURI><![CDATA[${next}]]></VASTAdTagURI>${extra}</Wrapper></Ad></VAST>`;
}

export function inlineAd(base: string, id: string, seq: number | null): string {
  return `<Ad id="${id}"${seq === null ? '' : ` sequence="${seq}"`}><InLine><AdSystem>test</AdSystem><AdTitle>${id}</AdTitle>
  <Error><![CDATA[${base}/err?ad=${id}&code=[ERRORCODE]]]></Error>
  <Impression><![CDATA[${base}/imp?ad=${id}]]></Impression>
  <Creatives><Creative id="c-${id}"><Linear><Duration>00:00:06</Duration>
  <TrackingEvents><Tracking event="start"><![CDATA[${base}/start?ad=${id}]]></Tracking></TrackingEvents>
  <MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL"><![CDATA[${base}/media/${id}.m3u8]]></MediaFile></MediaFiles>
  </Linear></Creative></Creatives></InLine></Ad>`;
}

export async function startWrapperServer(): Promise<WrapperServer> {
  const requests: string[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', base);
    requests.push(u.pathname + u.search);
    const xml = (body: string, status = 200) => { res.writeHead(status, { 'Content-Type': 'application/xml' }); res.end(body); };
    const p = u.pathname;
    let m: RegExpExecArray | null;
    if (p.startsWith('/corpus/')) {
      try { xml(readFileSync(new URL(decodeURIComponent(p.slice('/corpus/'.length)), CORPUS), 'utf8')); } catch { xml('not found', 404); }
    } else if ((m = /^\/chain\/(\d+)\/(\d+)$/.exec(p))) {
      const n = Number(m[1]);
      const k = Number(m[2]);
      if (k > n) xml(`<VAST version="4.2">${inlineAd(base, `inline${n}`, null)}</VAST>`);
      else xml(wrapperXml(base, `w${k}of${n}`, `${base}/chain/${n}/${k + 1}`));
    } else if (p === '/loop/a' || p === '/loop/b') {
      xml(wrapperXml(base, `loop-${p.slice(-1)}`, p === '/loop/a' ? '/loop/b' : 'a'));
    } else if (p === '/self') {
      xml(wrapperXml(base, 'self', '/self?cb=[CACHEBUSTING]'));
    } else if (p === '/inline') {
      const n = Number(u.searchParams.get('ads') ?? '1');
      const pod = u.searchParams.get('seq') === '1';
      const ads = Array.from({ length: n }, (_, i) => inlineAd(base, `${u.searchParams.get('id') ?? 'i'}${i + 1}`, pod ? i + 1 : null));
      xml(`<VAST version="${u.searchParams.get('v') ?? '4.2'}">${ads.join('')}</VAST>`);
    } else if (p === '/empty') {
      xml(`<VAST version="4.2"><Error><![CDATA[${base}/err?ad=empty-doc&code=[ERRORCODE]]]></Error></VAST>`);
    } else if (p === '/slow') {
      const timer = setTimeout(() => xml(wrapperXml(base, 'slow', u.searchParams.get('to') ?? '/inline')), Number(u.searchParams.get('ms') ?? '0'));
      res.on('close', () => clearTimeout(timer));
    } else if ((m = /^\/status\/(\d+)$/.exec(p))) {
      xml('error', Number(m[1]));
    } else if (p === '/text') {
      xml(u.searchParams.get('body') ?? '');
    } else {
      xml('not found', 404);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
