/** Regressions for what the fuzz targets (targets.ts) found. */
import { describe, expect, it } from 'vitest';
import { rewriteMaster } from '../../../src/hls/rewriteMaster';

describe('fuzz regressions', () => {
  it('rewriteMaster drops a leading byte order mark (RFC 8216 §4.1: clients SHOULD fail on one), one or more', () => {
    for (const bom of ['\uFEFF', '\uFEFF\uFEFF']) {
      const { text, uris } = rewriteMaster(`${bom}#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv0.m3u8\n`, (_u, i) => `/m/${i}.m3u8`);
      expect(text).toBe('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n/m/0.m3u8\n');
      expect(uris).toEqual(['v0.m3u8']);
    }
  });
});
