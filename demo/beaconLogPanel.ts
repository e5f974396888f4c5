/**
 * The demo server's beacon sink (`GET /beacons/log`: every beacon any session sent it, in arrival order),
 * newest first. The sink is shared by every tab and session of the demo server, so this is not only this page's.
 */
import { fetchText } from './livePanel';

interface BeaconHit { method: string; url: string; time: number }

const LIMIT = 200;

export async function loadBeaconLog(list: HTMLOListElement): Promise<BeaconHit[]> {
  const hits = JSON.parse(await fetchText('/beacons/log')) as BeaconHit[];
  list.replaceChildren(...hits.slice(-LIMIT).reverse().map((h) => {
    const li = document.createElement('li');
    const q = new URL(h.url, location.href).searchParams;
    const what = q.get('event') ? `${q.get('event')} ${q.get('ad') ?? ''}` : h.url;
    li.textContent = `${new Date(h.time).toISOString().slice(11, 23)} ${h.method} ${what}`;
    li.title = h.url;
    return li;
  }));
  return hits;
}
