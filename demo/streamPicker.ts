/**
 * The stream and session picker of the demo page. The page is driven by its query (demo/main.ts documents
 * every parameter, and the browser tests use them); this form only writes that query and reloads, so any state
 * of the form is a URL a publisher can share. Parameters the form does not know (`hls.*`, `origin.speed`, ...)
 * are kept.
 *
 * Streams: HLS VOD; HLS live from the simulator with each cue style (`origin.cue`: protocols.md §6.1) and
 * variant (`origin.variant`); DASH VOD and live (`/origin/dash/vod.mpd`, `live.mpd`), offered only when the
 * demo origin answers for them.
 */
export const CUE_STYLES = ['cueout', 'daterange', 'splicepoint', 'oatcls'] as const;
export const LIVE_VARIANTS = ['muxed', 'demuxed', 'encrypted'] as const;

export const STREAMS = [
  { id: 'hls-vod', label: 'HLS VOD (pre-, mid-, post-roll)', asset: 'vod/master.m3u8' },
  { id: 'hls-live', label: 'HLS live (simulator)', asset: 'live/master.m3u8' },
  { id: 'dash-vod', label: 'DASH VOD', asset: 'dash/vod.mpd' },
  { id: 'dash-live', label: 'DASH live', asset: 'dash/live.mpd' },
] as const;

/** Query keys the form owns (others are kept as they are). */
const OWNED = ['stream', 'origin.cue', 'origin.variant', 'mode', 'dialect', 'config', 'ads.pod', 'ads.skip', 'ads.companion', 'ads.nonlinear', 'overlays'];

export interface PickerChoice {
  stream: string;
  cue: string;
  variant: string;
  mode: 'server' | 'client';
  dialect: 'mediatailor' | 'streampackage';
  config: string;
  pod: string;
  skip: string;
  companion: boolean;
  overlay: boolean;
}

/** The page query for a choice, keeping the parameters of `current` the form does not own. */
export function queryOf(choice: PickerChoice, current: URLSearchParams): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of current) if (!OWNED.includes(k)) q.append(k, v);
  const stream = STREAMS.find((s) => s.id === choice.stream) ?? STREAMS[0];
  if (stream.id !== 'hls-vod') q.set('stream', stream.asset);
  if (stream.id === 'hls-live') {
    q.set('origin.cue', choice.cue);
    if (choice.variant !== 'muxed') q.set('origin.variant', choice.variant);
  }
  if (choice.mode === 'client') q.set('mode', 'client');
  if (choice.dialect === 'streampackage') q.set('dialect', 'streampackage');
  if (choice.config && choice.config !== 'demo') q.set('config', choice.config);
  if (choice.pod.trim() !== '') q.set('ads.pod', choice.pod.trim());
  if (choice.skip.trim() !== '') q.set('ads.skip', choice.skip.trim());
  if (choice.companion) q.set('ads.companion', '1');
  if (choice.overlay) { q.set('ads.nonlinear', '1'); q.set('overlays', 'on'); }
  return q;
}

/** The choice a page query stands for (the form's initial state). */
export function choiceOf(params: URLSearchParams): PickerChoice {
  const asset = params.get('stream') ?? 'vod/master.m3u8';
  return {
    stream: STREAMS.find((s) => s.asset === asset)?.id ?? 'hls-vod',
    cue: params.get('origin.cue') ?? 'cueout',
    variant: params.get('origin.variant') ?? 'muxed',
    mode: params.get('mode') === 'client' ? 'client' : 'server',
    dialect: params.get('dialect') === 'streampackage' ? 'streampackage' : 'mediatailor',
    config: params.get('config') ?? 'demo',
    pod: params.get('ads.pod') ?? '',
    skip: params.get('ads.skip') ?? '',
    companion: params.get('ads.companion') === '1',
    overlay: params.get('overlays') === 'on',
  };
}

const option = (value: string, label: string, selected: boolean, disabled = false) => {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  o.selected = selected;
  o.disabled = disabled;
  return o;
};

/**
 * Fill the picker form (demo/index.html `#picker`) from the page query and reload with the new query on
 * submit. `configNames`: the configurations installed in the worker. DASH entries stay disabled until the
 * origin answers for their MPD.
 */
export function mountStreamPicker(form: HTMLFormElement, params: URLSearchParams, configNames: string[]): void {
  const c = choiceOf(params);
  const el = <T extends HTMLElement>(name: string) => form.elements.namedItem(name) as unknown as T;
  const stream = el<HTMLSelectElement>('stream');
  stream.replaceChildren(...STREAMS.map((s) => option(s.id, s.label, s.id === c.stream, s.id.startsWith('dash') && s.id !== c.stream)));
  for (const s of STREAMS.filter((x) => x.id.startsWith('dash'))) {
    const o = [...stream.options].find((x) => x.value === s.id)!;
    void fetch(`/origin/${s.asset}`).then((r) => {
      void r.body?.cancel().catch(() => undefined);
      o.disabled = !r.ok && s.id !== c.stream;
      if (!r.ok) o.textContent = `${s.label} (origin not available)`;
    }, () => { o.textContent = `${s.label} (origin not available)`; });
  }
  el<HTMLSelectElement>('cue').replaceChildren(...CUE_STYLES.map((x) => option(x, x, x === c.cue)));
  el<HTMLSelectElement>('variant').replaceChildren(...LIVE_VARIANTS.map((x) => option(x, x, x === c.variant)));
  el<HTMLSelectElement>('mode').value = c.mode;
  el<HTMLSelectElement>('dialect').value = c.dialect;
  const names = configNames.includes(c.config) ? configNames : [...configNames, c.config];
  el<HTMLSelectElement>('config').replaceChildren(...names.map((n) => option(n, n, n === c.config)));
  el<HTMLInputElement>('pod').value = c.pod;
  el<HTMLInputElement>('skip').value = c.skip;
  el<HTMLInputElement>('companion').checked = c.companion;
  el<HTMLInputElement>('overlay').checked = c.overlay;
  const liveOnly = form.querySelector<HTMLElement>('.live-only')!;
  const sync = () => { liveOnly.hidden = stream.value !== 'hls-live'; };
  stream.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = queryOf({
      stream: stream.value, cue: el<HTMLSelectElement>('cue').value, variant: el<HTMLSelectElement>('variant').value,
      mode: el<HTMLSelectElement>('mode').value as PickerChoice['mode'], dialect: el<HTMLSelectElement>('dialect').value as PickerChoice['dialect'],
      config: el<HTMLSelectElement>('config').value, pod: el<HTMLInputElement>('pod').value, skip: el<HTMLInputElement>('skip').value,
      companion: el<HTMLInputElement>('companion').checked, overlay: el<HTMLInputElement>('overlay').checked,
    }, params);
    location.search = q.toString();
  });
}
