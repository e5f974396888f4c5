/**
 * The fuzz targets (issue 9 item 2), shared by the quick run in `npm test` (fuzz.test.ts) and the long run
 * (`npm run fuzz`, scripts/fuzz.ts). Each target is an arbitrary of hostile input and a check that throws
 * when a property fails: no uncaught exception other than the documented typed errors (StitchboxError with a
 * code; Scte35Error with a kind and an offset inside the input), and the output invariants where there are
 * some. Nothing is asserted about time; inputs are bounded (mutations.ts) so a hang would be the code's.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { ErrorCode, StitchboxError } from '../../../src/errors';
import { findBreaks } from '../../../src/hls/findBreaks';
import { isMasterPlaylist, parseMaster } from '../../../src/hls/parseMaster';
import { parseMedia } from '../../../src/hls/parseMedia';
import { parseFull, parseMediaSlide } from '../../../src/hls/parseMediaSlide';
import { readCue } from '../../../src/hls/readCueTag';
import { rewriteMaster } from '../../../src/hls/rewriteMaster';
import { stitchMedia, type Insertion } from '../../../src/hls/stitchMedia';
import { decodeSpliceInfoSection } from '../../../src/scte35/decode';
import { fromBase64, fromHex } from '../../../src/scte35/bytes';
import { crc32Mpeg2 } from '../../../src/scte35/crc32';
import { Scte35Error } from '../../../src/scte35/scte35Error';
import { parseVast } from '../../../src/vast/parseVast';
import { parseVmap } from '../../../src/vast/parseVmap';
import { parseMpd, periodsOf, periodTimings, adaptationSetsOf, representationsOf, resolveRepresentation, writeMpd } from '../../../src/dash/mpdModel';
import { findDashBreaks } from '../../../src/scte35/dashBreaks';
import { stitchDashVod } from '../../../src/dash/stitchDashVod';
import { parseConfig, validateConfig } from '../../../src/session/config';
import { checkPrefetchSchedule } from '../../../src/session/prefetch/prefetchSchedule';
import { parseRoute } from '../../../src/session/routes';
import { createEngine } from '../../../src/session/engine';
import type { HttpResult, Ports } from '../../../src/session/ports';
import { memoryStore } from '../session/liveHarness';
import { hostile, mutated, nestedXml, rawText, HOSTILE_TOKENS } from './mutate';
import { cueSeed, generatedMedia, hlsMasterSeed, hlsMediaSeed, mpdCorpus, scteSections, vastCorpus, vmapCorpus } from './seeds';

export interface FuzzTarget<T = unknown> {
  name: string;
  /** Share of the long run's cases (relative). */
  weight: number;
  arbitrary: fc.Arbitrary<T>;
  check(input: T): void | Promise<void>;
  async?: boolean;
}

const target = <T>(t: FuzzTarget<T>): FuzzTarget => t as FuzzTarget;

/** Run `f`; an exception other than a StitchboxError (optionally of one of `codes`) fails the property. */
function typed<R>(what: string, f: () => R, codes?: readonly string[]): R | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof StitchboxError && (!codes || codes.includes(e.code))) return undefined;
    throw new Error(`${what} threw ${e instanceof StitchboxError ? `${e.code} (not one of ${codes?.join(', ')})` : 'an untyped error'}: ${(e as Error)?.stack ?? String(e)}`);
  }
}

function never<R>(what: string, f: () => R): R {
  try {
    return f();
  } catch (e) {
    throw new Error(`${what} threw (it must not): ${(e as Error)?.stack ?? String(e)}`);
  }
}

const BASE = 'https://origin.test/live/ch1/index.m3u8';

// ---------------------------------------------------------------------------------------------------- HLS

