/** Small value conversions shared by the VAST → tracking JSON helpers (protocols.md §4.4, §4.7). */

/** A VAST number attribute as the JSON's string, null when absent (MediaTailor writes `"640"`, `"360"`). */
export function numText(n: number | null | undefined): string | null {
  return n === null || n === undefined || !Number.isFinite(n) ? null : String(n);
}

/** A VAST string as the JSON's value: null when absent or empty. */
export function orNull(s: string | null | undefined): string | null {
  return s === null || s === undefined || s === '' ? null : s;
}

/** The first of a list of URLs, null when there is none. */
export function firstOf(list: readonly string[] | undefined): string | null {
  return list && list.length ? list[0] : null;
}

/** Tracking grouped by event name, in first-seen order: `[{beaconUrls, eventType}]`. */
export function groupTracking(tracking: readonly { event: string; url: string }[]): { beaconUrls: string[]; eventType: string }[] {
  const by = new Map<string, string[]>();
  for (const t of tracking) {
    if (!t.url) continue;
    const list = by.get(t.event);
    if (list) list.push(t.url); else by.set(t.event, [t.url]);
  }
  return [...by].map(([eventType, beaconUrls]) => ({ beaconUrls, eventType }));
}

/** XML attribute / text escaping for content MediaTailor writes as XML (InteractiveCreativeFile). */
export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
