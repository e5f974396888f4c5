import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CliIo } from './cliIo';
import { cliFetchText } from './cliFetchText';
import { previewStitch, PreviewError, type Preview } from './previewStitch';
import { isMasterPlaylist } from '../hls/parseMaster';
import { STAND_IN_WEBVTT } from '../session/subtitleSegments';

export const stitchUsage = 'usage: stitchbox stitch <manifest file | url> --ads <vast file | url> [--variant N] [--out DIR]';

interface StitchArgs { manifest: string; ads: string; variant: number; out: string | null }

function parseArgs(args: string[]): StitchArgs | string {
  let manifest: string | null = null;
  let ads: string | null = null;
  let variant = 0;
  let out: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = () => (eq > 0 ? a.slice(eq + 1) : args[++i]);
    if (name === '--ads' || name === '--variant' || name === '--out') {
      const v = value();
      if (v === undefined || v.trim() === '') return `${name} needs a value`;
      if (name === '--ads') ads = v;
      else if (name === '--out') out = v;
      else if (!/^\d{1,4}$/.test(v)) return `--variant must be a variant number (0 is the first), not '${v}'`;
      else variant = Number(v);
    } else if (a.startsWith('-') && a !== '-') {
      return `unknown option '${a}'`;
    } else if (manifest === null && a.trim() !== '') {
      manifest = a;
    } else {
      return 'expected one manifest';
    }
  }
  if (manifest === null) return 'expected a manifest file or URL';
  if (ads === null) return 'expected --ads <vast file | url>';
  return { manifest, ads, variant, out };
}

/** A file name becomes a file: URL (relative to the working directory); an http(s) URL stays as it is. */
const toUrl = (target: string) => (/^https?:\/\//i.test(target) ? target : pathToFileURL(path.resolve(target)).href);

/**
 * `stitchbox stitch <manifest> --ads <vast>` (DESIGN.md "The command line"): the stitched playlist the worker would
 * serve for this manifest and this ADS answer, to preview a configuration offline (previewStitch.ts runs the real
 * engine in this process). A multivariant playlist prints as itself followed by the stitched media playlist of
 * variant N (`--variant`, default 0); a media playlist as its stitched self; an `.mpd` as the stitched MPD.
 * `--out DIR` writes every playlist instead (multivariant → master.m3u8 naming `<i>.m3u8`), and lists the files.
 *
 * Exit codes: 2 usage; 1 when the manifest cannot be read or is not a playlist (nothing on stdout), and 1 too when
 * the output printed but a break plays content (fail open, DESIGN invariant 6: the VAST could not be read or
 * parsed, or held no ad that can be stitched), the reason on stderr; 0 when every break got its ads.
 */
export async function stitchCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`stitchbox: stitch: ${parsed}\n${stitchUsage}\n`);
    return 2;
  }
  const fail = (message: string) => { io.stderr(`stitchbox: stitch: ${message}\n`); return 1; };
  const manifestUrl = toUrl(parsed.manifest.trim());
  const lower = new URL(manifestUrl).pathname.toLowerCase();
  const dash = lower.endsWith('.mpd');
  // The engine tells HLS from DASH by the asset's name (openSession.ts createSessionRecord), as its routes do.
  if (!dash && !lower.endsWith('.m3u8')) return fail(`${parsed.manifest}: the manifest's name must end in .m3u8 (HLS) or .mpd (DASH)`);
  let originText: string;
  try {
    const res = await cliFetchText(manifestUrl, { timeoutMs: 5000 });
    if (res.status < 200 || res.status > 299) return fail(`${parsed.manifest} answered HTTP ${res.status}`);
    originText = res.text.replace(/^\uFEFF/, '');
  } catch (e) {
    return fail((e as Error).message);
  }
  if (dash ? !/<MPD[\s>]/.test(originText) : !originText.trimStart().startsWith('#EXTM3U')) {
    return fail(`${parsed.manifest} is not ${dash ? 'a DASH MPD (no MPD element)' : 'an HLS playlist (no #EXTM3U first line)'}`);
  }

  let preview: Preview;
  const written: string[] = [];
  let stdout = '';
  try {
    preview = await previewStitch(manifestUrl, toUrl(parsed.ads.trim()));
    if (preview.format === 'dash') {
      if (parsed.out) written.push(await put(parsed.out, 'manifest.mpd', preview.mpd!));
      else stdout = preview.mpd!;
    } else if (!isMasterPlaylist(originText)) {
      // A media playlist asset: the engine's one-variant multivariant playlist is its own invention, not shown.
      const media = await preview.media!(0);
      if (parsed.out) written.push(await put(parsed.out, 'media.m3u8', media));
      else stdout = media;
    } else {
      const playlists = preview.playlists!;
      if (parsed.out) {
        let master = preview.multivariant!;
        for (let i = 0; i < playlists.length; i++) {
          master = master.split(preview.playlistUri!(i)).join(`${i}.m3u8`);
          // A subtitle playlist's ad segments are the worker's WebVTT stand-in (subtitleSegments.ts): one file here.
          const media = (await preview.media!(i)).replace(/\/v1\/segment\/[^\s",]+\.vtt/g, 'stand-in.vtt');
          if (media.includes('stand-in.vtt') && !written.some((f) => f.endsWith('stand-in.vtt'))) written.push(await put(parsed.out, 'stand-in.vtt', STAND_IN_WEBVTT));
          written.push(await put(parsed.out, `${i}.m3u8`, media));
        }
        written.unshift(await put(parsed.out, 'master.m3u8', master));
      } else {
        const variants = playlists.map((p, i) => ({ p, i })).filter(({ p }) => p.kind === 'variant');
        const chosen = variants[parsed.variant];
        if (!chosen) return fail(`--variant ${parsed.variant}: the multivariant playlist has ${variants.length} variant${variants.length === 1 ? '' : 's'}`);
        const media = await preview.media!(chosen.i);
        // Two playlists on one stream: a comment line (RFC 8216 §4.1: lines starting with # that are not tags)
        // says where the second one starts and which origin playlist it stitches.
        stdout = `${preview.multivariant!}\n# stitchbox: variant ${parsed.variant}, ${preview.playlistUri!(chosen.i)}, stitched from ${chosen.p.url}\n${media}`;
      }
    }
    await preview.settle();
  } catch (e) {
    if (!(e instanceof PreviewError)) throw e;
    return fail(e.message);
  }
  io.stdout(parsed.out ? written.map((f) => `${f}\n`).join('') : stdout);
  let problems = 0;
  for (const m of new Set(preview.messages.map((x) => `${x.level === 'info' ? 'note' : 'warning'}: ${x.message}`))) {
    if (!m.startsWith('note')) problems++;
    io.stderr(`stitchbox: stitch: ${m}\n`);
  }
  return problems ? 1 : 0;
}

async function put(dir: string, name: string, text: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}
