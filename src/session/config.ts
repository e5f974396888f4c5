/**
 * Playback configurations in the shape of MediaTailor's PutPlaybackConfiguration request, so a publisher can
 * paste an existing one (DESIGN.md), plus stitchbox's own settings in `Stitchbox`.
 * https://docs.aws.amazon.com/mediatailor/latest/apireference/API_PutPlaybackConfiguration.html
 */
import { ErrorCode, StitchboxError } from '../errors';

export interface AvailSuppressionConfig {
  Mode?: 'OFF' | 'BEHIND_LIVE_EDGE' | 'AFTER_LIVE_EDGE';
  Value?: string;
  FillPolicy?: 'FULL_AVAIL_ONLY' | 'PARTIAL_AVAIL';
}

export interface StitchboxSettings {
  /** URL template giving a creative's streaming rendition ladder, keyed by creative id (DESIGN "Ad creatives"). */
  CreativeUrlTemplate?: string | null;
  /** Per ADS request timeout, ms (MediaTailor AdsRequestTimeoutMilliseconds: 3000). */
  AdsRequestTimeoutMs?: number;
  /** Total budget for one ad decision including wrappers and creative playlists, ms. */
  DecisionBudgetMs?: number;
  /** Origin request timeout, ms (MediaTailor: 2 s). */
  OriginTimeoutMs?: number;
  /** Keep cue tags in the stitched output (ManifestProcessingRules.AdMarkerPassthrough). */
  SessionIdleTimeoutSeconds?: number;
}

/**
 * MediaTailor's DashConfigurationForPut (API_DashConfigurationForPut.html). OriginManifestType says how origin
 * MPDs are read for breaks (protocols.md §15): MULTI_PERIOD (the default) or SINGLE_PERIOD. MpdLocation
 * (EMT_DEFAULT | DISABLED) and ManifestEndpointPrefix (ignored in PUT by MediaTailor) are accepted for a
 * pasted configuration; stitchbox writes `<Location>` whatever MpdLocation says.
 */
export interface DashConfiguration {
  OriginManifestType?: 'SINGLE_PERIOD' | 'MULTI_PERIOD';
  MpdLocation?: 'EMT_DEFAULT' | 'DISABLED';
  ManifestEndpointPrefix?: string;
}

export interface PlaybackConfiguration {
  Name: string;
  VideoContentSourceUrl: string;
  AdDecisionServerUrl: string;
  SlateAdUrl?: string | null;
  PersonalizationThresholdSeconds?: number | null;
  AvailSuppression?: AvailSuppressionConfig;
  LivePreRollConfiguration?: { AdDecisionServerUrl?: string; MaxDurationSeconds?: number };
  ManifestProcessingRules?: { AdMarkerPassthrough?: { Enabled?: boolean } };
  CdnConfiguration?: { AdSegmentUrlPrefix?: string; ContentSegmentUrlPrefix?: string };
  DashConfiguration?: DashConfiguration;
  Tags?: Record<string, string>;
  Stitchbox?: StitchboxSettings;
  /** Any other MediaTailor field is kept as given. */
  [key: string]: unknown;
}

/** Settings with defaults filled in. */
export interface EffectiveSettings {
  creativeUrlTemplate: string | null;
  adsRequestTimeoutMs: number;
  decisionBudgetMs: number;
  originTimeoutMs: number;
  adMarkerPassthrough: boolean;
  sessionIdleTimeoutSeconds: number;
  /** DashConfiguration.OriginManifestType: how DASH VOD origin MPDs are read for breaks (protocols.md §15). */
  dashOriginManifestType: 'SINGLE_PERIOD' | 'MULTI_PERIOD';
}