const hlsStitch = target({
  name: 'hls-media-stitch',
  weight: 4,
  arbitrary: fc.tuple(hostile(hlsMediaSeed), fc.array(fc.record({ at: fc.nat(40), replace: fc.nat(4), n: fc.integer({ min: 1, max: 3 }), slate: fc.boolean() }), { maxLength: 3 })),
  check([text, raw]) {
    const { playlist } = never('parseMedia', () => parseMedia(text));
    never('findBreaks', () => findBreaks(playlist));
    const n = playlist.segments.length;
    for (const stripCues of [true, false]) {
      // No insertions: the stitched text re-parses to the same segments (URIs made absolute), nothing lost.
      const out = typed('stitchMedia', () => stitchMedia(playlist, [], { baseUrl: BASE, stripCues, rewriteAdUri: () => 'unused' }), [ErrorCode.MANIFEST_INVALID]);
      if (!out) continue;
      const again = never('parseMedia(stitched)', () => parseMedia(out.text)).playlist;
      if (again.segments.length !== n) throw new Error(`stitched playlist has ${again.segments.length} segments, input ${n}:\n${out.text}`);
      again.segments.forEach((s, i) => {
        if (s.durationText !== playlist.segments[i].durationText) throw new Error(`segment ${i} EXTINF ${s.durationText} != ${playlist.segments[i].durationText}`);
      });
    }
    // Random valid insertions: the text re-parses with content kept + ad segments.
    const insertions: Insertion[] = [];
    let free = 0;
    let added = 0;
    let removed = 0;
    for (const r of [...raw].sort((a, b) => a.at - b.at)) {
      const at = Math.max(r.at % (n + 1), free);
      if (at > n) continue;
      const replace = Math.min(r.replace, n - at);
      insertions.push({ at, replace, pieces: [{ kind: r.slate ? 'slate' : 'ad', segments: Array.from({ length: r.n }, (_, k) => ({ uri: `https://ads.test/${k}.ts`, duration: 2, durationText: '2' })) }] });
      free = at + replace;
      added += r.n;
      removed += replace;
    }
    const out = typed('stitchMedia(insertions)', () => stitchMedia(playlist, insertions, { baseUrl: BASE, stripCues: true, rewriteAdUri: (p, i, s) => `https://ads.test/${i}/${p}/${s}.ts` }), [ErrorCode.MANIFEST_INVALID]);
    if (out) {
      const again = parseMedia(out.text).playlist;
      if (again.segments.length !== n - removed + added) throw new Error(`stitched with insertions: ${again.segments.length} segments, expected ${n - removed + added}`);
    }
  },
});

/** The live warm path: a window, then the next refresh (a slide of it, mutated or not), parsed from the first. */
const slideCase = fc.tuple(generatedMedia.map((t) => t.replace('#EXT-X-ENDLIST\n', '')), fc.nat(8), fc.array(fc.tuple(fc.constantFrom('2', '6.006', '4.5'), fc.nat(999), fc.constantFrom('', '#EXT-X-CUE-IN\n', '#EXT-X-DISCONTINUITY\n', '#EXT-X-CUE-OUT:30\n')), { maxLength: 3 }), fc.boolean())
  .chain(([prev, drop, add, mutate]) => {
    const lines = prev.split('\n');
    const head = lines.findIndex((l) => l.startsWith('#EXT-X-MEDIA-SEQUENCE')) + 1;
    const next = [...lines.slice(0, head), ...lines.slice(head + drop * 2)].join('\n') + add.map(([d, i, tag]) => `${tag}#EXTINF:${d},\nseg/n${i}.ts\n`).join('');
    return fc.tuple(fc.constant(prev), mutate ? mutated(fc.constant(next), 2) : fc.constant(next));
  });

const hlsSlide = target({
  name: 'hls-live-slide',
  weight: 2,
  arbitrary: slideCase,
  check([prevText, text]) {
    const prev = never('parseFull', () => parseFull(prevText));
    const slid = never('parseMediaSlide', () => parseMediaSlide(prev, text));
    if (slid && !isDeepStrictEqual(slid.playlist, parseMedia(text).playlist)) throw new Error('parseMediaSlide answered a model that differs from parseMedia');
  },
});

const hlsMaster = target({
  name: 'hls-master',
  weight: 2,
  arbitrary: hostile(hlsMasterSeed),
  check(text) {
    never('isMasterPlaylist', () => isMasterPlaylist(text));
    const { playlist, problems } = never('parseMaster', () => parseMaster(text));
    const r = typed('rewriteMaster', () => rewriteMaster(text, (uri, i) => `/v1/manifest/a/c/s/${i}.m3u8#${uri.length}`), [ErrorCode.MANIFEST_INVALID]);
    if (!r) return;
    if (r.text.charCodeAt(0) === 0xfeff) throw new Error('rewriteMaster kept a byte order mark (RFC 8216 §4.1)');
    if (problems.length) return; // stray lines of a broken playlist may read differently once URIs change
    // The rewritten playlist has the same variants and renditions; only their URIs changed.
    const again = parseMaster(r.text).playlist;
    if (again.variants.length !== playlist.variants.length || again.renditions.length !== playlist.renditions.length) {
      throw new Error(`rewriteMaster: ${again.variants.length}/${again.renditions.length} variants/renditions, input ${playlist.variants.length}/${playlist.renditions.length}`);
    }
  },
});

