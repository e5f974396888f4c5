/**
 * A `<details>` panel of the demo that loads while it is open: at once when opened, then every `everyMs`
 * (0: only on its refresh button). Closed panels fetch nothing, so a page that only plays (the browser tests)
 * sends no request the player did not.
 */
export function mountLivePanel(details: HTMLDetailsElement, load: () => Promise<void>, everyMs: number): () => Promise<void> {
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<void> | null = null;
  const status = details.querySelector<HTMLElement>('.panel-status');
  const run = (): Promise<void> => {
    running ??= load()
      .then(() => { if (status) status.textContent = `updated ${new Date().toISOString().slice(11, 19)} UTC`; })
      .catch((e) => { if (status) status.textContent = `failed: ${(e as Error).message}`; })
      .finally(() => { running = null; });
    return running;
  };
  details.querySelector('.panel-refresh')?.addEventListener('click', (e) => { e.preventDefault(); void run(); });
  details.addEventListener('toggle', () => {
    clearInterval(timer);
    if (!details.open) return;
    void run();
    if (everyMs > 0) timer = setInterval(() => void run(), everyMs);
  });
  return run;
}

/** GET a URL as text; throws with the status on a non-2xx answer. */
export async function fetchText(url: string): Promise<string> {
  const r = await fetch(url, { cache: 'no-store' });
  const text = await r.text();
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status} ${text.slice(0, 200)}`);
  return text;
}
