/**
 * The configuration editor: a textarea that takes a MediaTailor PutPlaybackConfiguration JSON as it is (the
 * request body, or `aws mediatailor get-playback-configuration` output: fields stitchbox does not use are kept,
 * README "Playback configurations"). "Validate and install" parses it and hands it to the worker
 * (`Stitchbox.putConfig`), which validates it (src/session/config.ts validateConfig) and installs it only when
 * it is valid. Every message is listed; an invalid configuration changes nothing: the installed one stays, and
 * sessions (the one playing too) keep using it.
 */
import type { Stitchbox } from '../src/client/registerStitchbox';
import type { PlaybackConfiguration } from '../src/session/config';

export interface ConfigEditorResult {
  ok: boolean;
  messages: string[];
  installed?: PlaybackConfiguration;
}

/** Parse the editor's text: a JSON object, or the reason it is not one (with the position JSON.parse gives). */
export function readConfigText(text: string): { value: unknown } | { error: string } {
  if (text.trim() === '') return { error: 'The editor is empty: paste a PutPlaybackConfiguration JSON object.' };
  let value: unknown;
  try { value = JSON.parse(text); } catch (e) { return { error: `Not JSON: ${(e as Error).message}` }; }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'Not a configuration: the JSON must be an object ({"Name": ..., "VideoContentSourceUrl": ..., "AdDecisionServerUrl": ...}).' };
  return { value };
}

export function mountConfigEditor(root: HTMLElement, stitchbox: Stitchbox, initial: PlaybackConfiguration, onResult: (r: ConfigEditorResult) => void): void {
  const textarea = root.querySelector<HTMLTextAreaElement>('textarea')!;
  const install = root.querySelector<HTMLButtonElement>('.config-install')!;
  const messages = root.querySelector<HTMLElement>('.config-messages')!;
  const play = root.querySelector<HTMLAnchorElement>('.config-play')!;
  textarea.value = JSON.stringify(initial, null, 2);

  const show = (state: 'ok' | 'error', title: string, lines: string[]) => {
    messages.dataset.state = state;
    const h = document.createElement('p');
    h.textContent = title;
    const ul = document.createElement('ul');
    ul.append(...lines.map((l) => { const li = document.createElement('li'); li.textContent = l; return li; }));
    messages.replaceChildren(h, ...(lines.length ? [ul] : []));
  };

  install.addEventListener('click', async () => {
    play.hidden = true;
    const read = readConfigText(textarea.value);
    if ('error' in read) {
      show('error', 'Not installed; the installed configuration is unchanged.', [read.error]);
      onResult({ ok: false, messages: [read.error] });
      return;
    }
    install.disabled = true;
    try {
      const installed = await stitchbox.putConfig(read.value);
      show('ok', `Installed "${installed.Name}". New sessions of this configuration use it.`, []);
      const q = new URLSearchParams(location.search);
      if (installed.Name === 'demo') q.delete('config'); else q.set('config', installed.Name);
      play.href = `?${q}`;
      play.textContent = `Play a new session with "${installed.Name}"`;
      play.hidden = false;
      onResult({ ok: true, messages: [], installed });
    } catch (e) {
      const errors = (e as { errors?: string[] }).errors ?? [(e as Error).message];
      show('error', `Not installed (${errors.length} problem${errors.length === 1 ? '' : 's'}); the installed configuration is unchanged.`, errors);
      onResult({ ok: false, messages: errors });
    } finally {
      install.disabled = false;
    }
  });
}