const hlsCue = target({
  name: 'hls-cue-tag',
  weight: 2,
  arbitrary: fc.oneof(mutated(cueSeed, 3), rawText.map((s) => `#EXT-X-CUE-OUT:${s}`), rawText.map((s) => `#EXT-X-DATERANGE:${s}`)),
  check(line) {
    never('readCue', () => readCue(line));
  },
});

// ---------------------------------------------------------------------------------------------------- SCTE-35

/** A corpus section mutated at byte level, lengths pushed to 0xFFF, its CRC made right half the time. */
const scteBytes = fc.tuple(fc.constantFrom(...scteSections), fc.array(fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), v: fc.constantFrom(0x00, 0xff, 0x0f, 0xf0, 0x80, 0x7f) }),
  fc.record({ op: fc.constant('len' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 8 }) }),
), { maxLength: 4 }), fc.boolean()).map(([seed, ops, crc]) => {
  let b = Uint8Array.from(seed);
  for (const o of ops) {
    if (!b.length) break;
    const i = o.at % b.length;
    if (o.op === 'flip') b[i] ^= 1 << o.bit;
    else if (o.op === 'truncate') b = b.slice(0, i);
    else if (o.op === 'set') b[i] = o.v;
    else if (o.op === 'len') { b[i] |= 0x0f; if (i + 1 < b.length) b[i + 1] = 0xff; } // a 12-bit length at 0xFFF
    else b = Uint8Array.from([...b.subarray(0, i), ...o.bytes, ...b.subarray(i)]);
  }
  if (crc && b.length >= 7 && b[0] === 0xfc) {
    const total = 3 + (((b[1] & 0x0f) << 8) | b[2]);
    if (total >= 7 && total <= b.length) {
      const c = crc32Mpeg2(b, 0, total - 4);
      b.set([c >>> 24, (c >>> 16) & 255, (c >>> 8) & 255, c & 255], total - 4);
    }
  }
  return b;
});

function scteTyped(what: string, input: { length: number }, f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof Scte35Error)) throw new Error(`${what} threw a ${(e as Error)?.name}, not a Scte35Error: ${(e as Error)?.stack ?? String(e)}`);
    if (!(e.offset >= 0 && e.offset <= input.length)) throw new Error(`${what}: Scte35Error offset ${e.offset} outside 0..${input.length}`);
  }
}

const scte35 = target({
  name: 'scte35-decode',
  weight: 3,
  arbitrary: fc.oneof({ weight: 6, arbitrary: scteBytes }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) }),
  check(bytes) {
    scteTyped('decodeSpliceInfoSection', bytes, () => decodeSpliceInfoSection(bytes));
  },
});

const scte35Text = target({
  name: 'scte35-text',
  weight: 1,
  arbitrary: fc.oneof(mutated(fc.constantFrom(...scteSections.map((b) => Buffer.from(b).toString('base64')), ...scteSections.map((b) => '0x' + Buffer.from(b).toString('hex'))), 3), rawText),
  check(s) {
    scteTyped('fromBase64', s, () => decodeSpliceInfoSection(fromBase64(s)));
    scteTyped('fromHex', s, () => decodeSpliceInfoSection(fromHex(s)));
  },
});

// ---------------------------------------------------------------------------------------------------- VAST / VMAP

const deepXml = (root: string) => fc.integer({ min: 1, max: 20_000 }).map((d) => nestedXml(root, d));

const vast = target({
  name: 'vast-parse',
  weight: 3,
  arbitrary: fc.oneof({ weight: 10, arbitrary: hostile(fc.constantFrom(...vastCorpus)) }, { weight: 1, arbitrary: deepXml('VAST') }),
  check(xml) {
    typed('parseVast', () => parseVast(xml), [ErrorCode.VAST_INVALID]);
  },
});

const vmap = target({
  name: 'vmap-parse',
  weight: 1,
  arbitrary: fc.oneof({ weight: 10, arbitrary: hostile(fc.constantFrom(...vmapCorpus)) }, { weight: 1, arbitrary: deepXml('vmap:VMAP') }),
  check(xml) {
    typed('parseVmap', () => parseVmap(xml), [ErrorCode.VAST_INVALID]);
  },
});

