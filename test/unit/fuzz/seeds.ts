/**
 * Valid-looking seeds for the fuzz targets: the shared corpus (../shared/corpus: HLS, DASH, VAST/VMAP,
 * SCTE-35 vectors) plus generated playlists with every cue style stitchbox reads (protocols.md §3).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { isMasterPlaylist } from '../../../src/hls/parseMaster';
import { sectionBytes, vectors } from '../scte35/corpus';
import { decodeSpliceInfoSection } from '../../../src/scte35/decode';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p, ext) : ext.test(n) ? [p] : [];
  });
}

/** Corpus files, the larger ones cut to their first 20,000 characters so each case stays quick. */
const read = (dir: string, ext: RegExp) => filesUnder(join(CORPUS, dir), ext).map((p) => readFileSync(p, 'utf8').slice(0, 20_000));

const hls = read('hls', /\.(m3u8|txt)$/);
export const hlsMediaCorpus = hls.filter((t) => !isMasterPlaylist(t));
export const hlsMasterCorpus = hls.filter((t) => isMasterPlaylist(t));
export const mpdCorpus = read('dash', /\.mpd$/);
export const vastCorpus = read('vast', /\.xml$/);
export const vmapCorpus = vastCorpus.filter((t) => /<(\w+:)?VMAP\b/.test(t));

export const scteSections: Uint8Array[] = vectors.flatMap((v) => {
  try { const b = sectionBytes(v); decodeSpliceInfoSection(b); return [b]; } catch { return []; }
});
const scteBase64 = scteSections.map((b) => Buffer.from(b).toString('base64'));
const scteHex = scteSections.map((b) => '0x' + Buffer.from(b).toString('hex').toUpperCase());

/** Every cue style of protocols.md §3, with SCTE-35 payloads from the vectors. */
const cueLine: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('#EXT-X-CUE-OUT:30', '#EXT-X-CUE-OUT:DURATION=30', '#EXT-X-CUE-OUT', '#EXT-X-CUE-IN', '#EXT-X-CUE-OUT-CONT:ElapsedTime=6,Duration=30',
    '#EXT-X-CUE-OUT-CONT:6/30', '#EXT-X-CUE:TYPE="SpliceOut",DURATION="30"', '#EXT-X-CUE:TYPE="SpliceIn"', '#EXT-X-CUE-SPAN:TIMEFROMSIGNAL=PT6S',
    '#EXT-X-CUE-CONT', '#EXT-X-CUE-IN:'),
  fc.tuple(fc.constantFrom(...scteBase64), fc.constantFrom('#EXT-OATCLS-SCTE35:', '#EXT-X-SCTE35:CUE="', '#EXT-X-SPLICEPOINT-SCTE35:'))
    .map(([b, t]) => t + b + (t.endsWith('"') ? '"' : '')),
  fc.tuple(fc.constantFrom(...scteHex), fc.constantFrom('OUT', 'IN', 'CMD'), fc.nat(99))
    .map(([h, k, id]) => `#EXT-X-DATERANGE:ID="${id}",START-DATE="2026-01-01T00:00:${String(id % 60).padStart(2, '0')}Z",PLANNED-DURATION=30,SCTE35-${k}=${h}`),
);

const otherTag = fc.constantFrom('#EXT-X-KEY:METHOD=AES-128,URI="k.key"', '#EXT-X-KEY:METHOD=NONE', '#EXT-X-MAP:URI="init.mp4"', '#EXT-X-BYTERANGE:1000@0',
  '#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z', '#EXT-X-DISCONTINUITY', '#EXT-X-GAP', '#EXT-X-BITRATE:800', '# comment',
  '#EXT-X-PART:DURATION=1,URI="p.mp4"', '#EXT-X-UNKNOWN:X=1');

const segmentBlock = fc.tuple(fc.array(fc.oneof(cueLine, otherTag), { maxLength: 3 }), fc.constantFrom('2', '6.006', '10', '0', '4.5'), fc.nat(999))
  .map(([tags, d, i]) => [...tags, `#EXTINF:${d},`, `seg/${i}.ts`].join('\n'));

export const generatedMedia: fc.Arbitrary<string> = fc.tuple(fc.nat(1000), fc.array(segmentBlock, { maxLength: 30 }), fc.boolean())
  .map(([seq, blocks, end]) => ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:10', `#EXT-X-MEDIA-SEQUENCE:${seq}`, ...blocks, ...(end ? ['#EXT-X-ENDLIST'] : [])].join('\n') + '\n');

export const hlsMediaSeed = fc.oneof(fc.constantFrom(...hlsMediaCorpus), generatedMedia);
export const hlsMasterSeed = fc.constantFrom(...hlsMasterCorpus);
export const cueSeed = fc.oneof(cueLine, otherTag);
