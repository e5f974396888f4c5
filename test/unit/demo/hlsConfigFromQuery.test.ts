import { describe, expect, it } from 'vitest';
import Hls from 'hls.js';
import { hlsConfigFromQuery } from '../../../demo/hlsConfigFromQuery';

describe('hlsConfigFromQuery', () => {
  it('takes hls.js number and boolean options with their types', () => {
    const q = new URLSearchParams('hls.liveSyncDurationCount=8&hls.enableWorker=false&hls.maxBufferHole=0.5&hls.liveMaxLatencyDurationCount=Infinity&ads.pod=2');
    expect(hlsConfigFromQuery(q, Hls.DefaultConfig)).toEqual({
      config: { liveSyncDurationCount: 8, enableWorker: false, maxBufferHole: 0.5, liveMaxLatencyDurationCount: Infinity },
      problems: [],
    });
  });
  it('reports unknown options and values of the wrong type, and takes none of them', () => {
    const q = new URLSearchParams('hls.noSuchOption=1&hls.liveSyncDurationCount=many&hls.enableWorker=yes&hls.loader=x&hls.maxBufferHole=');
    const r = hlsConfigFromQuery(q, Hls.DefaultConfig);
    expect(r.config).toEqual({});
    expect(r.problems).toEqual([
      'hls.noSuchOption: not an hls.js option with a number or boolean value',
      'hls.liveSyncDurationCount: "many" is not a number',
      'hls.enableWorker: "yes" is not true or false',
      'hls.loader: not an hls.js option with a number or boolean value',
      'hls.maxBufferHole: "" is not a number',
    ]);
  });
});
