/**
 * The demo page in the Tencent StreamPackage dialect (`?dialect=streampackage`): the session is opened
 * with `POST /v1/ssai/session/...`, and the tracking URL is polled at the playlist's target duration
 * (protocols.md §17). Each answer holds only events not returned before, so the page keeps what it has
 * seen and merges each answer in; a "Learn more" link shows the ad's clickThrough URL while it plays.
 */

export interface ClickThroughAd {
  availId: string;
  adId: string;
  adTitle: string;
  startTimeInSeconds: number;
  durationInSeconds: number;
  clickThrough: string;
}

interface SpEvent { eventType: string; beaconUrls: string[] }
interface SpAd { adId: string; adTitle: string; startTimeInSeconds: number; durationInSeconds: number; trackingEvents: SpEvent[] }
export interface StreamPackageAnswer { avails: { availId: string; ads: SpAd[] }[] }

/** `channel`: the configuration's Name (StreamPackage's ChannelId names a playback configuration). */
export async function openStreamPackageSession(asset: string, body: object, channel = 'demo'): Promise<{ manifestUrl: string; trackingUrl: string }> {
  const res = await fetch(`/v1/ssai/session/${encodeURIComponent(channel)}/${asset}`, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`StreamPackage session init failed: HTTP ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ manifestUrl: string; trackingUrl: string }>;
}

/** The click-through ads of one answer (every event in it is new: §17). */
export function clickThroughAdsOf(answer: StreamPackageAnswer): ClickThroughAd[] {
  const out: ClickThroughAd[] = [];
  for (const avail of answer.avails ?? []) {
    for (const ad of avail.ads ?? []) {
      const ev = ad.trackingEvents.find((e) => e.eventType === 'clickThrough' && e.beaconUrls.length);
      if (ev) out.push({ availId: avail.availId, adId: ad.adId, adTitle: ad.adTitle, startTimeInSeconds: ad.startTimeInSeconds, durationInSeconds: ad.durationInSeconds, clickThrough: ev.beaconUrls[0] });
    }
  }
  return out;
}

/**
 * Poll `trackingUrl` every `intervalMs()` until stopped. `onAnswer` gets every answer, in order (polls never
 * overlap, so an answer cannot be merged out of order).
 */
export function pollStreamPackage(trackingUrl: string, intervalMs: () => number, onAnswer: (a: StreamPackageAnswer) => void, onError: (e: Error) => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    try {
      const res = await fetch(trackingUrl);
      if (!res.ok) throw new Error(`tracking HTTP ${res.status}`);
      onAnswer((await res.json()) as StreamPackageAnswer);
    } catch (e) {
      onError(e as Error);
    }
    if (!stopped) timer = setTimeout(tick, intervalMs());
  };
  void tick();
  return () => { stopped = true; clearTimeout(timer); };
}
