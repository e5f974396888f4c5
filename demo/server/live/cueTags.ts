import { toBase64, toHex } from '../../../src/scte35';
import { breakSignal, breakEventId, type BreakSignalKind } from './breakSignal';
import { SEGMENT_SECONDS, type LiveOptions } from './liveOptions';
import { breakPosition, breakStart, programDateMs } from './liveWindow';

/**
 * The cue tags that go before one segment of the live simulator, per style (protocols.md §6.1). The same
 * segment gets the same tags in every rendition and on every refresh (DESIGN.md invariants 1 and 2); the
 * one exception is the EXT-X-DATERANGE of a break whose start slid out of the window, repeated before the
 * first listed segment while the range still covers it (RFC 8216 §4.3.2.7: a date range is identified by
 * its ID and START-DATE, not by its place).
 *
 * - cueout: `#EXT-X-CUE-OUT:DURATION=16`, `#EXT-X-CUE-OUT-CONT:ElapsedTime=2,Duration=16` on each later
 *   segment of the break, `#EXT-X-CUE-IN` before the first segment after it.
 * - daterange: `#EXT-X-DATERANGE` with ID, START-DATE, PLANNED-DURATION and SCTE35-OUT (splice_insert) at
 *   the start; the same ID with END-DATE, DURATION and SCTE35-IN at the end.
 * - splicepoint: `#EXT-X-SPLICEPOINT-SCTE35:` time_signal 0x34 (with duration) at the start, 0x35 at the end.
 * - oatcls: AWS Elemental's form (corpus hls/globocom-m3u8/cue_out_elemental_playlist.m3u8):
 *   `#EXT-OATCLS-SCTE35:` + `#EXT-X-CUE-OUT:16.000`, then `#EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=16,SCTE35=...`,
 *   then `#EXT-X-CUE-IN`.
 */

/** Encodes each signal once per playlist: oatcls repeats the same payload on every segment of a break. */
export class SignalText {
  private readonly memo = new Map<string, string>();
  constructor(private readonly o: LiveOptions) {}

  base64(kind: BreakSignalKind, k: number): string {
    return this.get(kind, k, 'b');
  }

  /** `0x` + upper-case hex, the hexadecimal-sequence form of RFC 8216 §4.2 as its DATERANGE example writes it. */
  hex(kind: BreakSignalKind, k: number): string {
    return this.get(kind, k, 'x');
  }

  private get(kind: BreakSignalKind, k: number, form: 'b' | 'x'): string {
    const key = `${form}${kind}${k}`;
    let text = this.memo.get(key);
    if (text === undefined) {
      const bytes = breakSignal(kind, k, this.o);
      text = form === 'b' ? toBase64(bytes) : `0x${toHex(bytes).toUpperCase()}`;
      this.memo.set(key, text);
    }
    return text;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function dateRangeOut(k: number, o: LiveOptions, signals: SignalText): string {
  const start = programDateMs(breakStart(k, o), o);
  return `#EXT-X-DATERANGE:ID="splice-${breakEventId(k)}",START-DATE="${iso(start)}",PLANNED-DURATION=${o.breakSeconds},SCTE35-OUT=${signals.hex('insert-out', k)}`;
}

function dateRangeIn(k: number, o: LiveOptions, signals: SignalText): string {
  const start = programDateMs(breakStart(k, o), o);
  // END-DATE = START-DATE + DURATION (RFC 8216 §4.3.2.7).
  const end = start + o.breakSeconds * 1000;
  return `#EXT-X-DATERANGE:ID="splice-${breakEventId(k)}",START-DATE="${iso(start)}",END-DATE="${iso(end)}",DURATION=${o.breakSeconds},SCTE35-IN=${signals.hex('insert-in', k)}`;
}

/** Tag lines to write before segment n (`first`: the first segment of this playlist). */
export function cueTags(n: number, first: number, o: LiveOptions, signals: SignalText): string[] {
  const at = breakPosition(n, o);
  if (at === null) return [];
  const d = o.breakSeconds;
  if (at.kind === 'after') {
    switch (o.cue) {
      case 'cueout':
      case 'oatcls':
        return ['#EXT-X-CUE-IN'];
      case 'daterange':
        return [dateRangeIn(at.k, o, signals)];
      case 'splicepoint':
        return [`#EXT-X-SPLICEPOINT-SCTE35:${signals.base64('po-end', at.k)}`];
    }
  }
  const elapsed = at.index * SEGMENT_SECONDS;
  switch (o.cue) {
    case 'cueout':
      return [at.index === 0 ? `#EXT-X-CUE-OUT:DURATION=${d}` : `#EXT-X-CUE-OUT-CONT:ElapsedTime=${elapsed},Duration=${d}`];
    case 'oatcls': {
      const scte = signals.base64('insert-out', at.k);
      return at.index === 0
        ? [`#EXT-OATCLS-SCTE35:${scte}`, `#EXT-X-CUE-OUT:${d.toFixed(3)}`]
        : [`#EXT-X-CUE-OUT-CONT:ElapsedTime=${elapsed.toFixed(3)},Duration=${d},SCTE35=${scte}`];
    }
    case 'daterange':
      return at.index === 0 || n === first ? [dateRangeOut(at.k, o, signals)] : [];
    case 'splicepoint':
      return at.index === 0 ? [`#EXT-X-SPLICEPOINT-SCTE35:${signals.base64('po-start', at.k)}`] : [];
  }
}
