/**
 * The warm refresh in a live session's steady state (issue 9, BENCHMARKS.md "Where the targets stand"): one
 * session served window after window, each one segment on from the last, CPU time per refresh (process.cpuUsage,
 * so that other jobs on a shared machine weigh less than in wall time), median over 180 refreshes, at 600 and 7,200
 * segments. Unlike hls.refresh.warm.* (test/bench/hlsRefresh.bench.ts), nothing is put back between refreshes, so
 * no full parse and stitch of the previous window runs before each timed call (whose garbage the collector
 * otherwise reclaims partly inside the timed call, more of it at 7,200). Windows where a break starts at the edge
 * or leaves the start take the full path, as in a real session. Not part of `npm run bench` (no baseline, no
 * ratio in the same sense): `npx tsx test/bench/hlsRefreshSteady.ts`.
 */
import { channel, livePlaylist, steadyEdge } from './hlsRefreshPlaylist';
import { refreshWorld } from './hlsRefreshWorld';

async function steady(window: number): Promise<{ median: number; p25: number }> {
  const ch = channel(window, 20);
  const edge = steadyEdge(ch);
  const world = refreshWorld();
  await world.refresh(livePlaylist(ch, edge));
  await new Promise((r) => setTimeout(r, 100));
  const n = 200;
  // Generated (and flattened, as a fetched text is) before timing.
  const texts = Array.from({ length: n }, (_, i) => { const t = livePlaylist(ch, edge + i); t.charCodeAt(t.length >> 1); return t; });
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    await world.refresh(texts[i]);
    const c = process.cpuUsage(c0);
    if (i >= 20) cpu.push((c.user + c.system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  return { median: cpu[cpu.length >> 1], p25: cpu[cpu.length >> 2] };
}

async function main() {
  const small = await steady(600);
  const large = await steady(7200);
  console.log(`steady warm refresh, CPU ms: 600 median ${small.median.toFixed(3)} (p25 ${small.p25.toFixed(3)}); 7200 median ${large.median.toFixed(3)} (p25 ${large.p25.toFixed(3)}); growth median ${(large.median / small.median).toFixed(2)}, p25 ${(large.p25 / small.p25).toFixed(2)}`);
}
void main();
