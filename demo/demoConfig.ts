/**
 * The demo's playback configuration (MediaTailor PutPlaybackConfiguration shape, README "Playback
 * configurations"), shared by the demo pages (demo/main.ts with hls.js, demo/shaka.ts with Shaka Player):
 * the demo server's origin, its sample ADS with the `[player_params.*]` the pages pass as adsParams (`pod`,
 * `durations`, `fail`, `delay`, `skip` seconds, `companion=1` static and HTML companions, `nonlinear=1` an
 * overlay: demo/server/vastQuery.ts; `wrap=N|loop` wrapper chains and `segfail=<rendition>-<n>` an ad segment 404:
 * demo/server/faults.ts), and its slate.
 */
export function demoConfig(origin: string, preRollSeconds: number | null = null) {
  return {
    Name: 'demo',
    VideoContentSourceUrl: `${origin}/origin`,
    AdDecisionServerUrl: `${origin}/ads/vast?pod=[player_params.pod]&durations=[player_params.durations]&fail=[player_params.fail]`
      + '&delay=[player_params.delay]&skip=[player_params.skip]&companion=[player_params.companion]&nonlinear=[player_params.nonlinear]'
      + '&wrap=[player_params.wrap]&segfail=[player_params.segfail]&dur=[session.avail_duration_secs]&sid=[session.id]&avail=[avail.index]',
    SlateAdUrl: `${origin}/ads/media/slate/master.m3u8`,
    // Live pre-roll (protocols.md §9): the sample ADS again; [avail.index] 0 keeps its ad ids apart from the breaks'.
    ...(preRollSeconds === null ? {} : {
      LivePreRollConfiguration: {
        AdDecisionServerUrl: `${origin}/ads/vast?pod=[player_params.prerollpod]&durations=[player_params.prerolldurations]`
          + '&dur=[session.avail_duration_secs]&sid=[session.id]&avail=[avail.index]',
        MaxDurationSeconds: preRollSeconds,
      },
    }),
  };
}