export function effectiveSettings(config: PlaybackConfiguration): EffectiveSettings {
  const s = config.Stitchbox ?? {};
  return {
    creativeUrlTemplate: s.CreativeUrlTemplate ?? null,
    adsRequestTimeoutMs: s.AdsRequestTimeoutMs ?? 3000,
    decisionBudgetMs: s.DecisionBudgetMs ?? 8000,
    originTimeoutMs: s.OriginTimeoutMs ?? 5000,
    adMarkerPassthrough: config.ManifestProcessingRules?.AdMarkerPassthrough?.Enabled === true,
    sessionIdleTimeoutSeconds: s.SessionIdleTimeoutSeconds ?? 3600,
    dashOriginManifestType: config.DashConfiguration?.OriginManifestType === 'SINGLE_PERIOD' ? 'SINGLE_PERIOD' : 'MULTI_PERIOD',
  };
}

const NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;

function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  // The ADS template may hold [variables] that URL parsing rejects in the host; check only the scheme.
  return /^https?:\/\/[^\s/]+/i.test(v);
}

/** Longest URL field other than the ADS templates (which have MediaTailor's 25,000): a URL, not a payload. */
const MAX_URL = 4096;
/** Largest configuration, as JSON: it is stored, and read on every request. */
const MAX_CONFIG_JSON = 1_048_576;
/** Keys that reach an object's prototype when code copies a configuration with assignment (issue 9 item 4). */
const PROTO_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Problems of a URL field beyond its scheme: control characters (the WHATWG URL parser silently drops tabs and
 * newlines, so `http://cdn.example\n.evil.example` would fetch from `cdn.example.evil.example`), credentials or
 * an `@` in the authority (`http://cdn.example@evil.example` is evil.example), and size.
 */