// ---------------------------------------------------------------------------------------------------- DASH

const dash = target({
  name: 'dash-mpd',
  weight: 3,
  arbitrary: fc.oneof({ weight: 10, arbitrary: hostile(fc.constantFrom(...mpdCorpus)) }, { weight: 1, arbitrary: deepXml('MPD') }),
  check(text) {
    const mpd = never('parseMpd', () => parseMpd(text));
    typed('findDashBreaks', () => findDashBreaks(text), [ErrorCode.MANIFEST_INVALID]);
    if (!mpd) return;
    // Round trip, for well-formed XML (the parser also reads broken XML, leniently; that is not a tree to keep):
    // the written MPD parses to the same tree, and writing is then a fixed point.
    const written = never('writeMpd', () => writeMpd(mpd));
    if (XMLValidator.validate(text) !== true) return;
    const again = parseMpd(written);
    if (!again) throw new Error(`written MPD does not parse:\n${written.slice(0, 2000)}`);
    const [a, b] = [JSON.stringify(mpd.doc), JSON.stringify(again.doc)];
    if (a !== b) {
      let i = 0;
      while (a[i] === b[i]) i++;
      throw new Error(`MPD round trip changed the tree at ${JSON.stringify(a.slice(Math.max(0, i - 150), i + 100))} (read again: ${JSON.stringify(b.slice(Math.max(0, i - 150), i + 100))})`);
    }
    if (writeMpd(again) !== written) throw new Error('writing the MPD again is not a fixed point');
    const timings = never('periodTimings', () => periodTimings(mpd.root));
    periodsOf(mpd.root).forEach((p, pi) => {
      for (const as of adaptationSetsOf(p)) for (const rep of representationsOf(as)) {
        never('resolveRepresentation', () => resolveRepresentation('https://origin.test/dash/manifest.mpd', mpd.root, p, as, rep, timings[pi]?.duration ?? 60));
      }
    });
    for (const keepMarkers of [false, true]) {
      const out = typed('stitchDashVod', () => stitchDashVod(text, { mpdUrl: 'https://origin.test/dash/manifest.mpd', avails: [], adBaseUrl: () => 'https://ads.test/', keepMarkers }), [ErrorCode.MANIFEST_INVALID]);
      if (out && !parseMpd(out.text)) throw new Error(`stitched MPD does not parse:\n${out.text.slice(0, 2000)}`);
    }
  },
});

// ---------------------------------------------------------------------------------------------------- configs

const VALID_CONFIG = {
  Name: 'demo', VideoContentSourceUrl: 'https://origin.test/vod', AdDecisionServerUrl: 'https://ads.test/vast?sid=[session.id]&avail=[avail.index]',
  SlateAdUrl: 'https://ads.test/slate/master.m3u8', PersonalizationThresholdSeconds: 2,
  AvailSuppression: { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:30', FillPolicy: 'PARTIAL_AVAIL' },
  LivePreRollConfiguration: { AdDecisionServerUrl: 'https://ads.test/pre', MaxDurationSeconds: 30 },
  Stitchbox: { AdsRequestTimeoutMs: 3000, OriginTimeoutMs: 2000, CreativeUrlTemplate: 'https://cdn.test/[creative.id]/master.m3u8' },
  ManifestProcessingRules: { AdMarkerPassthrough: { Enabled: true } },
};

/** JSON text of a valid object mutated, parsed back when it still is JSON; else any value at all. */
const jsonish = (valid: object) => fc.oneof(
  { weight: 4, arbitrary: mutated(fc.constant(JSON.stringify(valid, null, 1)), 3).map((t) => { try { return JSON.parse(t) as unknown; } catch { return t; } }) },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 4, withBigInt: true, withDate: true, withMap: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true }) },
  { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...Object.keys(valid), '__proto__', 'constructor', 'Stitchbox'), fc.oneof(fc.anything({ maxDepth: 2 }), fc.constantFrom(...HOSTILE_TOKENS))).map((d) => ({ ...valid, ...d })) },
);

