import { XMLParser } from 'fast-xml-parser';

/**
 * An MPD as the demo DASH tests read it: a small reader of its own (fast-xml-parser, not the code under
 * test), expanding each Representation's SegmentTimeline into segments (ISO/IEC 23009-1 §5.3.9.6) and its
 * SegmentTemplate media URL per segment ($RepresentationID$, $Number$ with an optional %0Nd, $Time$).
 */

export interface MpdSegment {
  t: number;
  d: number;
  number: number;
  url: string;
}

export interface MpdRepresentation {
  id: string;
  contentType: string;
  bandwidth: number;
  codecs: string;
  timescale: number;
  pto: number;
  startNumber: number | null;
  initialization: string;
  segments: MpdSegment[];
}

export interface MpdEvent {
  presentationTime: number;
  duration: number | null;
  id: string;
}

export interface MpdPeriod {
  id: string;
  start: number | null;
  duration: number | null;
  eventStreams: { schemeIdUri: string; timescale: number; pto: number; events: MpdEvent[] }[];
  representations: MpdRepresentation[];
}

export interface Mpd {
  attrs: Record<string, string>;
  periods: MpdPeriod[];
  utcTiming: Record<string, string>[];
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseAttributeValue: false,
  isArray: (name) => ['Period', 'AdaptationSet', 'Representation', 'S', 'EventStream', 'Event', 'UTCTiming'].includes(name),
});

/** Seconds of an xs:duration like PT1H2M3.5S (what these MPDs write). */
export function seconds(d: string | undefined): number | null {
  if (d === undefined) return null;
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(d);
  if (!m) throw new Error(`unexpected duration ${d}`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

function fill(template: string, id: string, number: number, time: number): string {
  return template
    .replace(/\$RepresentationID\$/g, id)
    .replace(/\$Number(?:%0(\d+)d)?\$/g, (_m, w: string | undefined) => String(number).padStart(Number(w ?? 0), '0'))
    .replace(/\$Time\$/g, String(time));
}

function str(node: Node, key: string): string | undefined {
  const v = node[key];
  return typeof v === 'string' ? v : undefined;
}

export function readMpd(text: string): Mpd {
  const root = (parser.parse(text) as Node).MPD as Node;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(root)) if (typeof v === 'string') attrs[k] = v;
  const periods = ((root.Period as Node[] | undefined) ?? []).map((p): MpdPeriod => {
    const representations: MpdRepresentation[] = [];
    for (const as of (p.AdaptationSet as Node[] | undefined) ?? []) {
      for (const r of (as.Representation as Node[]) ?? []) {
        const st = r.SegmentTemplate as Node;
        const id = str(r, 'id')!;
        const startNumber = str(st, 'startNumber') === undefined ? null : Number(str(st, 'startNumber'));
        const segments: MpdSegment[] = [];
        let t = 0;
        let number = startNumber ?? 1;
        const tl = st.SegmentTimeline as Node | string;
        for (const s of (typeof tl === 'object' ? (tl.S as Node[] | undefined) : undefined) ?? []) {
          if (str(s, 't') !== undefined) t = Number(str(s, 't'));
          const d = Number(str(s, 'd'));
          const repeat = Number(str(s, 'r') ?? 0);
          for (let i = 0; i <= repeat; i++) {
            segments.push({ t, d, number, url: fill(str(st, 'media')!, id, number, t) });
            t += d;
            number++;
          }
        }
        representations.push({
          id, contentType: str(as, 'contentType')!, bandwidth: Number(str(r, 'bandwidth')), codecs: str(r, 'codecs')!,
          timescale: Number(str(st, 'timescale')), pto: Number(str(st, 'presentationTimeOffset') ?? 0), startNumber,
          initialization: fill(str(st, 'initialization')!, id, 0, 0), segments,
        });
      }
    }
    const eventStreams = ((p.EventStream as Node[] | undefined) ?? []).map((es) => ({
      schemeIdUri: str(es, 'schemeIdUri')!, timescale: Number(str(es, 'timescale') ?? 1), pto: Number(str(es, 'presentationTimeOffset') ?? 0),
      events: ((es.Event as Node[] | undefined) ?? []).map((e) => ({
        presentationTime: Number(str(e, 'presentationTime') ?? 0), duration: str(e, 'duration') === undefined ? null : Number(str(e, 'duration')), id: str(e, 'id')!,
      })),
    }));
    return { id: str(p, 'id')!, start: seconds(str(p, 'start')), duration: seconds(str(p, 'duration')), eventStreams, representations };
  });
  const utcTiming = ((root.UTCTiming as Node[] | undefined) ?? []).map((u) => ({ ...(u as Record<string, string>) }));
  return { attrs, periods, utcTiming };
}
