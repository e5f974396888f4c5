/**
 * The ADS request URL from the configuration's `AdDecisionServerUrl` template (protocols.md §11):
 * `[session.*]`, `[avail.*]`, `[scte.*]`, `[player_params.*]`, `[asset.*]`.
 *
 * - Variables may be concatenated, used in paths, even as query keys; each value is URL-encoded with
 *   encodeURIComponent so it can never add a query parameter (`&`, `=`, `#` are encoded) or a path
 *   segment (`/`, `?` are encoded). A value that would make a whole path segment `.` or `..` is dropped,
 *   since URL parsers fold dot segments even when percent-encoded (WHATWG URL "single-dot/double-dot").
 * - A variable of a known namespace with no value becomes "" (MediaTailor logs
 *   WARNING_URL_VARIABLE_SUBSTITUTION_FAILED: protocols.md §11); brackets of other kinds (an IPv6 host,
 *   a VAST macro meant for the ADS) are left as written.
 * - Player-param names are case-insensitive (protocols.md §1.1: "inner keys are not" case-sensitive);
 *   asset keys match exactly first, then case-insensitively.
 */
import type { Problem } from '../errors';
import { encodeUriValue } from '../vast/encodeUriValue';

export interface AdsTemplateVars {
  session: Record<string, string | number>;
  avail: Record<string, string | number>;
  scte: Record<string, string | number>;
  playerParams: Record<string, string>;
  asset: Record<string, string>;
}

/** MediaTailor's limit on the template length (protocols.md §11). */
const MAX_TEMPLATE = 25_000;
const DOT_SEGMENTS = new Set(['.', '..', '%2e', '.%2e', '%2e.', '%2e%2e']);

function own(rec: Record<string, string | number>, key: string): string | number | undefined {
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

function lookupInsensitive(rec: Record<string, string>, key: string): string | undefined {
  const exact = own(rec, key);
  if (exact !== undefined) return String(exact);
  const lower = key.toLowerCase();
  for (const k of Object.keys(rec)) if (k.toLowerCase() === lower) return rec[k];
  return undefined;
}

/** undefined: not a template variable (leave the text alone); null: a variable without a value. */
function resolve(name: string, vars: AdsTemplateVars): string | null | undefined {
  const dot = name.indexOf('.');
  if (dot <= 0 || dot === name.length - 1) return undefined;
  const ns = name.slice(0, dot);
  const key = name.slice(dot + 1);
  let v: string | number | undefined;
  switch (ns) {
    case 'session': v = own(vars.session, key); break;
    case 'avail': v = own(vars.avail, key); break;
    case 'scte': v = own(vars.scte, key); break;
    case 'player_params': v = lookupInsensitive(vars.playerParams, key); break;
    case 'asset': v = lookupInsensitive(vars.asset, key); break;
    default: return undefined;
  }
  return v === undefined || v === null ? null : String(v);
}

/** Empties path segments that substitution turned into dot segments (see the header). */
function dropDotSegments(url: string, templateHadDots: boolean, problems: Problem[]): string {
  if (templateHadDots) return url;
  let end = url.length;
  const q = url.indexOf('?');
  if (q !== -1) end = q;
  const h = url.indexOf('#');
  if (h !== -1 && h < end) end = h;
  const scheme = url.indexOf('://');
  const pathStart = scheme !== -1 && scheme < end ? url.indexOf('/', scheme + 3) : 0;
  if (pathStart === -1 || pathStart >= end) return url;
  const segments = url.slice(pathStart, end).split('/');
  let changed = false;
  for (let i = 0; i < segments.length; i++) {
    if (DOT_SEGMENTS.has(segments[i].toLowerCase())) {
      segments[i] = '';
      changed = true;
    }
  }
  if (!changed) return url;
  problems.push({ code: 'ADS_TEMPLATE_UNSAFE_VALUE', message: 'a variable value formed a "." or ".." path segment; it was dropped' });
  return url.slice(0, pathStart) + segments.join('/') + url.slice(end);
}

function hasDotSegment(template: string): boolean {
  for (const seg of template.split(/[/?#]/)) if (DOT_SEGMENTS.has(seg.toLowerCase())) return true;
  return false;
}

export function expandAdsTemplate(template: string, vars: AdsTemplateVars): { url: string; problems: Problem[] } {
  const problems: Problem[] = [];
  if (template.length > MAX_TEMPLATE) {
    problems.push({ code: 'ADS_TEMPLATE_TOO_LONG', message: `the ADS URL template has ${template.length} characters (MediaTailor allows ${MAX_TEMPLATE})` });
  }
  let out = '';
  let from = 0;
  let substituted = false;
  let open = template.indexOf('[');
  while (open !== -1) {
    const close = template.indexOf(']', open + 1);
    if (close === -1) break;
    const name = template.slice(open + 1, close);
    const value = name.indexOf('[') === -1 ? resolve(name, vars) : undefined;
    if (value === undefined) {
      open = template.indexOf('[', open + 1);
      continue;
    }
    if (value === null) {
      problems.push({ code: 'WARNING_URL_VARIABLE_SUBSTITUTION_FAILED', message: `[${name}] has no value; replaced by ""` });
    }
    out += template.slice(from, open) + (value === null ? '' : encodeUriValue(value));
    substituted = true;
    from = close + 1;
    open = template.indexOf('[', from);
  }
  if (!substituted) return { url: template, problems };
  out += template.slice(from);
  return { url: dropDotSegments(out, hasDotSegment(template), problems), problems };
}