const config = target({
  name: 'config',
  weight: 2,
  arbitrary: jsonish(VALID_CONFIG),
  check(input) {
    const errors = never('validateConfig', () => validateConfig(input));
    if (!Array.isArray(errors) || errors.some((e) => typeof e !== 'string')) throw new Error('validateConfig must return messages');
    let threw = false;
    typed('parseConfig', () => { try { parseConfig(input); } catch (e) { threw = true; throw e; } }, [ErrorCode.CONFIG_INVALID]);
    if (threw !== errors.length > 0) throw new Error(`parseConfig ${threw ? 'threw' : 'accepted'} but validateConfig listed ${errors.length} problems: ${errors.join('; ')}`);
  },
});

const VALID_SCHEDULE = {
  Name: 's1', PlaybackConfigurationName: 'demo', StreamId: 'abc',
  Retrieval: { StartTime: 1_780_000_000, EndTime: 1_780_000_600, DynamicVariables: { 'scte.event_id': '1' } },
  Consumption: { StartTime: 1_780_000_600, EndTime: 1_780_003_600, AvailMatchingCriteria: [{ DynamicVariable: 'scte.event_id', Operator: 'EQUALS' }] },
};

const prefetch = target({
  name: 'prefetch-schedule',
  weight: 1,
  arbitrary: jsonish(VALID_SCHEDULE),
  check(input) {
    const r = never('checkPrefetchSchedule', () => checkPrefetchSchedule(input, { now: 1_780_000_000_000, existing: [], configExists: (n) => n === 'demo' }));
    if ((r.errors.length > 0) === (r.schedule !== null)) throw new Error(`checkPrefetchSchedule: ${r.errors.length} errors and ${r.schedule ? 'a' : 'no'} schedule`);
  },
});

// ---------------------------------------------------------------------------------------------------- routes and engine

const SID = '0123456789abcdef0123456789abcdef';
const PATHS = [
  '/v1/session/acct/demo/vod/master.m3u8', '/v1/master/acct/demo/vod/master.m3u8', `/v1/master/acct/demo/vod/master.m3u8?aws.sessionId=${SID}`,
  `/v1/manifest/acct/demo/${SID}/0.m3u8`, `/v1/segment/acct/demo/${SID}/0/0/0/0.ts`, `/v1/segment/acct/demo/${SID}/0/slate/0/map.mp4`,
  `/v1/tracking/acct/demo/${SID}`, `/v1/decisions/acct/demo/${SID}`, '/v1/dash/acct/demo/vod/manifest.mpd', `/v1/dashsegment/acct/demo/${SID}/0/0/0/0.m4s`,
  '/v1/bpk/demo/vod/master.m3u8', '/v1/ssai/acct/demo/vod/master.m3u8', '/v1/session/acct/demo/live/index.mpd',
];
const path = hostile(fc.constantFrom(...PATHS));

const routes = target({
  name: 'routes',
  weight: 2,
  arbitrary: fc.tuple(path, fc.constantFrom('/', '/app/', '/v1/')),
  check([p, scope]) {
    never('parseRoute', () => parseRoute(p.split('?')[0], scope));
  },
});

/**
 * The fake network (the unit tests' one boundary): the origin's multivariant playlist, its media playlists
 * (a new hostile text on each request, so a live session refreshes over them), the ADS's VAST and the ad
 * creatives' playlists, each from its own hostile list; or, for any URL, a hostile status.
 */
interface EngineCase { master: string; media: string[]; vast: string[]; creative: string[]; mpd: string; status: number; requests: { method: string; path: string; body: string }[]; refreshes: number }

const liveMedia = fc.tuple(generatedMedia, fc.nat(3)).map(([t, n]) => t.replace('#EXT-X-ENDLIST', n === 0 ? '#EXT-X-ENDLIST' : ''));

const engineCase: fc.Arbitrary<EngineCase> = fc.record({
  master: hostile(hlsMasterSeed),
  media: fc.array(fc.oneof(hostile(liveMedia), hostile(hlsMediaSeed)), { minLength: 1, maxLength: 4 }),
  vast: fc.array(hostile(fc.constantFrom(...vastCorpus)), { minLength: 1, maxLength: 2 }),
  creative: fc.array(hostile(hlsMediaSeed), { minLength: 1, maxLength: 2 }),
  mpd: hostile(fc.constantFrom(...mpdCorpus)),
  status: fc.constantFrom(200, 200, 200, 200, 404, 500),
  requests: fc.array(fc.record({
    method: fc.constantFrom('GET', 'GET', 'POST', 'HEAD', 'PUT'),
    path,
    body: fc.oneof(fc.constant(''), jsonish({ adsParams: { pod: '2' }, reportingMode: 'SERVER' }).map((v) => { try { return JSON.stringify(v) ?? ''; } catch { return 'not JSON'; } })),
  }), { maxLength: 3 }),
  refreshes: fc.integer({ min: 1, max: 3 }),
});

