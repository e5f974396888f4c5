/**
 * String-only URI resolution (RFC 3986 §5.2, with the WHATWG URL results for the shapes playlists use:
 * absolute http(s) URIs, scheme-relative `//host/p`, root-relative `/p`, relative paths with `./` and
 * `../`, query-only `?q`, fragment-only `#f`). `new URL()` per line costs ~10x a string operation
 * (environment.md §10), and a live playlist resolves thousands of URIs per refresh, so the base is parsed
 * once (`createUriResolver`) and each reference costs a few `indexOf`/`slice` calls.
 *
 * Not handled (returned as plain concatenation): percent-encoding of characters that WHATWG escapes
 * (spaces, `"`, `<`, `>`, non-ASCII), backslashes as separators, and `%2e` dot segments. Playlists in the
 * wild do not use them; where they do, the player still resolves the same string as before.
 */

/** Scheme (lower case, with colon), authority (with `//`, host lower case), path, query+fragment of a base. */
interface BaseParts {
  scheme: string;
  authority: string;
  /** Always starts with `/` for hierarchical bases. */
  path: string;
  /** Directory of `path`, with the trailing `/`. */
  dir: string;
  /** `?query` or '' (fragment dropped). */
  query: string;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': ':80', 'https:': ':443', 'ws:': ':80', 'wss:': ':443' };

function parseBase(base: string): BaseParts | null {
  const schemeLength = schemeLengthOf(base);
  if (schemeLength === 0) return null;
  const scheme = base.slice(0, schemeLength).toLowerCase();
  let rest = base.slice(schemeLength);
  let authority = '';
  if (rest.startsWith('//')) {
    let end = rest.length;
    for (let i = 2; i < rest.length; i++) {
      const c = rest.charCodeAt(i);
      if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) { end = i; break; }
    }
    authority = normalizeAuthority(rest.slice(0, end), scheme);
    rest = rest.slice(end);
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  let path = q >= 0 ? rest.slice(0, q) : rest;
  const query = q >= 0 ? rest.slice(q) : '';
  if (path === '' && authority !== '') path = '/';
  if (path.includes('/.')) path = removeDotSegments(path);
  const dir = path.slice(0, path.lastIndexOf('/') + 1);
  return { scheme, authority, path, dir, query };
}

/** `//User@Host:443` → `//User@host` for https: host lower case, default port dropped (WHATWG). */
function normalizeAuthority(authority: string, scheme: string): string {
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(2, at + 1) : '';
  let host = (at >= 0 ? authority.slice(at + 1) : authority.slice(2)).toLowerCase();
  const port = DEFAULT_PORTS[scheme];
  if (port !== undefined && host.endsWith(port)) host = host.slice(0, -port.length);
  return '//' + userinfo + host;
}

/**
 * RFC 3986 §5.2.4 on a path that starts with `/`, as WHATWG does it: `.` is dropped, `..` pops, and a
 * trailing `.` or `..` leaves a trailing slash. Empty segments (`a//b`) are kept.
 */
export function removeDotSegments(path: string): string {
  const parts = path.split('/');
  const out: string[] = [];
  const last = parts.length - 1;
  for (let i = 1; i <= last; i++) {
    const seg = parts[i];
    if (seg === '..') {
      out.pop();
      if (i === last) out.push('');
    } else if (seg === '.') {
      if (i === last) out.push('');
    } else {
      out.push(seg);
    }
  }
  return '/' + out.join('/');
}

/** Split `ref` at its first `?` or `#`: the path part, and the rest (query and/or fragment). */
function splitPath(ref: string): [string, string] {
  const q = ref.indexOf('?');
  const h = ref.indexOf('#');
  const i = q < 0 ? h : h < 0 ? q : Math.min(q, h);
  return i < 0 ? [ref, ''] : [ref.slice(0, i), ref.slice(i)];
}

/** Length of `scheme:` at the start of `ref` (RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )), or 0. */
function schemeLengthOf(ref: string): number {
  const c0 = ref.charCodeAt(0) | 0x20;
  if (c0 < 97 || c0 > 122) return 0;
  for (let i = 1; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c === 58 /* : */) return i + 1;
    const l = c | 0x20;
    if (!((l >= 97 && l <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return 0;
  }
  return 0;
}

function cleanPath(path: string): string {
  return path.includes('/.') ? removeDotSegments(path) : path;
}

/** An absolute reference is returned as written, except that http(s) paths get dot segments removed and an empty path becomes `/`. */
function absolute(ref: string, schemeLength: number): string {
  const scheme = ref.slice(0, schemeLength).toLowerCase();
  if (DEFAULT_PORTS[scheme] === undefined || !ref.startsWith('//', schemeLength)) return ref;
  return scheme + authorityAndPath(ref.slice(schemeLength), scheme);
}

/** `//host/p/../q?x` → `//host/q?x` (authority normalised, dot segments removed). */
function authorityAndPath(rel: string, scheme: string): string {
  let end = rel.length;
  for (let i = 2; i < rel.length; i++) {
    const c = rel.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) { end = i; break; }
  }
  const [path, rest] = splitPath(rel.slice(end));
  return normalizeAuthority(rel.slice(0, end), scheme) + (path === '' ? '/' : cleanPath(path)) + rest;
}

/** A resolver bound to one base URL: parse the base once, resolve many references. */
export function createUriResolver(base: string): (ref: string) => string {
  const b = parseBase(base);
  if (!b) return (ref) => ref;
  const origin = b.scheme + b.authority;
  const baseNoFragment = origin + b.path + b.query;
  return (ref: string): string => {
    if (ref === '') return baseNoFragment;
    const c0 = ref.charCodeAt(0);
    if (c0 === 47 /* / */) {
      if (ref.charCodeAt(1) === 47) return b.scheme + authorityAndPath(ref, b.scheme);
      const [path, rest] = splitPath(ref);
      return origin + cleanPath(path) + rest;
    }
    if (c0 === 63 /* ? */) return origin + b.path + ref;
    if (c0 === 35 /* # */) return baseNoFragment + ref;
    const schemeLength = schemeLengthOf(ref);
    if (schemeLength > 0) return absolute(ref, schemeLength);
    const [path, rest] = splitPath(ref);
    // `dir` has no dot segments already: only a ref that has some needs the slow path.
    if (path.charCodeAt(0) !== 46 /* . */ && !path.includes('/.')) return origin + b.dir + path + rest;
    return origin + removeDotSegments(b.dir + path) + rest;
  };
}

/** Resolve `ref` against the absolute URL `base`. For many references against one base use `createUriResolver`. */
export function resolveUri(base: string, ref: string): string {
  return createUriResolver(base)(ref);
}