function urlProblems(field: string, v: string, max = MAX_URL): string[] {
  const out: string[] = [];
  if (v.length > max) out.push(`${field}: at most ${max.toLocaleString('en-US')} characters, got ${v.length.toLocaleString('en-US')}`);
  if (/[\u0000-\u001f\u007f]/.test(v)) out.push(`${field}: must not contain control characters (tab, CR, LF, NUL, ...)`);
  const authority = /^https?:\/\/([^/?#]*)/i.exec(v)?.[1] ?? '';
  if (authority.includes('@')) out.push(`${field}: must not contain credentials or "@" before the host`);
  return out;
}

/** Paths of `__proto__` / `constructor` / `prototype` keys anywhere in a JSON value (JSON.parse makes them own keys). */
function protoKeyPaths(v: unknown, path: string, out: string[], depth = 0): string[] {
  if (typeof v !== 'object' || v === null || depth > 32 || out.length >= 10) return out;
  for (const k of Object.keys(v)) {
    const p = path ? `${path}.${k}` : k;
    if (PROTO_KEYS.has(k)) out.push(p);
    else protoKeyPaths((v as Record<string, unknown>)[k], p, out, depth + 1);
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validate a configuration as given by a user. Returns the list of problems (empty = valid) with messages
 * naming the field, so the demo's editor and the client API can show them as they are.
 */
export function validateConfig(input: unknown): string[] {
  const errors: string[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return ['configuration must be a JSON object'];
  const c = input as Record<string, unknown>;
  for (const p of protoKeyPaths(c, '', [])) errors.push(`${p}: the key "${p.slice(p.lastIndexOf('.') + 1)}" is not allowed in a configuration`);
  let size = 0;
  try { size = JSON.stringify(c).length; } catch { errors.push('configuration must be plain JSON (no cycles, no BigInt)'); }
  if (size > MAX_CONFIG_JSON) return [...errors, `configuration: at most ${MAX_CONFIG_JSON.toLocaleString('en-US')} characters of JSON, got ${size.toLocaleString('en-US')}`];
  if (typeof c.Name !== 'string' || !NAME_RE.test(c.Name)) errors.push('Name: required, 1-64 characters of A-Z a-z 0-9 _ -');
  else if (PROTO_KEYS.has(c.Name)) errors.push(`Name: "${c.Name}" is reserved`);
  if (!isHttpUrl(c.VideoContentSourceUrl)) errors.push('VideoContentSourceUrl: required, an http(s) URL');
  else errors.push(...urlProblems('VideoContentSourceUrl', c.VideoContentSourceUrl));
  if (!isHttpUrl(c.AdDecisionServerUrl)) errors.push('AdDecisionServerUrl: required, an http(s) URL (template variables allowed)');
  else if (c.AdDecisionServerUrl.length > 25000) errors.push('AdDecisionServerUrl: at most 25,000 characters (MediaTailor quota)');
  else errors.push(...urlProblems('AdDecisionServerUrl', c.AdDecisionServerUrl, 25000));
  if (c.SlateAdUrl != null && !isHttpUrl(c.SlateAdUrl)) errors.push('SlateAdUrl: an http(s) URL of an HLS multivariant playlist');
  else if (typeof c.SlateAdUrl === 'string') errors.push(...urlProblems('SlateAdUrl', c.SlateAdUrl));
  const mpr = c.ManifestProcessingRules;
  if (mpr !== undefined && mpr !== null) {
    if (!isPlainObject(mpr)) errors.push('ManifestProcessingRules: must be an object');
    else if (mpr.AdMarkerPassthrough != null) {
      const amp = mpr.AdMarkerPassthrough;
      if (!isPlainObject(amp)) errors.push('ManifestProcessingRules.AdMarkerPassthrough: must be an object {Enabled}');
      else if (amp.Enabled != null && typeof amp.Enabled !== 'boolean') errors.push('ManifestProcessingRules.AdMarkerPassthrough.Enabled: true or false');
    }
  }
  if (c.Tags != null && !(isPlainObject(c.Tags) && Object.values(c.Tags).every((t) => typeof t === 'string'))) errors.push('Tags: an object of strings');
  if (c.CdnConfiguration != null && !(isPlainObject(c.CdnConfiguration) && Object.values(c.CdnConfiguration).every((t) => t == null || typeof t === 'string'))) {
    errors.push('CdnConfiguration: an object of URL prefixes (strings)');
  }
  errors.push(...validateDashConfiguration(c.DashConfiguration));
  if (c.PersonalizationThresholdSeconds != null && !(Number.isInteger(c.PersonalizationThresholdSeconds) && (c.PersonalizationThresholdSeconds as number) >= 1))
    errors.push('PersonalizationThresholdSeconds: a positive integer');
  const s = c.Stitchbox;
  if (s !== undefined) {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) errors.push('Stitchbox: must be an object');
    else {
      const st = s as Record<string, unknown>;
      for (const k of ['AdsRequestTimeoutMs', 'DecisionBudgetMs', 'OriginTimeoutMs', 'SessionIdleTimeoutSeconds'] as const) {
        const v = st[k];
        if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 3_600_000)) errors.push(`Stitchbox.${k}: a positive number`);
      }
      if (st.CreativeUrlTemplate != null && !isHttpUrl(st.CreativeUrlTemplate)) errors.push('Stitchbox.CreativeUrlTemplate: an http(s) URL template');
      else if (typeof st.CreativeUrlTemplate === 'string') errors.push(...urlProblems('Stitchbox.CreativeUrlTemplate', st.CreativeUrlTemplate));
    }
  }
  errors.push(...validateLivePreRoll(c.LivePreRollConfiguration));
  const sup = c.AvailSuppression as Record<string, unknown> | undefined;
  if (sup !== undefined) {
    if (!isPlainObject(sup)) errors.push('AvailSuppression: must be an object');
    else {
      if (sup.Mode !== undefined && !['OFF', 'BEHIND_LIVE_EDGE', 'AFTER_LIVE_EDGE'].includes(sup.Mode as string)) errors.push('AvailSuppression.Mode: OFF, BEHIND_LIVE_EDGE or AFTER_LIVE_EDGE');
      if (sup.Value !== undefined && !/^\d{2}:\d{2}:\d{2}$/.test(String(sup.Value))) errors.push('AvailSuppression.Value: HH:MM:SS');
      if (sup.FillPolicy !== undefined && !['FULL_AVAIL_ONLY', 'PARTIAL_AVAIL'].includes(sup.FillPolicy as string)) errors.push('AvailSuppression.FillPolicy: FULL_AVAIL_ONLY or PARTIAL_AVAIL');
    }
  }
  return errors;
}

/** DashConfiguration in MediaTailor's shape: each field optional, the enums exactly as MediaTailor spells them. */
function validateDashConfiguration(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (!isPlainObject(v)) return ['DashConfiguration: must be an object {OriginManifestType, MpdLocation}'];
  const errors: string[] = [];
  if (v.OriginManifestType != null && v.OriginManifestType !== 'SINGLE_PERIOD' && v.OriginManifestType !== 'MULTI_PERIOD') {
    errors.push('DashConfiguration.OriginManifestType: SINGLE_PERIOD or MULTI_PERIOD');
  }
  if (v.MpdLocation != null && v.MpdLocation !== 'EMT_DEFAULT' && v.MpdLocation !== 'DISABLED') errors.push('DashConfiguration.MpdLocation: EMT_DEFAULT or DISABLED');
  if (v.ManifestEndpointPrefix != null && typeof v.ManifestEndpointPrefix !== 'string') errors.push('DashConfiguration.ManifestEndpointPrefix: a string (ignored, as by MediaTailor in PUT)');
  return errors;
}

/**
 * LivePreRollConfiguration (protocols.md §9): the pre-roll ADS URL (a template like AdDecisionServerUrl) and
 * MaxDurationSeconds, a positive integer. Both are needed to enable it: a URL without a maximum is an error
 * (it asks for a pre-roll that could not be filled), a maximum alone is accepted and leaves it off (the
 * shape of a pasted MediaTailor configuration without a pre-roll ADS); `{}` is none.
 */
function validateLivePreRoll(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v !== 'object' || Array.isArray(v)) return ['LivePreRollConfiguration: must be an object'];
  const p = v as Record<string, unknown>;
  const errors: string[] = [];
  const hasUrl = p.AdDecisionServerUrl !== undefined && p.AdDecisionServerUrl !== null && p.AdDecisionServerUrl !== '';
  const hasMax = p.MaxDurationSeconds !== undefined && p.MaxDurationSeconds !== null;
  if (hasUrl) {
    if (!isHttpUrl(p.AdDecisionServerUrl)) errors.push('LivePreRollConfiguration.AdDecisionServerUrl: an http(s) URL (template variables allowed)');
    else if (p.AdDecisionServerUrl.length > 25000) errors.push('LivePreRollConfiguration.AdDecisionServerUrl: at most 25,000 characters (MediaTailor quota)');
    else errors.push(...urlProblems('LivePreRollConfiguration.AdDecisionServerUrl', p.AdDecisionServerUrl, 25000));
  }
  if (hasMax) {
    if (!(Number.isInteger(p.MaxDurationSeconds) && (p.MaxDurationSeconds as number) >= 1)) errors.push('LivePreRollConfiguration.MaxDurationSeconds: a positive integer (seconds)');
  } else if (hasUrl) errors.push('LivePreRollConfiguration.MaxDurationSeconds: required with AdDecisionServerUrl (both enable the live pre-roll)');
  return errors;
}

/** Validate and return the configuration, or throw CONFIG_INVALID listing every problem. */
export function parseConfig(input: unknown): PlaybackConfiguration {
  const errors = validateConfig(input);
  if (errors.length) throw new StitchboxError(ErrorCode.CONFIG_INVALID, `invalid playback configuration: ${errors.join('; ')}`, { details: { errors } });
  const c = input as PlaybackConfiguration;
  // Trailing slash on the origin base is optional in MediaTailor; normalise so joining is plain concatenation.
  return { ...c, VideoContentSourceUrl: c.VideoContentSourceUrl.replace(/\/+$/, '') };
}
