import { AD_SECONDS, type AdCreative } from './adCatalog';

/** What `fail=` asks the sample ADS to do instead of answering a pod (protocols.md §12: ADS failure modes). */
export type VastFailure = '500' | 'malformed' | 'empty' | 'timeout';

/** The sample ADS's query, normalised. Empty or unusable values mean the default (DESIGN.md "The demo server"). */
export interface VastQuery {
  /** Number of candidate ads. */
  pod: number;
  /** Creative lengths to cycle through, each one of AD_SECONDS. */
  durations: number[];
  /** Avail duration in seconds; 0 means no limit. */
  availSeconds: number;
  fail: VastFailure | null;
  delayMs: number;
  /** Echoed into the Ad ids, reduced to URL- and XML-safe characters. */
  sid: string;
  avail: string;
  /** Linear@skipoffset in seconds, or null for a non-skippable ad. */
  skipSeconds: number | null;
}

/** One ad of the answered pod. */
export interface PodAd {
  /** Unique in the response, stable for the same query. */
  id: string;
  /** 1-based position in the pod (VAST 4.2 §3.3.1 Ad@sequence). */
  sequence: number;
  creative: AdCreative;
}

export const DEFAULT_POD = 2;
export const MAX_POD = 20;
export const MAX_DELAY_MS = 60_000;
const FAILURES: readonly string[] = ['500', 'malformed', 'empty', 'timeout'];

function numberParam(q: URLSearchParams, key: string): number | undefined {
  const v = q.get(key);
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function idPart(v: string | null): string {
  return (v ?? '').replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64);
}

export function parseVastQuery(q: URLSearchParams): VastQuery {
  const pod = numberParam(q, 'pod');
  const durations = (q.get('durations') ?? '')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => (AD_SECONDS as readonly number[]).includes(n));
  const dur = numberParam(q, 'dur');
  const delay = numberParam(q, 'delay');
  const skip = numberParam(q, 'skip');
  const fail = q.get('fail') ?? '';
  return {
    pod: pod === undefined || pod < 0 ? DEFAULT_POD : Math.min(Math.floor(pod), MAX_POD),
    durations: durations.length > 0 ? durations : [...AD_SECONDS],
    availSeconds: dur !== undefined && dur > 0 ? dur : 0,
    fail: FAILURES.includes(fail) ? (fail as VastFailure) : null,
    delayMs: delay !== undefined && delay > 0 ? Math.min(delay, MAX_DELAY_MS) : 0,
    sid: idPart(q.get('sid')),
    avail: idPart(q.get('avail')),
    skipSeconds: skip !== undefined && skip >= 0 ? skip : null,
  };
}

/**
 * The pod: `pod` candidates cycling through `durations`; with an avail duration, the candidates whose
 * running total still fits are kept, in order, and the others dropped (whole ads only, never clipped:
 * protocols.md §7). Ids follow `${sid||'x'}-a${avail||'0'}-${sequence}-ad${seconds}`.
 */
export function choosePod(q: VastQuery, catalog: readonly AdCreative[]): PodAd[] {
  const pod: PodAd[] = [];
  let total = 0;
  for (let i = 0; i < q.pod; i++) {
    const seconds = q.durations[i % q.durations.length];
    const creative = catalog.find((c) => c.seconds === seconds);
    if (!creative) continue;
    if (q.availSeconds > 0 && total + seconds > q.availSeconds) continue;
    total += seconds;
    const sequence = pod.length + 1;
    pod.push({ id: `${q.sid || 'x'}-a${q.avail || '0'}-${sequence}-ad${seconds}`, sequence, creative });
  }
  return pod;
}

/** Wrapper chains of the sample ADS: enough levels to pass MediaTailor's limit of 7 (protocols.md §12). */
export const MAX_WRAP = 10;

/**
 * The sample ADS's additions to the pod (kept apart from VastQuery, whose shape existing clients rely on):
 * `wrap=N` answers a chain of N wrappers ending in the pod, `wrap=loop` a wrapper that points at itself,
 * `companion=1` adds static and HTML companions, `nonlinear=1` an overlay creative, `icon=1` an AdChoices
 * icon, `verification=1` an Open Measurement verification, `extension=1` an Extension, `interactive=1` a
 * VPAID MediaFile and a SIMID InteractiveCreativeFile (every field of the tracking JSON, protocols.md §4.3).
 */
export interface AdServerExtras {
  wrap: number | 'loop';
  companion: boolean;
  nonlinear: boolean;
  icon: boolean;
  verification: boolean;
  extension: boolean;
  interactive: boolean;
}

const flag = (q: URLSearchParams, key: string) => ['1', 'true', 'yes'].includes((q.get(key) ?? '').trim().toLowerCase());

export function parseAdServerExtras(q: URLSearchParams): AdServerExtras {
  const w = (q.get('wrap') ?? '').trim();
  const n = Number(w);
  return {
    wrap: w === 'loop' ? 'loop' : w !== '' && Number.isFinite(n) && n > 0 ? Math.min(Math.floor(n), MAX_WRAP) : 0,
    companion: flag(q, 'companion'),
    nonlinear: flag(q, 'nonlinear'),
    icon: flag(q, 'icon'),
    verification: flag(q, 'verification'),
    extension: flag(q, 'extension'),
    interactive: flag(q, 'interactive'),
  };
}

/** `/ads/vmap`: where the breaks go, and whether their ads are inline (`VASTAdData`) or fetched (`AdTagURI`). */
export interface VmapQuery {
  /** VMAP 1.0 AdBreak@timeOffset values: start, end, HH:MM:SS(.mmm), n%, #n. */
  breaks: string[];
  /** `overlays=`: offsets of nonlinear (overlay) breaks, in the same forms; none when absent. */
  overlays: string[];
  source: 'inline' | 'tag';
}

const OFFSET = /^(start|end|\d{2}:\d{2}:\d{2}(\.\d{1,3})?|\d{1,3}(\.\d+)?%|#\d{1,3})$/;

export function parseVmapQuery(q: URLSearchParams): VmapQuery {
  const breaks = (q.get('breaks') ?? '').split(',').map((s) => s.trim()).filter((s) => OFFSET.test(s)).slice(0, MAX_POD);
  const overlays = (q.get('overlays') ?? '').split(',').map((s) => s.trim()).filter((s) => OFFSET.test(s)).slice(0, MAX_POD);
  return { breaks: breaks.length ? breaks : ['start'], overlays, source: q.get('source') === 'tag' ? 'tag' : 'inline' };
}

/** The raw query with one parameter set (or removed with null), others kept byte for byte. */
export function withParam(rawQuery: string, key: string, value: string | null): string {
  const parts = rawQuery.replace(/^\?/, '').split('&').filter((p) => p !== '' && p.split('=')[0] !== key);
  if (value !== null) parts.push(`${key}=${encodeURIComponent(value)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