/** How far the engine cases got (the quick run checks they reach stitched playlists, not only errors). */
export const engineReach = { mediaPlaylists: 0, masters: 0, mpds: 0, errors: 0 };

const engine = target<EngineCase>({
  name: 'engine-http',
  weight: 1,
  async: true,
  arbitrary: engineCase,
  async check(c) {
    const store = memoryStore();
    await store.putConfig(parseConfig({ Name: 'demo', VideoContentSourceUrl: 'https://origin.test/o', AdDecisionServerUrl: 'https://ads.test/vast?s=[session.id]', SlateAdUrl: 'https://ads.test/slate/master.m3u8' }));
    const internal: string[] = [];
    const count = { media: 0, vast: 0, creative: 0 };
    let t = 1_780_000_000_000;
    const answer = (url: string): string => {
      const u = new URL(url);
      if (u.host === 'ads.test' && u.pathname.startsWith('/vast')) return c.vast[count.vast++ % c.vast.length];
      if (u.host !== 'origin.test') return c.creative[count.creative++ % c.creative.length];
      if (u.pathname.endsWith('.mpd')) return c.mpd;
      if (u.pathname.endsWith('/master.m3u8')) return c.master;
      return c.media[count.media++ % c.media.length];
    };
    const ports: Ports = {
      fetchText: async (url): Promise<HttpResult> => ({ status: c.status, url, headers: {}, text: answer(url) }),
      store,
      now: () => (t += 2000),
      randomBytes: (k) => Uint8Array.from({ length: k }, (_, i) => (i * 37 + count.media) & 255),
      flushBeacons: async () => {},
      log: (level, message) => { if (level === 'error' && message.startsWith('internal error')) internal.push(message); },
      sleep: async () => {},
    };
    const e = createEngine(ports, { scope: '/' });
    // Open an HLS and a DASH session, then the hostile requests, then the URLs the answers named, refreshed.
    const seen = new Set<string>();
    const call = async (method: string, p: string, body: string) => {
      let u: URL;
      try { u = new URL(p, 'https://app.test'); } catch { return; }
      const r = await e.handle({ method, url: u.href, headers: { 'user-agent': 'fuzz' }, body: async () => body });
      if (!r) return;
      await Promise.allSettled(r.background);
      if (r.response.kind === 'body') {
        if (!(r.response.status >= 200 && r.response.status < 600)) throw new Error(`status ${r.response.status} for ${method} ${p}`);
        // A playlist served must not carry a byte order mark (RFC 8216 §4.1), whatever the origin sent.
        if (r.response.headers['Content-Type'] === 'application/vnd.apple.mpegurl' && r.response.body.charCodeAt(0) === 0xfeff) {
          throw new Error(`a playlist with a byte order mark for ${p}:\n${r.response.body.slice(0, 500)}`);
        }
        const ok = r.response.status === 200;
        if (!ok) engineReach.errors++;
        else if (u.pathname.startsWith('/v1/manifest/')) engineReach.mediaPlaylists++;
        else if (u.pathname.startsWith('/v1/master/')) engineReach.masters++;
        else if (u.pathname.startsWith('/v1/dash/')) engineReach.mpds++;
        for (const m of r.response.body.matchAll(/\/v1\/(?:master|manifest|dash|tracking|segment)\/[^\s"<>]+/g)) if (seen.size < 12) seen.add(m[0].replace(/&amp;/g, '&'));
      }
    };
    await call('POST', '/v1/session/acct/demo/vod/master.m3u8', '{}');
    await call('POST', '/v1/session/acct/demo/vod/manifest.mpd', '{}');
    for (const r of c.requests) await call(r.method, r.path, r.body);
    for (let i = 0; i < c.refreshes; i++) for (const p of [...seen]) await call('GET', p, '');
    if (internal.length) throw new Error(`the engine hit an internal error: ${internal[0]}`);
  },
});

export const targets: FuzzTarget[] = [hlsStitch, hlsSlide, hlsMaster, hlsCue, scte35, scte35Text, vast, vmap, dash, config, prefetch, routes, engine];
