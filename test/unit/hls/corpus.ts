/** The HLS files of the shared corpus (../shared/corpus/hls from the repo root, see corpus/SOURCES.md). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const corpusRoot = fileURLToPath(new URL('../../../../shared/corpus/hls/', import.meta.url));

export interface CorpusFile { name: string; text: string; }

export function corpusFiles(): CorpusFile[] {
  const out: CorpusFile[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.m3u8') || f.endsWith('.txt')) out.push({ name: relative(corpusRoot, p), text: readFileSync(p, 'utf8') });
    }
  };
  walk(corpusRoot);
  return out;
}

export function corpusText(name: string): string {
  return readFileSync(join(corpusRoot, name), 'utf8');
}
