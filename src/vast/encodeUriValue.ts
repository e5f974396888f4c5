/**
 * encodeURIComponent for values that come from outside (player params, page URLs, VAST ids):
 * encodeURIComponent throws URIError on a lone UTF-16 surrogate, and a bad value must never fail the
 * request it is part of (DESIGN invariant 6), so lone surrogates become U+FFFD first (what
 * String.prototype.toWellFormed does; not in the ES2022 lib).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function encodeUriValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'));
  }
}
