import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VASTParser } from '@dailymotion/vast-client';
import { DOMParser } from '@xmldom/xmldom';
import { compare } from './measure';
import type { BenchRow } from './measure';
import { parseVast } from '../../src/vast/parseVast';
import type { VastAd, VastDocument } from '../../src/vast/vastModel';

/**
 * vast.parse.vs-vast-client (DESIGN.md "Benchmarks"): one pass parsing every corpus VAST document with
 * stitchbox's parseVast (fast-xml-parser, no DOM), against @dailymotion/vast-client's
 * `new VASTParser().parseVAST(new DOMParser().parseFromString(xml, 'text/xml'))` with @xmldom/xmldom's
 * DOMParser, the DOM parse included: it is what vast-client needs in Node and in a service worker. Only the
 * documents both accept are used. parseVAST returns a promise: its synchronous part (the DOM walk of every
 * ad) is timed; the promise settles after the sample (wrappers are not fetched: no fetcher is given), so
 * the few microtasks of its completion are not. The note compares which fields each extracts, over the
 * same documents.
 */
const CORPUS = fileURLToPath(new URL('../../../shared/corpus/vast/', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** vast-client's response, as far as the comparison reads it. */
interface VcCreative {
  type: string;
  duration?: number;
  skipDelay?: number | null;
  mediaFiles?: unknown[];
  mezzanine?: unknown;
  interactiveCreativeFile?: unknown;
  closedCaptionFiles?: unknown[];
  trackingEvents?: Record<string, unknown[]>;
  videoClickThroughURLTemplate?: unknown;
  videoClickTrackingURLTemplates?: unknown[];
  videoCustomClickURLTemplates?: unknown[];
  icons?: unknown[];
  variations?: unknown[];
  universalAdIds?: unknown[];
}
interface VcAd {
  impressionURLTemplates: unknown[];
  errorURLTemplates: unknown[];
  pricing: unknown;
  advertiser: unknown;
  description: unknown;
  survey: unknown;
  adServingId: unknown;
  categories: unknown[];
  expires: unknown;
  viewableImpression: { viewable?: unknown[]; notViewable?: unknown[]; viewUndetermined?: unknown[] }[];
  adVerifications: unknown[];
  extensions: unknown[];
  blockedAdCategories: unknown[];
  creatives: VcCreative[];
  VASTAdTagURI?: string;
}
interface VcResponse { ads: VcAd[] }

const len = (x: unknown[] | undefined | null) => x?.length ?? 0;
const has = (x: unknown) => (x === null || x === undefined || x === '' ? 0 : 1);
const sumAds = <A>(ads: readonly A[], f: (a: A) => number) => ads.reduce((s, a) => s + f(a), 0);
const ourLinears = (d: VastDocument) => d.ads.flatMap((a) => a.creatives.flatMap((c) => (c.linear ? [c.linear] : [])));
const vcOf = (r: VcResponse, type: string) => r.ads.flatMap((a) => a.creatives.filter((c) => c.type === type));
const vcTracking = (c: VcCreative, progress: boolean) =>
  Object.entries(c.trackingEvents ?? {}).reduce((s, [k, v]) => s + (k.startsWith('progress') === progress ? v.length : 0), 0);

/** [field, count in stitchbox's output, count in vast-client's output or null when it has no such field]. */
const FIELDS: [string, (d: VastDocument) => number, ((r: VcResponse) => number) | null][] = [
  ['ads', (d) => d.ads.length, (r) => r.ads.length],
  ['Impression URLs', (d) => sumAds(d.ads, (a) => a.impressions.length), (r) => sumAds(r.ads, (a) => len(a.impressionURLTemplates))],
  ['ad Error URLs', (d) => sumAds(d.ads, (a) => a.errors.length), (r) => sumAds(r.ads, (a) => len(a.errorURLTemplates))],
  ['VAST-level Error URLs', (d) => d.errors.length, null],
  ['AdServingId', (d) => sumAds(d.ads, (a) => has(a.adServingId)), (r) => sumAds(r.ads, (a) => has(a.adServingId))],
  ['Pricing', (d) => sumAds(d.ads, (a) => has(a.pricing)), (r) => sumAds(r.ads, (a) => has(a.pricing))],
  ['Advertiser', (d) => sumAds(d.ads, (a) => has(a.advertiser)), (r) => sumAds(r.ads, (a) => has(a.advertiser))],
  ['Description', (d) => sumAds(d.ads, (a) => has(a.description)), (r) => sumAds(r.ads, (a) => has(a.description))],
  ['Survey', (d) => sumAds(d.ads, (a) => has(a.survey)), (r) => sumAds(r.ads, (a) => has(a.survey))],
  ['Category', (d) => sumAds(d.ads, (a) => a.categories.length), (r) => sumAds(r.ads, (a) => len(a.categories))],
  ['Expires', (d) => sumAds(d.ads, (a) => has(a.expires)), (r) => sumAds(r.ads, (a) => has(a.expires))],
  ['ViewableImpression URLs', (d) => sumAds(d.ads, (a) => (a.viewableImpression ? a.viewableImpression.viewable.length + a.viewableImpression.notViewable.length + a.viewableImpression.viewUndetermined.length : 0)),
    (r) => sumAds(r.ads, (a) => sumAds(a.viewableImpression ?? [], (v) => len(v.viewable) + len(v.notViewable) + len(v.viewUndetermined)))],
  ['Verification (4.1 + VAST 3 extension)', (d) => sumAds(d.ads, (a) => a.verifications.length), (r) => sumAds(r.ads, (a) => len(a.adVerifications))],
  ['Extension', (d) => sumAds(d.ads, (a) => a.extensions.length), (r) => sumAds(r.ads, (a) => len(a.extensions))],
  ['BlockedAdCategories', (d) => sumAds(d.ads, (a) => a.blockedAdCategories.length), (r) => sumAds(r.ads, (a) => len(a.blockedAdCategories))],
  ['Wrapper VASTAdTagURI', (d) => sumAds(d.ads, (a) => has(a.wrapperUri)), (r) => sumAds(r.ads, (a) => has(a.VASTAdTagURI))],
  ['Wrapper attributes as written', (d) => sumAds(d.ads, (a: VastAd) => (a.wrapper && Object.values(a.wrapper).some((v) => v !== null) ? 1 : 0)), null],
  ['Linear creatives', (d) => ourLinears(d).length, (r) => vcOf(r, 'linear').length],
  ['Linear Duration', (d) => ourLinears(d).filter((l) => l.duration !== null).length, (r) => vcOf(r, 'linear').filter((c) => (c.duration ?? -1) >= 0).length],
  ['Linear skipoffset', (d) => ourLinears(d).filter((l) => l.skipOffset !== null).length, (r) => vcOf(r, 'linear').filter((c) => c.skipDelay !== null && c.skipDelay !== undefined).length],
  ['MediaFile', (d) => sumAds(ourLinears(d), (l) => l.mediaFiles.length), (r) => sumAds(vcOf(r, 'linear'), (c) => len(c.mediaFiles))],
  ['Mezzanine', (d) => sumAds(ourLinears(d), (l) => l.mezzanines.length), (r) => sumAds(vcOf(r, 'linear'), (c) => has(c.mezzanine))],
  ['InteractiveCreativeFile', (d) => sumAds(ourLinears(d), (l) => l.interactiveCreativeFiles.length), (r) => sumAds(vcOf(r, 'linear'), (c) => has(c.interactiveCreativeFile))],
  ['ClosedCaptionFile', (d) => sumAds(ourLinears(d), (l) => l.closedCaptionFiles.length), (r) => sumAds(vcOf(r, 'linear'), (c) => len(c.closedCaptionFiles))],
  ['Linear Tracking (not progress)', (d) => sumAds(ourLinears(d), (l) => l.tracking.filter((t) => t.event !== 'progress').length), (r) => sumAds(vcOf(r, 'linear'), (c) => vcTracking(c, false))],
  ['progress Tracking with offset', (d) => sumAds(ourLinears(d), (l) => l.tracking.filter((t) => t.event === 'progress' && t.offset !== null).length), (r) => sumAds(vcOf(r, 'linear'), (c) => vcTracking(c, true))],
  ['ClickThrough', (d) => sumAds(ourLinears(d), (l) => has(l.clickThrough)), (r) => sumAds(vcOf(r, 'linear'), (c) => has(c.videoClickThroughURLTemplate))],
  ['ClickTracking', (d) => sumAds(ourLinears(d), (l) => l.clickTracking.length), (r) => sumAds(vcOf(r, 'linear'), (c) => len(c.videoClickTrackingURLTemplates))],
  ['CustomClick', (d) => sumAds(ourLinears(d), (l) => l.customClick.length), (r) => sumAds(vcOf(r, 'linear'), (c) => len(c.videoCustomClickURLTemplates))],
  ['Icon', (d) => sumAds(ourLinears(d), (l) => l.icons.length), (r) => sumAds(vcOf(r, 'linear'), (c) => len(c.icons))],
  ['Companion', (d) => sumAds(d.ads, (a) => sumAds(a.creatives, (c) => c.companionAds?.companions.length ?? 0)), (r) => sumAds(vcOf(r, 'companion'), (c) => len(c.variations))],
  ['NonLinear', (d) => sumAds(d.ads, (a) => sumAds(a.creatives, (c) => c.nonLinearAds?.nonLinears.length ?? 0)), (r) => sumAds(vcOf(r, 'nonlinear'), (c) => len(c.variations))],
  ['UniversalAdId', (d) => sumAds(d.ads, (a) => sumAds(a.creatives, (c) => c.universalAdIds.length)), (r) => sumAds(r.ads, (a) => sumAds(a.creatives, (c) => len(c.universalAdIds)))],
];

function fieldTable(ours: VastDocument[], theirs: VcResponse[]): string {
  const rows = FIELDS.map(([name, o, t]) => [name, String(sumAds(ours, o)), t ? String(sumAds(theirs, t)) : '—']);
  const head = ['field (values found in the corpus)', 'stitchbox', 'vast-client'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ')).join('\n');
}

const vastClient = (xml: string): Promise<VcResponse> =>
  new VASTParser().parseVAST(new DOMParser().parseFromString(xml, 'text/xml')) as unknown as Promise<VcResponse>;

export default async function vastBench(): Promise<BenchRow[]> {
  const docs: string[] = [];
  const ours: VastDocument[] = [];
  const theirs: VcResponse[] = [];
  for (const file of walk(CORPUS).filter((p) => p.endsWith('.xml') && !p.includes(`${path.sep}vmap${path.sep}`))) {
    const xml = readFileSync(file, 'utf8');
    try {
      const mine = parseVast(xml).vast;
      const vc = await vastClient(xml);
      docs.push(xml);
      ours.push(mine);
      theirs.push(vc);
    } catch {
      // a document one of the two rejects is not a fair input
    }
  }
  let sink = 0;
  const subject = () => {
    for (const d of docs) sink += parseVast(d).vast.ads.length;
  };
  const baseline = () => {
    for (const d of docs) vastClient(d).catch(() => {});
  };
  const { subjectMs, baselineMs, ratio } = compare(subject, baseline, { rounds: 21 });
  if (sink < 0) throw new Error('unreachable');
  const bytes = docs.reduce((s, d) => s + d.length, 0);
  return [{
    id: 'vast.parse.vs-vast-client', value: subjectMs, unit: 'ms', baseline: baselineMs, ratio,
    note: `${docs.length} corpus VAST documents (${Math.round(bytes / 1024)} KiB) per pass; vast-client with the @xmldom/xmldom DOM parse.\n${fieldTable(ours, theirs)}`,
  }];
}
